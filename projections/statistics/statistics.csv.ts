import { csvDocument } from '../../src/flows/files/csv-writer';
import type { StatisticsRow } from './statistics.queries';
import type { StatDimension } from './statistics.read-model';

/**
 * The statistics as an analyst downloads them: `;`-separated (what Italian Excel opens by default), Italian
 * headers, CRLF line ends. Amounts are euros with a dot and two decimals and no thousands separator ("1234.50"):
 * the form MyPay's export flows and pagoPA's XML use for amounts, which scripts and the other Quadra files read the
 * same way (an Italian "1.234,50" would be misread as 1.234 by most tools). Periods stay ISO (2024-03-05, 2024-03, 2024) so the file sorts by period as text.
 * Totals have no dimension column.
 */
const DIMENSION_HEADER: Record<Exclude<StatDimension, 'total'>, string> = {
  tipoDovuto: 'Tipo dovuto',
  ufficio: 'Ufficio',
  capitolo: 'Capitolo',
  accertamento: 'Accertamento',
};

const AMOUNT_HEADERS = ['Importo pagato', 'Numero pagati', 'Importo rendicontato', 'Numero rendicontati', 'Importo incassato', 'Numero incassati'];

export function toCsv(rows: readonly StatisticsRow[], by: StatDimension = 'total'): string {
  const header = by === 'total' ? ['Periodo', ...AMOUNT_HEADERS] : ['Periodo', DIMENSION_HEADER[by], ...AMOUNT_HEADERS];
  return csvDocument(
    header,
    rows.map((r) => {
      const amounts = [r.paid.amount, String(r.paid.count), r.reported.amount, String(r.reported.count), r.cashed.amount, String(r.cashed.count)];
      return by === 'total' ? [r.period, ...amounts] : [r.period, r.dimensionValue, ...amounts];
    }),
  );
}

import { Cents, centsToEuros, sumCents } from '../../kernel/money';
import { isKnownEsito } from './esito-pagamento';
import { ParsedFr } from './flusso-riversamento';

/**
 * Semantic problems of a flow that parsed. None of them stops the import: the flow is what the PSP declared, the
 * operator must see it as it is, and each anomaly carries the numbers needed to explain it.
 */
export type FrAnomaly =
  | { code: 'TOTAL_AMOUNT_MISMATCH'; message: string; declared: Cents; computed: Cents; difference: Cents }
  | { code: 'TOTAL_COUNT_MISMATCH'; message: string; declared: number; computed: number }
  | { code: 'DUPLICATE_ROW'; message: string; iuv: string; iur: string; indiceDatiSingoloPagamento: number; rows: number[] }
  | { code: 'UNKNOWN_ESITO'; message: string; row: number; esito: string }
  | { code: 'ZERO_AMOUNT'; message: string; row: number }
  | { code: 'WRONG_RECEIVER'; message: string; expected: string; found: string }
  | { code: 'ENVELOPE_MISMATCH'; message: string; field: string; envelope: string; flow: string };

export type FrAnomalyCode = FrAnomaly['code'];

export interface CheckFrOptions {
  /** CF of the ente loading the flow; the FR receiver must be this ente. */
  expectedCfEnte?: string;
}

export function checkFr(fr: ParsedFr, options: CheckFrOptions = {}): FrAnomaly[] {
  const anomalies: FrAnomaly[] = [];

  if (options.expectedCfEnte !== undefined && fr.istitutoRicevente.codice !== options.expectedCfEnte) {
    anomalies.push({
      code: 'WRONG_RECEIVER',
      message: `The flow is addressed to ${fr.istitutoRicevente.codice}, not to this ente (${options.expectedCfEnte})`,
      expected: options.expectedCfEnte,
      found: fr.istitutoRicevente.codice,
    });
  }

  const computedCount = fr.rows.length;
  if (computedCount !== fr.numeroTotalePagamenti) {
    anomalies.push({
      code: 'TOTAL_COUNT_MISMATCH',
      message: `numeroTotalePagamenti says ${fr.numeroTotalePagamenti} payments, the flow contains ${computedCount}`,
      declared: fr.numeroTotalePagamenti,
      computed: computedCount,
    });
  }

  const computedAmount = sumCents(fr.rows.map((r) => r.importo));
  if (computedAmount !== fr.importoTotalePagamenti) {
    anomalies.push({
      code: 'TOTAL_AMOUNT_MISMATCH',
      message: `importoTotalePagamenti says ${centsToEuros(fr.importoTotalePagamenti)}, the payments add up to ${centsToEuros(computedAmount)}`,
      declared: fr.importoTotalePagamenti,
      computed: computedAmount,
      difference: computedAmount - fr.importoTotalePagamenti,
    });
  }

  // One payment (IUV + IUR + transfer index) may appear once per flow; a repeat would be counted twice.
  const byKey = new Map<string, number[]>();
  for (const row of fr.rows) {
    const key = JSON.stringify([row.iuv, row.iur, row.indiceDatiSingoloPagamento]);
    const rows = byKey.get(key);
    if (rows) rows.push(row.index);
    else byKey.set(key, [row.index]);
  }
  for (const [key, rows] of byKey) {
    if (rows.length < 2) continue;
    const [iuv, iur, indice] = JSON.parse(key) as [string, string, number];
    anomalies.push({
      code: 'DUPLICATE_ROW',
      message: `IUV ${iuv}, IUR ${iur}, index ${indice} is reported ${rows.length} times (rows ${rows.join(', ')})`,
      iuv,
      iur,
      indiceDatiSingoloPagamento: indice,
      rows,
    });
  }

  for (const row of fr.rows) {
    if (!isKnownEsito(row.esito)) {
      anomalies.push({
        code: 'UNKNOWN_ESITO',
        message: `Row ${row.index} (IUV ${row.iuv}) has codiceEsitoSingoloPagamento ${row.esito}, which is none of 0, 3, 4, 8, 9`,
        row: row.index,
        esito: row.esito,
      });
    }
    if (row.importo === 0) {
      anomalies.push({ code: 'ZERO_AMOUNT', message: `Row ${row.index} (IUV ${row.iuv}) reports 0.00; the schema requires at least 0.01`, row: row.index });
    }
  }

  if (fr.envelope) {
    const pairs: [string, string | undefined, string][] = [
      ['identificativoFlusso', fr.envelope.identificativoFlusso, fr.identificativoFlusso],
      ['identificativoDominio', fr.envelope.identificativoDominio, fr.istitutoRicevente.codice],
    ];
    for (const [field, envelope, flow] of pairs) {
      if (envelope !== undefined && envelope !== flow) {
        anomalies.push({
          code: 'ENVELOPE_MISMATCH',
          message: `The SOAP message says ${field} ${envelope}, the flow inside it says ${flow}`,
          field,
          envelope,
          flow,
        });
      }
    }
  }
  return anomalies;
}

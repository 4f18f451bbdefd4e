import { invalid } from '../../kernel/errors';
import { eurosToCents, type Cents } from '../../kernel/money';
import { PAYER_COLUMNS } from '../../flows/domain/flow-columns';
import { parseCsv } from '../../flows/parsers/csv';

/**
 * MyPivot's "pagati notificati" import: the dovuti 1_2 columns without azione (20 columns), where importoDovuto
 * holds the amount actually paid and the date column the payment date. Read by position; a header line is skipped.
 */
export const PAGATI_COLUMNS = [
  ...PAYER_COLUMNS,
  'dataEsecuzionePagamento',
  'importoPagato',
  'commissioneCaricoPa',
  'tipoDovuto',
  'tipoVersamento',
  'causaleVersamento',
  'datiSpecificiRiscossione',
  'bilancio',
] as const;

const COL = Object.fromEntries(PAGATI_COLUMNS.map((c, i) => [c, i])) as Record<(typeof PAGATI_COLUMNS)[number], number>;

/** `<codIpa>-<id>-<versione>.zip`, as MyPivot names the upload. */
export const PAGATI_FILE_NAME = /^([A-Za-z0-9_]+)-([A-Za-z0-9_.]+)-([0-9]+(?:_[0-9]+)?)\.zip$/i;

export interface NotifiedPayment {
  row: number;
  iud: string;
  iuv?: string;
  amount: Cents;
  dataPagamento?: string;
  tipoDovuto?: string;
  payerId?: string;
  payerName?: string;
  causale?: string;
}

export interface PagatiNotificatiResult {
  payments: NotifiedPayment[];
  errors: { row: number; field?: string; code: string; message: string }[];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const IUD = /^(?!000)[^\s;]{1,35}$/;

export function parsePagatiNotificati(text: string): PagatiNotificatiResult {
  const { rows } = parseCsv(text, { delimiter: ';' });
  const out: PagatiNotificatiResult = { payments: [], errors: [] };
  for (const r of rows) {
    const f = r.fields.map((x) => x.trim());
    if (r.line === 1 && f[0]?.toUpperCase() === 'IUD') continue;
    const fail = (code: string, message: string, field?: string) => out.errors.push({ row: r.line, ...(field ? { field } : {}), code, message: `line ${r.line}: ${message}` });
    if (r.problem) {
      fail(r.problem.code, r.problem.message);
      continue;
    }
    if (f.length !== PAGATI_COLUMNS.length) {
      fail('WRONG_COLUMN_COUNT', `${f.length} columns, expected ${PAGATI_COLUMNS.length} (dovuti 1_2 without azione)`);
      continue;
    }
    const iud = f[COL.IUD];
    if (!IUD.test(iud)) {
      fail('INVALID_IUD', `IUD "${iud}" must be 1-35 characters without spaces, not starting with 000`, 'IUD');
      continue;
    }
    let amount: Cents;
    try {
      amount = eurosToCents(f[COL.importoPagato], 'importoPagato');
    } catch (e) {
      fail('INVALID_AMOUNT', (e as Error).message, 'importoPagato');
      continue;
    }
    const date = f[COL.dataEsecuzionePagamento];
    if (date !== '' && !DATE.test(date)) {
      fail('INVALID_DATE', `dataEsecuzionePagamento "${date}" must be YYYY-MM-DD`, 'dataEsecuzionePagamento');
      continue;
    }
    const opt = (v: string) => (v === '' ? undefined : v);
    out.payments.push({
      row: r.line,
      iud,
      ...(opt(f[COL.codIuv]) ? { iuv: f[COL.codIuv] } : {}),
      amount,
      ...(opt(date) ? { dataPagamento: date } : {}),
      ...(opt(f[COL.tipoDovuto]) ? { tipoDovuto: f[COL.tipoDovuto] } : {}),
      ...(opt(f[COL.codiceIdentificativoUnivoco]) ? { payerId: f[COL.codiceIdentificativoUnivoco].toUpperCase() } : {}),
      ...(opt(f[COL.anagraficaPagatore]) ? { payerName: f[COL.anagraficaPagatore] } : {}),
      ...(opt(f[COL.causaleVersamento]) ? { causale: f[COL.causaleVersamento] } : {}),
    });
  }
  return out;
}

export function checkPagatiFileName(fileName: string | undefined, codIpa: string): { id: string; versione: string; csvName: string } {
  const m = fileName ? PAGATI_FILE_NAME.exec(fileName) : null;
  if (!m) throw invalid('INVALID_FILE_NAME', 'file', `the file must be named <codIpa>-<id>-<versione>.zip, got "${fileName ?? ''}"`);
  if (m[1].toLowerCase() !== codIpa.toLowerCase()) throw invalid('INVALID_FILE_NAME', 'file', `the file name names ente ${m[1]}, not ${codIpa}`);
  return { id: m[2], versione: m[3], csvName: fileName!.replace(/\.zip$/i, '.csv') };
}

import type { Cents } from '../kernel/money';
import { centsToEuros } from '../kernel/money';
import { csvDocument } from '../flows/files/csv-writer';
import { zipTextFile } from '../flows/files/zip-file';
import { PAGATI_COLUMNS } from '../notifications/import/pagati-notificati';

export interface DemoNotifiedPayment {
  iud: string;
  iuv: string;
  amount: Cents;
  dataPagamento: string;
  tipoDovuto: string;
  causale: string;
  payer: { tipo: 'F' | 'G'; codiceIdentificativo: string; anagrafica: string; email?: string };
}

/**
 * What the demo ente's gestionale uploads as "pagati notificati": MyPivot's columns (the dovuti 1_2 columns without
 * azione, importo = importo pagato), zipped as `<codIpa>-<id>-1_2.zip`.
 */
export function pagatiNotificatiZip(codIpa: string, id: string, rows: readonly DemoNotifiedPayment[]): { name: string; bytes: Uint8Array } {
  const byColumn = (r: DemoNotifiedPayment): Record<(typeof PAGATI_COLUMNS)[number], string> => ({
    IUD: r.iud,
    codIuv: r.iuv,
    tipoIdentificativoUnivoco: r.payer.tipo,
    codiceIdentificativoUnivoco: r.payer.codiceIdentificativo,
    anagraficaPagatore: r.payer.anagrafica,
    indirizzoPagatore: '',
    civicoPagatore: '',
    capPagatore: '',
    localitaPagatore: '',
    provinciaPagatore: '',
    nazionePagatore: '',
    mailPagatore: r.payer.email ?? '',
    dataEsecuzionePagamento: r.dataPagamento,
    importoPagato: centsToEuros(r.amount),
    commissioneCaricoPa: '',
    tipoDovuto: r.tipoDovuto,
    tipoVersamento: 'ALL',
    causaleVersamento: r.causale,
    datiSpecificiRiscossione: '9/0101100IM/',
    bilancio: '',
  });
  const base = `${codIpa}-${id}-1_2`;
  const csv = csvDocument(PAGATI_COLUMNS, rows.map((r) => { const c = byColumn(r); return PAGATI_COLUMNS.map((k) => c[k]); }));
  return { name: `${base}.zip`, bytes: zipTextFile(`${base}.csv`, csv) };
}

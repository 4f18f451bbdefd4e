import { centsToEuros } from '../../kernel/money';
import type { ReceiptReceived } from '../../positions/domain/position.events';
import type { Bilancio, Payer } from '../../positions/domain/position.types';
import type { ReportRef } from '../../positions/domain/position.state';

/** MyPay's export of paid dovuti, one row per paid dovuto, in this order. */
export const EXPORT_COLUMNS = [
  'IUF',
  'numRigaFlusso',
  'IUD',
  'IUV',
  'codiceIdentificativoUnivocoPagatore',
  'anagraficaPagatore',
  'codiceIdentificativoUnivocoVersante',
  'anagraficaVersante',
  'identificativoUnivocoAttestante',
  'denominazioneAttestante',
  'esitoSingoloPagamento',
  'singoloImportoPagato',
  'dataEsitoSingoloPagamento',
  'identificativoUnivocoRiscossione',
  'causaleVersamento',
  'datiSpecificiRiscossione',
  'tipoDovuto',
  'bilancio',
] as const;

/** What a row is built from: the dovuto (from the positions read model) and the receipt that paid it (from its stream). */
export interface PaidDovuto {
  readonly iud: string;
  readonly iuv: string;
  readonly payer: Payer;
  readonly causale: string;
  readonly datiSpecificiRiscossione: string;
  readonly tipoDovuto: string;
  readonly bilancio?: Bilancio;
  readonly reports: readonly ReportRef[];
  readonly receipt: Pick<ReceiptReceived['data'], 'receiptId' | 'amount' | 'idPSP' | 'pspName' | 'attestante' | 'debtor' | 'payer' | 'paymentDateTime' | 'at'>;
}

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The bilancio column as MyPay writes (and the flow import reads) it: capitoli grouped with their accertamenti. */
export function bilancioXml(b: Bilancio | undefined): string {
  if (!b || b.capitoli.length === 0) return '';
  const groups = new Map<string, { codCapitolo: string; codUfficio?: string; lines: string[] }>();
  for (const c of b.capitoli) {
    const key = `${c.codCapitolo}\u0000${c.codUfficio ?? ''}`;
    const g = groups.get(key) ?? { codCapitolo: c.codCapitolo, ...(c.codUfficio !== undefined && { codUfficio: c.codUfficio }), lines: [] };
    g.lines.push(`<accertamento>${c.codAccertamento !== undefined ? `<codAccertamento>${escapeXml(c.codAccertamento)}</codAccertamento>` : ''}<importo>${centsToEuros(c.importo)}</importo></accertamento>`);
    groups.set(key, g);
  }
  const capitoli = [...groups.values()].map(
    (g) => `<capitolo><codCapitolo>${escapeXml(g.codCapitolo)}</codCapitolo>${g.codUfficio !== undefined ? `<codUfficio>${escapeXml(g.codUfficio)}</codUfficio>` : ''}${g.lines.join('')}</capitolo>`,
  );
  return `<bilancio>${capitoli.join('')}</bilancio>`;
}

const ROME_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Italian calendar day of an instant: a payment at 23:30 UTC on 31 December is a 1 January payment in Rome. */
export const romeDate = (instant: string): string => ROME_DATE.format(new Date(instant));

export function exportRow(d: PaidDovuto): string[] {
  const r = d.receipt;
  // The FR row that reported the payment; a revoked one (esito 3) does not count.
  const report = d.reports.find((x) => x.esito !== '3');
  const debtor = r.debtor;
  return [
    report?.iuf ?? '',
    report ? String(report.rowIndex) : '',
    d.iud,
    d.iuv,
    debtor?.codiceIdentificativo ?? d.payer.codiceIdentificativo,
    debtor?.anagrafica ?? d.payer.anagrafica,
    r.payer?.codiceIdentificativo ?? '',
    r.payer?.anagrafica ?? '',
    r.attestante ?? r.idPSP,
    r.pspName ?? '',
    'ESEGUITO',
    centsToEuros(r.amount),
    romeDate(r.paymentDateTime ?? r.at),
    r.receiptId,
    d.causale,
    d.datiSpecificiRiscossione,
    d.tipoDovuto,
    bilancioXml(d.bilancio),
  ];
}

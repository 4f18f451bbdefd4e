import { DomainError, invalid } from '../../kernel/errors';
import type { Cents } from '../../kernel/money';
import type { ParsedReceipt, ReceiptSubject } from '../receipt';
import { addressLines, identificativoLabel, requireText, validateSoggetto, type EnteDocumento, type SoggettoDocumento } from './document-parties';
import { formatDataOra, formatEuro, groupByFour, parseZonedDateTime } from './italian-format';
import { A4, renderPdf, type PdfDoc } from './pdf-document';
import { COLOR, heading, logo, MARGIN, rule, write } from './pdf-layout';

/**
 * The receipt a citizen downloads after paying: "Ricevuta di pagamento", built from the pagoPA receipt
 * (paSendRT / RT): who was paid, who owed, who paid, what, how much (with the PSP's fee), when, through which
 * PSP, and the identifiers (IUV, IUR, codice avviso) an operator asks for when a payment is disputed.
 */
export interface RicevutaPdfInput {
  ente: EnteDocumento;
  /** The debtor (soggetto pagatore / debtor of the receipt). */
  payer: SoggettoDocumento;
  /** Who actually paid, when not the debtor (versante / payer of the receipt). */
  versante?: SoggettoDocumento;
  causale: string;
  importoCents: Cents;
  /** The PSP's fee on top of the amount, when the receipt carries it. */
  fee?: Cents;
  /** IUR: the receiptId of paSendRT, identificativoUnivocoRiscossione of the RT. */
  receiptId: string;
  iuv: string;
  numeroAvviso?: string;
  psp: { id: string; name?: string };
  /** ISO-8601 with zone; printed in Italian time. */
  paymentDateTime: string;
  outcome: 'OK' | 'KO';
  /** ISO-8601 with zone; the PDF's CreationDate. Defaults to paymentDateTime so the same receipt gives the same bytes. */
  generatedAt?: string;
}

function validateCents(value: unknown, field: string): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalid('INVALID_AMOUNT', field, `${field} ${String(value)} must be a whole, non-negative number of euro cents`);
  }
}

function validate(r: RicevutaPdfInput): void {
  if (!r || typeof r !== 'object') throw new DomainError('FIELD_REQUIRED', 'the receipt data is required');
  if (!r.ente || typeof r.ente !== 'object') throw new DomainError('FIELD_REQUIRED', 'ente is required', 'invalid', 'ente');
  requireText(r.ente.denominazione, 'ente.denominazione', "the ente's name");
  requireText(r.ente.cfEnte, 'ente.cfEnte', "the ente's codice fiscale");
  validateSoggetto(r.payer, 'payer');
  if (r.versante !== undefined) validateSoggetto(r.versante, 'versante');
  requireText(r.causale, 'causale', 'the object of the payment');
  validateCents(r.importoCents, 'importoCents');
  if (r.fee !== undefined) validateCents(r.fee, 'fee');
  requireText(r.receiptId, 'receiptId', 'the IUR of the receipt');
  requireText(r.iuv, 'iuv', 'the IUV of the payment');
  if (!r.psp || typeof r.psp !== 'object') throw invalid('FIELD_REQUIRED', 'psp', 'psp is required: the PSP that collected the payment');
  requireText(r.psp.id, 'psp.id', 'the idPSP of the PSP that collected the payment');
  if (r.outcome !== 'OK' && r.outcome !== 'KO') throw invalid('INVALID_OUTCOME', 'outcome', `outcome "${String(r.outcome)}" must be OK or KO`);
  parseZonedDateTime(r.paymentDateTime, 'paymentDateTime');
  if (r.generatedAt !== undefined) parseZonedDateTime(r.generatedAt, 'generatedAt');
}

export async function renderRicevutaPdf(input: RicevutaPdfInput): Promise<Buffer> {
  validate(input);
  return renderPdf(
    {
      title: `Ricevuta di pagamento IUV ${input.iuv}`,
      subject: input.causale,
      author: input.ente.denominazione,
      creationDate: parseZonedDateTime(input.generatedAt ?? input.paymentDateTime, input.generatedAt ? 'generatedAt' : 'paymentDateTime'),
    },
    (doc) => drawRicevuta(doc, input),
  );
}

const subject = (s: ReceiptSubject): SoggettoDocumento => ({
  anagrafica: s.fullName,
  codiceIdentificativo: s.uniqueIdentifierValue,
  ...(s.uniqueIdentifierType === 'F' || s.uniqueIdentifierType === 'G' ? { tipoIdentificativo: s.uniqueIdentifierType } : {}),
  ...(s.streetName ? { indirizzo: s.streetName } : {}),
  ...(s.civicNumber ? { civico: s.civicNumber } : {}),
  ...(s.postalCode ? { cap: s.postalCode } : {}),
  ...(s.city ? { localita: s.city } : {}),
  ...(s.stateProvinceRegion ? { provincia: s.stateProvinceRegion } : {}),
  ...(s.country ? { nazione: s.country } : {}),
  ...(s.email ? { email: s.email } : {}),
});

/** The receipt document of a received paSendRT / RT; `ente` overrides what the receipt says (e.g. to add a logo). */
export function ricevutaInputFromReceipt(receipt: ParsedReceipt, ente?: Partial<EnteDocumento>, generatedAt?: string): RicevutaPdfInput {
  if (!receipt.paymentDateTimeIso) {
    throw invalid('RECEIPT_WITHOUT_PAYMENT_TIME', 'paymentDateTime', `receipt ${receipt.receiptId} carries no payment date-time: a ricevuta cannot be issued without it`);
  }
  return {
    ente: { denominazione: receipt.companyName, cfEnte: receipt.fiscalCode, ...ente },
    payer: subject(receipt.debtor),
    ...(receipt.payer ? { versante: subject(receipt.payer) } : {}),
    causale: receipt.description,
    importoCents: receipt.paymentAmount,
    ...(receipt.fee !== undefined ? { fee: receipt.fee } : {}),
    receiptId: receipt.receiptId,
    iuv: receipt.creditorReferenceId,
    ...(receipt.noticeNumber ? { numeroAvviso: receipt.noticeNumber } : {}),
    psp: { id: receipt.idPSP, ...(receipt.pspCompanyName ? { name: receipt.pspCompanyName } : {}) },
    paymentDateTime: receipt.paymentDateTimeIso,
    outcome: receipt.outcome,
    ...(generatedAt ? { generatedAt } : {}),
  };
}

const WIDTH = A4.width - 2 * MARGIN;
const COL = (WIDTH - 20) / 2;
const LABEL_W = 190;

function drawSoggetto(doc: PdfDoc, title: string, s: SoggettoDocumento, x: number, y: number): number {
  y = heading(doc, title, x, y, COL) + 3;
  y = write(doc, s.anagrafica, x, y, { font: 'Helvetica-Bold', size: 11 }, { width: COL, height: 11 * 1.25 * 2, ellipsis: true }) + 2;
  y = write(doc, `${identificativoLabel(s)} ${s.codiceIdentificativo}`, x, y, { size: 9 }, { width: COL });
  for (const line of addressLines(s)) y = write(doc, line, x, y, { size: 9 }, { width: COL, lineBreak: false, height: 12, ellipsis: true });
  if (s.email) y = write(doc, s.email, x, y, { size: 9 }, { width: COL, lineBreak: false, height: 12, ellipsis: true });
  return y;
}

/** Receipts usually repeat the debtor as payer; the versante is worth a column only when someone else paid. */
const showVersante = (r: RicevutaPdfInput): boolean =>
  r.versante !== undefined &&
  !(
    r.versante.codiceIdentificativo.trim().toUpperCase() === r.payer.codiceIdentificativo.trim().toUpperCase() &&
    r.versante.anagrafica.trim().toUpperCase() === r.payer.anagrafica.trim().toUpperCase()
  );

function drawRicevuta(doc: PdfDoc, r: RicevutaPdfInput): void {
  const x = MARGIN;
  const ok = r.outcome === 'OK';

  let y = MARGIN;
  if (r.ente.logoPng) logo(doc, r.ente.logoPng, x + WIDTH - 110, y, 110, 55);
  y = write(doc, 'RICEVUTA DI PAGAMENTO', x, y, { font: 'Helvetica-Bold', size: 20 }, { width: 360 }) + 6;
  const badge = ok ? 'PAGAMENTO ESEGUITO' : 'PAGAMENTO NON ESEGUITO';
  doc.font('Helvetica-Bold').fontSize(9);
  const badgeWidth = doc.widthOfString(badge) + 16;
  doc.roundedRect(x, y, badgeWidth, 18, 3).fillColor(ok ? COLOR.ok : COLOR.ko).fill();
  write(doc, badge, x + 8, y + 5, { font: 'Helvetica-Bold', size: 9, color: '#FFFFFF' }, { lineBreak: false });
  y = Math.max(y + 18, MARGIN + 60) + 16;

  // Ente creditore, then debitore and (if different) versante side by side
  y = heading(doc, 'Ente creditore', x, y, WIDTH) + 3;
  y = write(doc, r.ente.denominazione, x, y, { font: 'Helvetica-Bold', size: 11 }, { width: WIDTH }) + 2;
  y = write(doc, `Codice fiscale ${r.ente.cfEnte}${r.ente.codIpa ? ` · Codice IPA ${r.ente.codIpa}` : ''}`, x, y, { size: 9 }, { width: WIDTH }) + 12;
  const left = drawSoggetto(doc, 'Debitore', r.payer, x, y);
  const right = showVersante(r) ? drawSoggetto(doc, 'Versante (ha eseguito il pagamento)', r.versante!, x + COL + 20, y) : y;
  y = Math.max(left, right) + 12;
  rule(doc, x, y, WIDTH);
  y += 12;

  // Dettaglio del pagamento
  y = heading(doc, 'Dettaglio del pagamento', x, y, WIDTH) + 6;
  const rows: [string, string][] = [
    ['Oggetto del pagamento', r.causale],
    ['Importo', formatEuro(r.importoCents)],
  ];
  if (r.fee !== undefined) {
    rows.push(['Commissione applicata dal PSP', formatEuro(r.fee)]);
    rows.push(['Totale', formatEuro(r.importoCents + r.fee)]);
  }
  rows.push(
    ['Data e ora del pagamento', formatDataOra(r.paymentDateTime)],
    ['Esito', ok ? 'Eseguito' : 'Non eseguito'],
  );
  if (r.numeroAvviso) rows.push(['Codice avviso', /^\d{18}$/.test(r.numeroAvviso) ? groupByFour(r.numeroAvviso) : r.numeroAvviso]);
  rows.push(
    ['Codice IUV', r.iuv],
    ['Identificativo univoco di riscossione (IUR)', r.receiptId],
    ['Prestatore di servizi di pagamento (PSP)', r.psp.name ? `${r.psp.name} (${r.psp.id})` : r.psp.id],
  );
  for (const [label, value] of rows) {
    const top = y;
    write(doc, label, x, top, { size: 9, color: COLOR.muted }, { width: LABEL_W });
    const labelBottom = doc.y;
    const valueBottom = write(doc, value, x + LABEL_W + 10, top, { font: 'Helvetica-Bold', size: 10 }, { width: WIDTH - LABEL_W - 10 });
    y = Math.max(labelBottom, valueBottom) + 4;
    rule(doc, x, y, WIDTH);
    y += 5;
  }

  write(
    doc,
    `Documento generato dalla ricevuta telematica che ${r.psp.name ?? r.psp.id} ha inviato tramite la piattaforma pagoPA ` +
      `a ${r.ente.denominazione}. Conservala come prova del pagamento.`,
    x,
    A4.height - MARGIN - 24,
    { size: 7.5, color: COLOR.muted },
    { width: WIDTH, height: 24, ellipsis: true },
  );
}

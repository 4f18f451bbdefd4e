import { DomainError } from '../../kernel/errors';
import type { Cents } from '../../kernel/money';
import { avvisoQrPayload } from './avviso-qr';
import { addressLines, identificativoLabel, requireText, validateSoggetto, type EnteDocumento, type SoggettoDocumento } from './document-parties';
import { formatData, formatDataDiOra, formatEuro, groupByFour, parseZonedDateTime } from './italian-format';
import { A4, renderPdf, type PdfDoc } from './pdf-document';
import { COLOR, field, heading, logo, MARGIN, MM, rule, write } from './pdf-layout';
import { qrPng } from './qr-png';

/**
 * The payment notice (avviso di pagamento) a citizen receives: one A4 page modelled on pagoPA's "Avviso di
 * pagamento" 3.x (Allegato 2 › Specifiche tecniche): header with the object of the payment, ente and destinatario,
 * "Quanto e quando pagare?", "Dove pagare?", and the "Dati per il pagamento" box for a single instalment (rata
 * unica) with the QR code, the Codice Avviso in groups of four and the CF of the ente.
 * Not covered: instalment plans (rate multiple) and the Poste Italiane bollettino/data matrix.
 */
export interface AvvisoPdfInput {
  ente: EnteDocumento;
  /** The destinatario: the debtor of the position. */
  payer: SoggettoDocumento;
  /** Oggetto del pagamento (pagoPA's remittance information / MyPay causale). */
  causale: string;
  importoCents: Cents;
  /** YYYY-MM-DD; without it the notice says the payment has no deadline. */
  dataScadenza?: string;
  /** 18 digits, aux digit 3. */
  numeroAvviso: string;
  /** 17 digits; must be the numero avviso without its aux digit. */
  iuv: string;
  /** The ente's 5-character CBILL (SIA) code, for home banking. */
  codiceCbill?: string;
  /** Label of the tipo dovuto, printed above the title (e.g. "TARI 2026"). */
  tipoDovuto?: string;
  /** ISO-8601 with zone; becomes the PDF's CreationDate and the issue date in the footer. */
  generatedAt: string;
}

export interface RenderedAvviso {
  pdf: Buffer;
  /** The exact string encoded in the QR code. */
  qrPayload: string;
}

const CBILL = /^[A-Z0-9]{5}$/;
/** pagoPA's remittance information is at most 140 characters; longer causali would be cut by the Node anyway. */
const MAX_CAUSALE = 140;

function validate(input: AvvisoPdfInput): string {
  if (!input || typeof input !== 'object') throw new DomainError('FIELD_REQUIRED', 'the notice data is required');
  if (!input.ente || typeof input.ente !== 'object') throw new DomainError('FIELD_REQUIRED', 'ente is required', 'invalid', 'ente');
  requireText(input.ente.denominazione, 'ente.denominazione', "the ente's name");
  validateSoggetto(input.payer, 'payer');
  requireText(input.causale, 'causale', 'the object of the payment');
  if (input.causale.length > MAX_CAUSALE) {
    throw new DomainError('CAUSALE_TOO_LONG', `causale has ${input.causale.length} characters; pagoPA carries at most ${MAX_CAUSALE}`, 'invalid', 'causale');
  }
  const qrPayload = avvisoQrPayload({ numeroAvviso: input.numeroAvviso, cfEnte: input.ente.cfEnte, importoCents: input.importoCents });
  if (input.iuv !== input.numeroAvviso.slice(1)) {
    throw new DomainError(
      'IUV_NUMERO_AVVISO_MISMATCH',
      `iuv "${String(input.iuv)}" is not the numero avviso ${input.numeroAvviso} without its aux digit (${input.numeroAvviso.slice(1)})`,
      'invalid',
      'iuv',
    );
  }
  if (input.dataScadenza !== undefined) formatData(input.dataScadenza, 'dataScadenza');
  if (input.codiceCbill !== undefined && !CBILL.test(input.codiceCbill)) {
    throw new DomainError('INVALID_CBILL', `codiceCbill "${input.codiceCbill}" must be 5 capital letters or digits, e.g. A1B2C`, 'invalid', 'codiceCbill');
  }
  parseZonedDateTime(input.generatedAt, 'generatedAt');
  return qrPayload;
}

/** Renders the notice; refuses (DomainError) anything that would print a notice nobody can pay. */
export async function renderAvviso(input: AvvisoPdfInput): Promise<RenderedAvviso> {
  const qrPayload = validate(input);
  const qr = qrPng(qrPayload);
  const pdf = await renderPdf(
    {
      title: `Avviso di pagamento ${groupByFour(input.numeroAvviso)}`,
      subject: input.causale,
      author: input.ente.denominazione,
      creationDate: parseZonedDateTime(input.generatedAt, 'generatedAt'),
    },
    (doc) => drawAvviso(doc, input, qr.png, qr.modules, qr.imageModules),
  );
  return { pdf, qrPayload };
}

/** The brief's signature: just the bytes. Use renderAvviso to also get the QR payload. */
export async function renderAvvisoPdf(input: AvvisoPdfInput): Promise<Buffer> {
  return (await renderAvviso(input)).pdf;
}

const WIDTH = A4.width - 2 * MARGIN;
const COL = (WIDTH - 20) / 2;
/** pagoPA: the QR symbol is 25 × 25 mm; the quiet zone is added around it. */
const QR_SYMBOL_SIZE = 25 * MM;

function drawAvviso(doc: PdfDoc, a: AvvisoPdfInput, qrImage: Buffer, qrModules: number, qrImageModules: number): void {
  const x = MARGIN;
  const importo = formatEuro(a.importoCents);
  const scadenza = a.dataScadenza ? `entro il ${formatData(a.dataScadenza)}` : 'senza scadenza';
  const codiceAvviso = groupByFour(a.numeroAvviso);

  // 1. Intestazione
  let y = MARGIN;
  if (a.ente.logoPng) logo(doc, a.ente.logoPng, x + WIDTH - 110, y, 110, 55);
  if (a.tipoDovuto) y = write(doc, a.tipoDovuto.toUpperCase(), x, y, { font: 'Helvetica-Bold', size: 8.5, color: COLOR.accent }, { width: 360 }) + 2;
  y = write(doc, 'AVVISO DI PAGAMENTO', x, y, { font: 'Helvetica-Bold', size: 20 }, { width: 360 }) + 4;
  y = write(doc, a.causale, x, y, { font: 'Helvetica-Bold', size: 12 }, { width: 360, height: 12 * 1.25 * 3, ellipsis: true });
  y = Math.max(y, MARGIN + 60) + 14;

  // 2. Ente creditore e destinatario
  const partiesTop = y;
  let left = heading(doc, 'Ente creditore', x, y, COL) + 3;
  left = write(doc, a.ente.denominazione, x, left, { font: 'Helvetica-Bold', size: 11 }, { width: COL, height: 11 * 1.25 * 2, ellipsis: true }) + 2;
  left = write(doc, `Codice fiscale ${a.ente.cfEnte}`, x, left, { size: 9 }, { width: COL });
  if (a.ente.codIpa) left = write(doc, `Codice IPA ${a.ente.codIpa}`, x, left, { size: 9 }, { width: COL });

  const rx = x + COL + 20;
  let right = heading(doc, 'Destinatario avviso', rx, partiesTop, COL) + 3;
  right = write(doc, a.payer.anagrafica, rx, right, { font: 'Helvetica-Bold', size: 11 }, { width: COL, height: 11 * 1.25 * 2, ellipsis: true }) + 2;
  right = write(doc, `${identificativoLabel(a.payer)} ${a.payer.codiceIdentificativo}`, rx, right, { size: 9 }, { width: COL });
  for (const line of addressLines(a.payer)) right = write(doc, line, rx, right, { size: 9 }, { width: COL, lineBreak: false, height: 12, ellipsis: true });
  y = Math.max(left, right) + 14;
  rule(doc, x, y, WIDTH);
  y += 14;

  // 3. Quanto e quando pagare? / Dove pagare?
  const amountTop = y;
  left = heading(doc, 'Quanto e quando pagare?', x, y, COL) + 4;
  left = write(doc, importo, x, left, { font: 'Helvetica-Bold', size: 22 }, { width: COL, lineBreak: false }) + 1;
  left = write(doc, scadenza, x, left, { font: 'Helvetica-Bold', size: 12 }, { width: COL }) + 6;
  left = write(
    doc,
    "L'importo può essere aggiornato al momento del pagamento, per esempio per sgravi, interessi o sanzioni: " +
      'il canale che userai ti mostrerà la cifra dovuta in quel momento.',
    x,
    left,
    { size: 8.5, color: COLOR.muted },
    { width: COL },
  );

  right = heading(doc, 'Dove pagare?', rx, amountTop, COL) + 4;
  right = write(doc, 'Online e con le app', rx, right, { font: 'Helvetica-Bold', size: 9 }, { width: COL });
  right = write(
    doc,
    "Sul sito o con l'app dell'ente creditore, della tua banca, di Poste Italiane, con l'app IO o con gli altri " +
      'canali aderenti a pagoPA: con carta, conto corrente o CBILL.',
    rx,
    right,
    { size: 8.5 },
    { width: COL },
  ) + 4;
  right = write(doc, 'Sul territorio', rx, right, { font: 'Helvetica-Bold', size: 9 }, { width: COL });
  right = write(
    doc,
    'In banca e agli sportelli ATM, negli uffici postali, in tabaccheria, nelle ricevitorie e nei supermercati ' +
      'aderenti: in contanti, con carta o conto corrente.',
    rx,
    right,
    { size: 8.5 },
    { width: COL },
  ) + 4;
  right = write(doc, "L'elenco dei canali di pagamento è su www.pagopa.gov.it", rx, right, { size: 8.5, color: COLOR.muted }, { width: COL });
  y = Math.max(left, right) + 18;

  // 4. Dati per il pagamento
  doc.rect(x, y, WIDTH, 22).fillColor(COLOR.band).fill();
  write(doc, 'DATI PER IL PAGAMENTO', x + 8, y + 7, { font: 'Helvetica-Bold', size: 10, color: COLOR.accent }, { width: WIDTH - 16 });
  y += 28;
  y = write(
    doc,
    "Inquadra il codice QR con l'app della tua banca, di un altro prestatore di servizi di pagamento o con l'app IO, " +
      "oppure indica il codice avviso e il codice fiscale dell'ente creditore.",
    x,
    y,
    { size: 8.5, color: COLOR.muted },
    { width: WIDTH },
  ) + 8;

  const boxTop = y;
  const pad = 10;
  const qrImageSize = (QR_SYMBOL_SIZE * qrImageModules) / qrModules;
  const qrQuiet = (qrImageSize - QR_SYMBOL_SIZE) / 2;

  write(doc, 'RATA UNICA', x + pad, boxTop + pad, { font: 'Helvetica-Bold', size: 11 }, { width: 150 });
  write(doc, scadenza, x + pad + 90, boxTop + pad + 1, { size: 10 }, { width: 200 });
  write(doc, importo, x + WIDTH - pad - 200, boxTop + pad - 2, { font: 'Helvetica-Bold', size: 14 }, { width: 200, align: 'right' });

  const rowTop = boxTop + pad + 24;
  // The quiet zone may overlap the box padding: it is white on white.
  doc.image(qrImage, x + pad - qrQuiet, rowTop - qrQuiet, { width: qrImageSize, height: qrImageSize });

  const cx = x + pad + QR_SYMBOL_SIZE + 16;
  const cw = 190;
  let c = field(doc, 'Destinatario', a.payer.anagrafica, cx, rowTop, cw);
  c = field(doc, 'Ente Creditore', a.ente.denominazione, cx, c, cw);
  c = field(doc, 'Oggetto del pagamento', a.causale, cx, c, cw, { font: 'Helvetica-Bold', size: 9 }, 3);

  const dx = cx + cw + 16;
  const dw = x + WIDTH - pad - dx;
  let d = rowTop;
  if (a.codiceCbill) d = field(doc, 'Codice CBILL', a.codiceCbill, dx, d, dw);
  d = field(doc, 'Codice Avviso', codiceAvviso, dx, d, dw, { font: 'Helvetica-Bold', size: 11 }, 1);
  d = field(doc, 'Cod. Fiscale Ente Creditore', a.ente.cfEnte, dx, d, dw, { font: 'Helvetica-Bold', size: 11 }, 1);
  d = field(doc, 'IUV', a.iuv, dx, d, dw, { size: 9 }, 1);

  const boxBottom = Math.max(c, d, rowTop + QR_SYMBOL_SIZE) + pad;
  doc.roundedRect(x, boxTop, WIDTH, boxBottom - boxTop, 4).lineWidth(0.8).strokeColor(COLOR.rule).stroke();

  // 5. Piede
  write(
    doc,
    `Avviso emesso il ${formatDataDiOra(a.generatedAt)} per conto di ${a.ente.denominazione}. ` +
      'Paga solo con i canali aderenti a pagoPA: la ricevuta ti arriverà dal canale che hai usato.',
    x,
    A4.height - MARGIN - 24,
    { size: 7.5, color: COLOR.muted },
    { width: WIDTH, height: 24, ellipsis: true },
  );
}

import { invalid } from '../../kernel/errors';
import type { PdfDoc } from './pdf-document';
import { toWinAnsi } from './win-ansi';

/** Drawing vocabulary shared by the notice and the receipt: one look, and every string made printable. */
export const MM = 72 / 25.4;
export const MARGIN = 15 * MM;

export const COLOR = {
  text: '#17324D',
  accent: '#0066CC',
  muted: '#5C6F82',
  rule: '#C5D0DB',
  band: '#EBF2FA',
  ok: '#00794F',
  ko: '#C02927',
} as const;

export type FontName = 'Helvetica' | 'Helvetica-Bold';

export interface Style {
  font?: FontName;
  size: number;
  color?: string;
}

/** Writes text at (x, y) and returns the y below it. */
export function write(doc: PdfDoc, value: string, x: number, y: number, style: Style, options: PDFKit.Mixins.TextOptions = {}): number {
  doc
    .font(style.font ?? 'Helvetica')
    .fontSize(style.size)
    .fillColor(style.color ?? COLOR.text)
    .text(toWinAnsi(value), x, y, { lineGap: 1, ...options });
  return doc.y;
}

/** A small caps-style heading in the accent colour. */
export const heading = (doc: PdfDoc, value: string, x: number, y: number, width: number): number =>
  write(doc, value.toUpperCase(), x, y, { font: 'Helvetica-Bold', size: 8.5, color: COLOR.accent }, { width, characterSpacing: 0.3 });

/** "Label" in grey over its value; returns the y below the value. */
export function field(doc: PdfDoc, label: string, value: string, x: number, y: number, width: number, valueStyle: Style = { font: 'Helvetica-Bold', size: 10 }, maxLines = 2): number {
  const below = write(doc, label, x, y, { size: 7.5, color: COLOR.muted }, { width });
  const lineHeight = valueStyle.size * 1.25;
  return write(doc, value, x, below + 1, valueStyle, { width, height: lineHeight * maxLines, ellipsis: true }) + 5;
}

export function rule(doc: PdfDoc, x: number, y: number, width: number): void {
  doc.moveTo(x, y).lineTo(x + width, y).lineWidth(0.6).strokeColor(COLOR.rule).stroke();
}

/** The ente logo, fitted into a box and aligned right; a file that is neither PNG nor JPEG is refused. */
export function logo(doc: PdfDoc, image: Buffer, x: number, y: number, width: number, height: number): void {
  const isPng = image.length > 8 && image.readUInt32BE(0) === 0x89504e47;
  const isJpeg = image.length > 3 && image[0] === 0xff && image[1] === 0xd8;
  if (!isPng && !isJpeg) throw invalid('INVALID_LOGO', 'ente.logoPng', 'ente.logoPng must be a PNG or JPEG image');
  try {
    doc.image(image, x, y, { fit: [width, height], align: 'right' });
  } catch (e) {
    throw invalid('INVALID_LOGO', 'ente.logoPng', `ente.logoPng cannot be read as an image: ${(e as Error).message}`);
  }
}

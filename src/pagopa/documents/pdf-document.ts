import PDFDocument from 'pdfkit';

/**
 * One A4 document rendered into a Buffer. Determinism is the point: pdfkit would stamp `new Date()` as
 * CreationDate and derive the trailer /ID from it; both come from the input here, so the same notice always yields
 * the same bytes (re-issuing a notice does not produce a "different" file, and archives deduplicate).
 * Nothing is kept between calls: each document owns its fonts and images, so batches do not accumulate memory.
 */
export interface PdfMetadata {
  title: string;
  subject?: string;
  author?: string;
  creationDate: Date;
}

export type PdfDoc = PDFKit.PDFDocument;

export const A4 = { width: 595.28, height: 841.89 } as const;

export function renderPdf(meta: PdfMetadata, draw: (doc: PdfDoc) => void): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 0,
      lang: 'it-IT',
      displayTitle: true,
      info: {
        Title: meta.title,
        ...(meta.subject ? { Subject: meta.subject } : {}),
        ...(meta.author ? { Author: meta.author } : {}),
        Creator: 'Quadra',
        Producer: 'Quadra (pdfkit)',
        CreationDate: meta.creationDate,
      },
    });
    const parts: Buffer[] = [];
    doc.on('data', (b: Buffer) => parts.push(b));
    doc.on('end', () => resolve(Buffer.concat(parts)));
    doc.on('error', reject);
    try {
      draw(doc);
      doc.end();
    } catch (e) {
      reject(e);
    }
  });
}

import PDFDocument from 'pdfkit';
import { PNG } from 'pngjs';
import { extractImages, extractText, undoPngPredictor } from './pdf-inspect';

/** The helper that proves the notice's QR must itself be right: check it against images pdfkit embeds. */
const pdfOf = (draw: (doc: PDFKit.PDFDocument) => void, compress = true): Promise<Buffer> =>
  new Promise((resolve) => {
    const doc = new PDFDocument({ size: 'A4', compress });
    const parts: Buffer[] = [];
    doc.on('data', (b: Buffer) => parts.push(b));
    doc.on('end', () => resolve(Buffer.concat(parts)));
    draw(doc);
    doc.end();
  });

/** A 37×23 image with gradients and noise-like values, so every PNG filter type has work to do. */
function pattern(width: number, height: number, alpha: boolean): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      data[i] = (x * 7 + y * 3) & 0xff;
      data[i + 1] = (x * y * 13) & 0xff;
      data[i + 2] = (255 - x * 5) & 0xff;
      data[i + 3] = alpha ? (x * 11 + y * 17) & 0xff : 255;
    }
  return data;
}

const encode = (width: number, height: number, data: Buffer, colorType: 0 | 2 | 6, filterType: number): Buffer => {
  const png = new PNG({ width, height, colorType, inputColorType: 6, inputHasAlpha: true, filterType } as ConstructorParameters<typeof PNG>[0]);
  data.copy(png.data);
  return PNG.sync.write(png, { colorType, filterType } as Parameters<typeof PNG.sync.write>[1]);
};

describe('pdf-inspect (test helper)', () => {
  it.each([
    ['RGB, filter None', 2, 0],
    ['RGB, filter Sub', 2, 1],
    ['RGB, filter Up', 2, 2],
    ['RGB, filter Average', 2, 3],
    ['RGB, filter Paeth', 2, 4],
    ['RGB, adaptive filters', 2, -1],
    ['gray, adaptive filters', 0, -1],
  ] as const)('reads back the exact pixels of a %s PNG embedded by pdfkit', async (_name, colorType, filterType) => {
    const width = 37;
    const height = 23;
    const source = pattern(width, height, false);
    const png = encode(width, height, source, colorType, filterType);
    const expected = PNG.sync.read(png); // what the PNG holds, decoded independently

    const [img, ...rest] = extractImages(await pdfOf((doc) => doc.image(png, 10, 10)));

    expect(rest).toHaveLength(0);
    expect(img!.predictor).toBe(15);
    expect(img!.colorSpace).toBe(colorType === 0 ? 'DeviceGray' : 'DeviceRGB');
    expect([img!.width, img!.height]).toEqual([width, height]);
    expect(Buffer.from(img!.rgba).equals(expected.data)).toBe(true);
  });

  it('composites an RGBA PNG (pdfkit splits it into image + SMask) over white', async () => {
    const width = 19;
    const height = 11;
    const source = pattern(width, height, true);
    const png = encode(width, height, source, 6, -1);

    const [img] = extractImages(await pdfOf((doc) => doc.image(png, 10, 10)));

    expect(img!.hasSMask).toBe(true);
    for (const p of [0, 5, 77, width * height - 1]) {
      const a = source[p * 4 + 3]! / 255;
      for (let k = 0; k < 3; k++) expect(Math.abs(img!.rgba[p * 4 + k]! - (source[p * 4 + k]! * a + 255 * (1 - a)))).toBeLessThanOrEqual(1);
    }
  });

  it('rejects a row with an unknown PNG filter type instead of returning garbage', () => {
    expect(() => undoPngPredictor(Buffer.from([5, 1, 2, 3]), 3, 1, 8)).toThrow(/filter type 5/);
  });

  it.each([true, false])('extracts text shown with standard fonts (compressed: %s), kerning and WinAnsi included', async (compress) => {
    const pdf = await pdfOf((doc) => {
      doc.font('Helvetica-Bold').fontSize(14).text('AVVISO 147,92 € – Società', 40, 40);
      doc.font('Helvetica').fontSize(9).text('Codice avviso 3010 0000 0000 0001 44', 40, 80);
    }, compress);
    const text = extractText(pdf);
    expect(text.split('\n')).toEqual(['AVVISO 147,92 € – Società', 'Codice avviso 3010 0000 0000 0001 44']);
  });
});

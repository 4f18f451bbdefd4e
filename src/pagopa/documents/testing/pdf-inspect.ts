import { inflateSync } from 'node:zlib';

/**
 * Reads back what a PDF made by pdfkit contains, for tests: its images (as RGBA pixels, so a QR reader can scan
 * them) and its text. Independent of the code that writes the PDF: it parses the bytes (objects, dictionaries,
 * FlateDecode streams, PNG predictors, WinAnsi text), so a test that passes proves what a viewer would show.
 * Not a general PDF reader: no object streams, no xref streams, no encryption, no fonts other than simple ones.
 */

export type PdfValue = number | boolean | null | string | PdfName | PdfRef | PdfValue[] | PdfDict;
export class PdfName {
  constructor(readonly name: string) {}
}
export class PdfRef {
  constructor(readonly num: number) {}
}
export type PdfDict = Map<string, PdfValue>;

export interface PdfObject {
  num: number;
  value: PdfValue;
  /** Raw (still encoded) stream bytes. */
  stream?: Buffer;
}

const isWhite = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
const isDelim = (c: number) => '()<>[]{}/%'.includes(String.fromCharCode(c));

class Parser {
  constructor(
    private readonly b: Buffer,
    public i: number,
  ) {}

  private skip(): void {
    for (;;) {
      while (this.i < this.b.length && isWhite(this.b[this.i]!)) this.i++;
      if (this.b[this.i] === 0x25 /* % */) {
        while (this.i < this.b.length && this.b[this.i] !== 0x0a && this.b[this.i] !== 0x0d) this.i++;
      } else return;
    }
  }

  private word(): string {
    const start = this.i;
    while (this.i < this.b.length && !isWhite(this.b[this.i]!) && !isDelim(this.b[this.i]!)) this.i++;
    return this.b.toString('latin1', start, this.i);
  }

  peekKeyword(): string {
    this.skip();
    const save = this.i;
    const w = this.word();
    this.i = save;
    return w;
  }

  value(): PdfValue {
    this.skip();
    const c = this.b[this.i];
    if (c === 0x3c /* < */ && this.b[this.i + 1] === 0x3c) {
      this.i += 2;
      const dict: PdfDict = new Map();
      for (;;) {
        this.skip();
        if (this.b[this.i] === 0x3e && this.b[this.i + 1] === 0x3e) {
          this.i += 2;
          return dict;
        }
        const key = this.value();
        if (!(key instanceof PdfName)) throw new Error(`dictionary key expected at byte ${this.i}`);
        dict.set(key.name, this.value());
      }
    }
    if (c === 0x3c) {
      const end = this.b.indexOf(0x3e, this.i);
      const hex = this.b.toString('latin1', this.i + 1, end).replace(/\s/g, '');
      this.i = end + 1;
      return Buffer.from(hex.length % 2 ? hex + '0' : hex, 'hex').toString('latin1');
    }
    if (c === 0x28 /* ( */) return this.literal();
    if (c === 0x5b /* [ */) {
      this.i++;
      const arr: PdfValue[] = [];
      for (;;) {
        this.skip();
        if (this.b[this.i] === 0x5d) {
          this.i++;
          return arr;
        }
        arr.push(this.value());
      }
    }
    if (c === 0x2f /* / */) {
      this.i++;
      return new PdfName(this.word());
    }
    const w = this.word();
    if (w === 'true' || w === 'false') return w === 'true';
    if (w === 'null') return null;
    if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(w)) throw new Error(`unexpected token "${w}" at byte ${this.i}`);
    // "12 0 R" is a reference: look ahead for generation number and R.
    const save = this.i;
    this.skip();
    const gen = this.word();
    this.skip();
    const after = this.b[this.i + 1];
    if (/^\d+$/.test(w) && /^\d+$/.test(gen) && this.b[this.i] === 0x52 /* R */ && (after === undefined || isWhite(after) || isDelim(after))) {
      this.i++;
      return new PdfRef(Number(w));
    }
    this.i = save;
    return Number(w);
  }

  private literal(): string {
    this.i++;
    let depth = 1;
    let out = '';
    while (this.i < this.b.length) {
      const ch = this.b[this.i++]!;
      if (ch === 0x5c /* \ */) {
        const n = this.b[this.i++]!;
        const map: Record<number, string> = { 0x6e: '\n', 0x72: '\r', 0x74: '\t', 0x62: '\b', 0x66: '\f' };
        if (map[n] !== undefined) out += map[n];
        else if (n >= 0x30 && n <= 0x37) {
          let oct = String.fromCharCode(n);
          while (oct.length < 3 && this.b[this.i]! >= 0x30 && this.b[this.i]! <= 0x37) oct += String.fromCharCode(this.b[this.i++]!);
          out += String.fromCharCode(parseInt(oct, 8));
        } else if (n !== 0x0a && n !== 0x0d) out += String.fromCharCode(n);
        continue;
      }
      if (ch === 0x28) depth++;
      if (ch === 0x29 && --depth === 0) return out;
      out += String.fromCharCode(ch);
    }
    throw new Error('unterminated string');
  }
}

/** Every indirect object of the file, read in order of appearance; streams are skipped over by their /Length. */
export function readObjects(pdf: Buffer): Map<number, PdfObject> {
  const objects = new Map<number, PdfObject>();
  const header = /(\d+)\s+(\d+)\s+obj\b/y;
  let pos = 0;
  for (;;) {
    const at = pdf.indexOf(' obj', pos, 'latin1');
    if (at < 0) break;
    // Walk back to the start of "<num> <gen> obj".
    let start = at;
    while (start > 0 && !(pdf[start - 1] === 0x0a || pdf[start - 1] === 0x0d)) start--;
    header.lastIndex = 0;
    const m = header.exec(pdf.toString('latin1', start, at + 4));
    if (!m) {
      pos = at + 4;
      continue;
    }
    const parser = new Parser(pdf, at + 4);
    const value = parser.value();
    const obj: PdfObject = { num: Number(m[1]), value };
    if (parser.peekKeyword() === 'stream') {
      let s = pdf.indexOf('stream', parser.i, 'latin1') + 6;
      if (pdf[s] === 0x0d) s++;
      if (pdf[s] === 0x0a) s++;
      const length = (value as PdfDict).get('Length');
      // pdfkit writes direct lengths; an indirect one is resolved from objects read so far or by searching.
      const len =
        typeof length === 'number'
          ? length
          : length instanceof PdfRef && typeof objects.get(length.num)?.value === 'number'
            ? (objects.get(length.num)!.value as number)
            : pdf.indexOf('endstream', s, 'latin1') - s;
      obj.stream = pdf.subarray(s, s + len);
      pos = s + len;
    } else pos = parser.i;
    objects.set(obj.num, obj);
    const end = pdf.indexOf('endobj', pos, 'latin1');
    pos = end < 0 ? pdf.length : end + 6;
  }
  return objects;
}

const resolve = (objects: Map<number, PdfObject>, v: PdfValue | undefined): PdfValue | undefined =>
  v instanceof PdfRef ? objects.get(v.num)?.value : v;

const nameOf = (v: PdfValue | undefined): string | undefined => (v instanceof PdfName ? v.name : undefined);

/** The decoded bytes of a stream: FlateDecode inflated, PNG/TIFF predictors not applied (see undoPredictor). */
export function decodeStream(obj: PdfObject): Buffer {
  const dict = obj.value as PdfDict;
  const filter = dict.get('Filter');
  const filters = Array.isArray(filter) ? filter.map(nameOf) : filter ? [nameOf(filter)] : [];
  let data = obj.stream ?? Buffer.alloc(0);
  for (const f of filters) {
    if (f === 'FlateDecode') data = inflateSync(data);
    else throw new Error(`filter ${f} not supported`);
  }
  return data;
}

/**
 * Undoes the PNG row filters (Predictor ≥ 10: each row starts with its filter type, 0 None, 1 Sub, 2 Up,
 * 3 Average, 4 Paeth) and returns the bare rows, packed as the image's bits per component.
 */
export function undoPngPredictor(data: Buffer, columns: number, colors: number, bitsPerComponent: number): Buffer {
  const bpp = Math.max(1, Math.ceil((colors * bitsPerComponent) / 8));
  const rowBytes = Math.ceil((colors * bitsPerComponent * columns) / 8);
  const rows = Math.floor(data.length / (rowBytes + 1));
  const out = Buffer.alloc(rows * rowBytes);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowBytes + 1)]!;
    const src = r * (rowBytes + 1) + 1;
    const dst = r * rowBytes;
    const prev = dst - rowBytes;
    for (let i = 0; i < rowBytes; i++) {
      const raw = data[src + i]!;
      const a = i >= bpp ? out[dst + i - bpp]! : 0;
      const b = r > 0 ? out[prev + i]! : 0;
      const c = r > 0 && i >= bpp ? out[prev + i - bpp]! : 0;
      let v: number;
      switch (type) {
        case 0:
          v = raw;
          break;
        case 1:
          v = raw + a;
          break;
        case 2:
          v = raw + b;
          break;
        case 3:
          v = raw + ((a + b) >> 1);
          break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          v = raw + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
          break;
        }
        default:
          throw new Error(`PNG filter type ${type} in row ${r} is not one of 0–4`);
      }
      out[dst + i] = v & 0xff;
    }
  }
  return out;
}

/** Samples of a row-packed image, scaled to 0–255. */
function samples(data: Buffer, width: number, height: number, colors: number, bits: number): Uint8Array {
  const out = new Uint8Array(width * height * colors);
  const rowBytes = Math.ceil((width * colors * bits) / 8);
  const max = (1 << Math.min(bits, 8)) - 1;
  for (let y = 0; y < height; y++) {
    for (let k = 0; k < width * colors; k++) {
      let v: number;
      if (bits === 8) v = data[y * rowBytes + k]!;
      else if (bits === 16) v = data[y * rowBytes + 2 * k]!;
      else {
        const bit = k * bits;
        const byte = data[y * rowBytes + (bit >> 3)]!;
        v = ((byte >> (8 - bits - (bit & 7))) & max) * (255 / max);
      }
      out[y * width * colors + k] = v;
    }
  }
  return out;
}

export interface PdfImage {
  objectNumber: number;
  width: number;
  height: number;
  colorSpace: string;
  bitsPerComponent: number;
  predictor?: number;
  hasSMask: boolean;
  /** Opaque RGBA pixels, the image composited over a white page (what jsQR and the eye see). */
  rgba: Uint8ClampedArray;
}

function decodeImageSamples(objects: Map<number, PdfObject>, obj: PdfObject, colors: number): { data: Uint8Array; predictor?: number } {
  const dict = obj.value as PdfDict;
  const width = dict.get('Width') as number;
  const height = dict.get('Height') as number;
  const bits = dict.get('BitsPerComponent') as number;
  let data = decodeStream(obj);
  const parms = resolve(objects, dict.get('DecodeParms'));
  const predictor = parms instanceof Map ? (parms.get('Predictor') as number | undefined) : undefined;
  if (predictor !== undefined && predictor >= 10) {
    const p = parms as PdfDict;
    data = undoPngPredictor(data, (p.get('Columns') as number) ?? width, (p.get('Colors') as number) ?? colors, (p.get('BitsPerComponent') as number) ?? bits);
  } else if (predictor !== undefined && predictor !== 1) throw new Error(`predictor ${predictor} not supported`);
  return { data: samples(data, width, height, colors, bits), ...(predictor !== undefined ? { predictor } : {}) };
}

/** All image XObjects of the PDF (gray or RGB, any bit depth, PNG predictors, soft masks). */
export function extractImages(pdf: Buffer): PdfImage[] {
  const objects = readObjects(pdf);
  const smasks = new Set<number>();
  for (const o of objects.values()) {
    const s = o.value instanceof Map ? o.value.get('SMask') : undefined;
    if (s instanceof PdfRef) smasks.add(s.num);
  }
  const images: PdfImage[] = [];
  for (const obj of objects.values()) {
    const dict = obj.value;
    if (!(dict instanceof Map) || nameOf(dict.get('Subtype')) !== 'Image' || smasks.has(obj.num)) continue;
    const colorSpace = nameOf(resolve(objects, dict.get('ColorSpace')));
    const colors = colorSpace === 'DeviceGray' ? 1 : colorSpace === 'DeviceRGB' ? 3 : 0;
    if (!colors) throw new Error(`image ${obj.num}: colour space ${String(colorSpace)} not supported`);
    const width = dict.get('Width') as number;
    const height = dict.get('Height') as number;
    const { data, predictor } = decodeImageSamples(objects, obj, colors);
    const smaskRef = dict.get('SMask');
    const alpha = smaskRef instanceof PdfRef ? decodeImageSamples(objects, objects.get(smaskRef.num)!, 1).data : undefined;
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let p = 0; p < width * height; p++) {
      const a = alpha ? alpha[p]! / 255 : 1;
      for (let k = 0; k < 3; k++) {
        const v = data[p * colors + (colors === 1 ? 0 : k)]!;
        rgba[p * 4 + k] = Math.round(v * a + 255 * (1 - a));
      }
      rgba[p * 4 + 3] = 255;
    }
    images.push({
      objectNumber: obj.num,
      width,
      height,
      colorSpace: colorSpace!,
      bitsPerComponent: dict.get('BitsPerComponent') as number,
      ...(predictor !== undefined ? { predictor } : {}),
      hasSMask: alpha !== undefined,
      rgba,
    });
  }
  return images;
}

/** WinAnsiEncoding 0x80–0x9F (the rest of the bytes are Latin-1). */
const WIN_ANSI_80: Record<number, string> = {
  0x80: '€', 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡', 0x88: 'ˆ', 0x89: '‰', 0x8a: 'Š', 0x8b: '‹', 0x8c: 'Œ',
  0x8e: 'Ž', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—', 0x98: '˜', 0x99: '™', 0x9a: 'š', 0x9b: '›',
  0x9c: 'œ', 0x9e: 'ž', 0x9f: 'Ÿ',
};
const winAnsiToUnicode = (bytes: string): string => [...bytes].map((ch) => WIN_ANSI_80[ch.charCodeAt(0)] ?? ch).join('');

/**
 * The text shown by the page content streams, one line per text-showing operator (Tj, TJ, ', "), in drawing
 * order. Kerning adjustments inside TJ arrays are dropped; strings are decoded as WinAnsi (standard fonts).
 */
export function extractText(pdf: Buffer): string {
  const objects = readObjects(pdf);
  const contents = new Set<number>();
  for (const o of objects.values()) {
    if (!(o.value instanceof Map) || nameOf(o.value.get('Type')) !== 'Page') continue;
    const c = o.value.get('Contents');
    for (const ref of Array.isArray(c) ? c : [c]) if (ref instanceof PdfRef) contents.add(ref.num);
  }
  const lines: string[] = [];
  for (const num of contents) {
    const data = decodeStream(objects.get(num)!);
    const parser = new Parser(data, 0);
    const operands: PdfValue[] = [];
    while (parser.i < data.length) {
      const kw = parser.peekKeyword();
      if (parser.i >= data.length) break;
      const c = data[parser.i]!;
      if (kw === '' || /^[+-.\d]/.test(kw) || c === 0x2f || c === 0x28 || c === 0x3c || c === 0x5b) {
        operands.push(parser.value());
        continue;
      }
      parser.i += kw.length;
      if (kw === 'Tj' || kw === "'" || kw === '"') lines.push(winAnsiToUnicode(String(operands[operands.length - 1])));
      else if (kw === 'TJ') {
        const arr = operands[operands.length - 1];
        if (Array.isArray(arr)) lines.push(winAnsiToUnicode(arr.filter((v): v is string => typeof v === 'string').join('')));
      } else if (kw === 'BI') {
        // Inline images carry binary data; pdfkit never writes them.
        throw new Error('inline images are not supported');
      }
      operands.length = 0;
    }
  }
  return lines.join('\n');
}

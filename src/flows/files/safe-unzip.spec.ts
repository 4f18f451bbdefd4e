import { strToU8, zipSync, type Zippable } from 'fflate';
import {
  FLOW_ZIP_LIMITS,
  MAX_COMPRESSION_RATIO,
  MAX_UNCOMPRESSED_BYTES,
  MAX_ZIP_BYTES,
  MAX_ZIP_ENTRIES,
  extractFlowCsv,
  inflateZipEntry,
  openFlowCsv,
  readZipDirectory,
} from './safe-unzip';

const CSV_NAME = 'C_X000-F1-1_4.csv';
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const MiB = 1024 * 1024;

/** Offset of the first central-directory header (signature PK\1\2). */
function centralHeader(zip: Uint8Array): number {
  for (let p = zip.length - 22; p >= 0; p--) if (zip[p] === 0x50 && zip[p + 1] === 0x4b && zip[p + 2] === 1 && zip[p + 3] === 2) return p;
  throw new Error('no central directory');
}
const writeU32 = (zip: Uint8Array, at: number, value: number) => new DataView(zip.buffer, zip.byteOffset).setUint32(at, value, true);
const writeU16 = (zip: Uint8Array, at: number, value: number) => new DataView(zip.buffer, zip.byteOffset).setUint16(at, value, true);

const codeOf = (fn: () => unknown): { code: string; message: string; details?: Record<string, unknown> } => {
  try {
    fn();
  } catch (e) {
    return e as { code: string; message: string; details?: Record<string, unknown> };
  }
  throw new Error('expected a refusal');
};

describe('safe unzip of an uploaded flow', () => {
  it('has the caps the upload page announces', () => {
    expect(MAX_ZIP_BYTES).toBe(100 * MiB);
    expect(MAX_UNCOMPRESSED_BYTES).toBe(500 * MiB);
    expect(MAX_ZIP_ENTRIES).toBe(10);
    expect(MAX_COMPRESSION_RATIO).toBe(100);
  });

  it('extracts the CSV named after the ZIP, deflated or stored, and lists the other entries as ignored', () => {
    const csv = 'IUD;x\r\nA;ROSSI NICCOLÒ\r\n'.repeat(200);
    for (const level of [0, 6] as const) {
      const zip = zipSync({ [CSV_NAME]: strToU8(csv), '__MACOSX/._C_X000-F1-1_4.csv': strToU8('junk'), docs: {} }, { level });
      const opened = openFlowCsv(zip, CSV_NAME);
      expect(opened.entry.method).toBe(level === 0 ? 0 : 8);
      expect(opened.ignored).toEqual(['__MACOSX/._C_X000-F1-1_4.csv', 'docs/']);
      expect(text(extractFlowCsv(zip, CSV_NAME))).toBe(csv);
    }
  });

  it('hands the CSV out in chunks, and again from the start on each call', () => {
    // Pseudo-random digits: about 400 KB, more than one chunk.
    let seed = 7;
    const lines: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      lines.push(`${i};${seed};${seed % 9973}`);
    }
    const csv = lines.join('\r\n');
    const opened = openFlowCsv(zipSync({ [CSV_NAME]: strToU8(csv) }), CSV_NAME);
    const first = [...opened.chunks()];
    expect(first.length).toBeGreaterThan(1);
    expect(text(Buffer.concat(first))).toBe(csv);
    expect(text(Buffer.concat([...opened.chunks()]))).toBe(csv);
  });

  it('refuses with FLOW_CSV_MISSING when the CSV has another name, saying what it found', () => {
    const zip = zipSync({ 'export.csv': strToU8('a;b') });
    const e = codeOf(() => openFlowCsv(zip, CSV_NAME));
    expect(e.code).toBe('FLOW_CSV_MISSING');
    expect(e.message).toContain(`"${CSV_NAME}"`);
    expect(e.message).toContain('"export.csv"');
  });

  it('refuses a file that is not a ZIP, or a truncated one, with FLOW_ZIP_INVALID', () => {
    expect(codeOf(() => readZipDirectory(strToU8('IUD;codIuv\r\nA;B\r\n'))).code).toBe('FLOW_ZIP_INVALID');
    const zip = zipSync({ [CSV_NAME]: strToU8('a;b') });
    expect(codeOf(() => readZipDirectory(zip.subarray(0, zip.length - 5))).code).toBe('FLOW_ZIP_INVALID');
  });

  it('refuses an upload larger than the compressed cap before reading it', () => {
    const zip = zipSync({ [CSV_NAME]: strToU8('a;b\r\n'.repeat(1000)) }, { level: 0 });
    const e = codeOf(() => readZipDirectory(zip, { ...FLOW_ZIP_LIMITS, maxZipBytes: 1000 }));
    expect(e.code).toBe('FLOW_ZIP_TOO_LARGE');
  });

  it('refuses more than 10 entries', () => {
    const files: Zippable = {};
    for (let i = 0; i < 11; i++) files[`f${i}.csv`] = strToU8('a');
    expect(codeOf(() => readZipDirectory(zipSync(files))).code).toBe('FLOW_ZIP_TOO_MANY_ENTRIES');
  });

  it.each(['../C_X000-F1-1_4.csv', 'a/../../etc/passwd', '/tmp/x.csv', 'C:/x.csv', '..\\x.csv'])('refuses the entry path %s with FLOW_ZIP_UNSAFE_PATH', (name) => {
    const zip = zipSync({ [CSV_NAME]: strToU8('a;b'), [name]: strToU8('evil') });
    expect(codeOf(() => openFlowCsv(zip, CSV_NAME)).code).toBe('FLOW_ZIP_UNSAFE_PATH');
  });

  // 24 MiB of zeros deflates to ~24 KB: a ~1000x ratio no CSV reaches.
  const BOMB_BYTES = 24 * MiB;
  let bomb: Uint8Array;
  beforeAll(() => {
    bomb = zipSync({ [CSV_NAME]: new Uint8Array(BOMB_BYTES) }, { level: 1 });
  });

  it('refuses a real zip bomb on its declared numbers, before inflating anything', () => {
    const zip = bomb.slice();
    expect(zip.length).toBeLessThan(50_000);
    const e = codeOf(() => openFlowCsv(zip, CSV_NAME));
    expect(e.code).toBe('FLOW_ZIP_BOMB');
    expect(e.details!['ratio']).toBeGreaterThan(MAX_COMPRESSION_RATIO);
  });

  it('refuses entries that declare more than 500 MiB in total', () => {
    const zip = zipSync({ [CSV_NAME]: strToU8('a;b\r\n'.repeat(100)) }, { level: 0 });
    const cd = centralHeader(zip);
    writeU32(zip, cd + 20, 600 * MiB); // compressed, so the ratio stays plausible
    writeU32(zip, cd + 24, 600 * MiB); // uncompressed
    const e = codeOf(() => readZipDirectory(zip));
    expect(e.code).toBe('FLOW_ZIP_BOMB');
    expect(e.message).toContain('500 MiB');
  });

  it('stops a bomb whose header lies about its size as soon as it passes the declared size, without inflating it all', () => {
    const zip = bomb.slice();
    const cd = centralHeader(zip);
    writeU32(zip, cd + 24, 1 * MiB); // claims 1 MiB: under the ratio floor, so the directory check lets it through
    const { entry } = openFlowCsv(zip, CSV_NAME);
    let inflated = 0;
    const e = codeOf(() => {
      for (const chunk of inflateZipEntry(zip, entry)) inflated += chunk.length;
    });
    expect(e.code).toBe('FLOW_ZIP_BOMB');
    expect(inflated).toBeLessThanOrEqual(1 * MiB);
    expect(e.details!['inflatedBytes']).toBeGreaterThan(1 * MiB);
    expect(e.details!['inflatedBytes']).toBeLessThan(BOMB_BYTES / 2); // stopped after one small step
  });

  it('refuses damaged data with FLOW_ZIP_CORRUPT (wrong CRC)', () => {
    const zip = zipSync({ [CSV_NAME]: strToU8('IUD;x\r\nA;B\r\n') });
    const cd = centralHeader(zip);
    writeU32(zip, cd + 16, 0x12345678);
    expect(codeOf(() => extractFlowCsv(zip, CSV_NAME)).code).toBe('FLOW_ZIP_CORRUPT');
  });

  it('refuses encrypted entries and unknown compression methods with FLOW_ZIP_UNSUPPORTED', () => {
    const encrypted = zipSync({ [CSV_NAME]: strToU8('a;b') });
    const cd = centralHeader(encrypted);
    writeU16(encrypted, cd + 8, 0x1);
    expect(codeOf(() => readZipDirectory(encrypted)).code).toBe('FLOW_ZIP_UNSUPPORTED');

    const bzip2 = zipSync({ [CSV_NAME]: strToU8('a;b') });
    writeU16(bzip2, centralHeader(bzip2) + 10, 12);
    expect(codeOf(() => readZipDirectory(bzip2)).code).toBe('FLOW_ZIP_UNSUPPORTED');
  });
});

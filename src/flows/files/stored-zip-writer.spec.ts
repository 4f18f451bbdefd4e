import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { unzipSync } from 'fflate';
import { centralRecord, dosDateTime, StoredZipWriter } from './stored-zip-writer';

const hasUnzip = (() => {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

async function zipOf(entries: [string, Uint8Array][], modifiedAt = new Date(2026, 11, 6, 10, 30, 42)): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const w = new StoredZipWriter(sink);
  for (const [name, data] of entries) await w.add(name, data, modifiedAt);
  await w.end();
  return Buffer.concat(chunks);
}

/** Runs unzip on the archive written to a temporary file. */
function unzip(zip: Buffer, ...args: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stored-zip-'));
  try {
    const file = path.join(dir, 'avvisi.zip');
    fs.writeFileSync(file, zip);
    return execFileSync('unzip', [...args, file], { maxBuffer: 64 * 1024 * 1024 }).toString();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Local headers in file order, walked by their sizes (no central directory needed). */
function localHeaders(zip: Buffer, count: number): { flags: number; method: number; crc: number; size: number; name: string }[] {
  const out = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x04034b50);
    const size = zip.readUInt32LE(at + 18);
    const nameLength = zip.readUInt16LE(at + 26);
    const extra = zip.readUInt16LE(at + 28);
    out.push({ flags: zip.readUInt16LE(at + 6), method: zip.readUInt16LE(at + 8), crc: zip.readUInt32LE(at + 14), size, name: zip.toString('utf8', at + 30, at + 30 + nameLength) });
    at += 30 + nameLength + extra + size;
  }
  return out;
}

describe('ZIP of stored entries (the avvisi of a flow)', () => {
  it('holds every entry byte for byte, under its UTF-8 name and date, readable by fflate and by unzip', async () => {
    const a = new TextEncoder().encode('%PDF-1.3 avviso A');
    const b = new Uint8Array(70_000).map((_, i) => (i * 7) & 0xff);
    const zip = await zipOf([
      ['avviso-301000000000000001.pdf', a],
      ['città/avviso-2.pdf', b],
      ['empty.pdf', new Uint8Array(0)],
    ]);
    const back = unzipSync(zip);
    expect(Object.keys(back)).toEqual(['avviso-301000000000000001.pdf', 'città/avviso-2.pdf', 'empty.pdf']);
    expect(Buffer.from(back['avviso-301000000000000001.pdf']!)).toEqual(Buffer.from(a));
    expect(Buffer.from(back['città/avviso-2.pdf']!)).toEqual(Buffer.from(b));
    expect(back['empty.pdf']!.length).toBe(0);
    if (!hasUnzip) return void console.log('SKIP: unzip not installed: the ZIP was checked with fflate only');
    expect(unzip(zip, '-tq')).toMatch(/No errors detected/);
    expect(unzip(zip, '-l')).toMatch(/(2026-12-06|12-06-2026) 10:30\s+avviso-301000000000000001\.pdf/);
  });

  it('puts CRC and sizes in each local header and no data descriptor (Java ZipInputStream refuses a stored entry with one)', async () => {
    const zip = await zipOf([
      ['one.pdf', new Uint8Array([1, 2, 3])],
      ['two.pdf', new Uint8Array([4, 5])],
    ]);
    const headers = localHeaders(zip, 2);
    for (const h of headers) {
      expect(h.flags & 0x0008).toBe(0); // no data descriptor
      expect(h.flags & 0x0800).toBe(0x0800); // UTF-8 names
      expect(h.method).toBe(0); // stored
    }
    expect(headers.map((h) => [h.name, h.size])).toEqual([
      ['one.pdf', 3],
      ['two.pdf', 2],
    ]);
    expect(headers[0]!.crc).toBe(0x55bc801d); // CRC-32 of 01 02 03
  });

  it('past 65,535 entries ends with ZIP64 records, and readers see every entry', async () => {
    const entries: [string, Uint8Array][] = Array.from({ length: 70_000 }, (_, i) => [`avviso-${String(i).padStart(6, '0')}.pdf`, new Uint8Array([i & 0xff])]);
    const zip = await zipOf(entries);
    const eocd = zip.length - 22;
    expect(zip.readUInt32LE(eocd)).toBe(0x06054b50);
    expect(zip.readUInt16LE(eocd + 10)).toBe(0xffff); // the real count is in the ZIP64 record
    expect(zip.readUInt32LE(eocd - 20)).toBe(0x07064b50);
    const zip64End = Number(zip.readBigUInt64LE(eocd - 20 + 8));
    expect(zip.readUInt32LE(zip64End)).toBe(0x06064b50);
    expect(zip.readBigUInt64LE(zip64End + 32)).toBe(70_000n);
    if (!hasUnzip) return void console.log('SKIP: unzip not installed: the ZIP64 records were checked by offset only');
    expect(unzip(zip, '-tq')).toMatch(/No errors detected/);
    const listing = unzip(zip, '-l');
    expect(listing).toMatch(/\s70000 files\s*$/);
    expect(listing).toContain('avviso-069999.pdf');
  });

  it('gives an entry past 4 GiB its offset in a ZIP64 extra field', () => {
    const name = Buffer.from('avviso-far.pdf');
    const record = centralRecord({ name, crc: 1, size: 10, offset: 5_000_000_000, ...dosDateTime(new Date(2026, 0, 1)) });
    expect(record.readUInt32LE(42)).toBe(0xffffffff);
    expect(record.readUInt16LE(30)).toBe(12);
    const extra = 46 + name.length;
    expect(record.readUInt16LE(extra)).toBe(0x0001);
    expect(record.readUInt16LE(extra + 2)).toBe(8);
    expect(record.readBigUInt64LE(extra + 4)).toBe(5_000_000_000n);
    expect(record.readUInt16LE(6)).toBe(45); // version needed to extract: ZIP64
  });

  it('reports a failed write (disk full) on the next add, and refuses entries after the end', async () => {
    const failing = new Writable({ write: (_c, _e, done) => done(new Error('ENOSPC: no space left on device')) });
    const w = new StoredZipWriter(failing);
    await w.add('a.pdf', new Uint8Array([1]), new Date()).catch(() => undefined);
    await new Promise((r) => setImmediate(r));
    await expect(w.add('b.pdf', new Uint8Array([2]), new Date())).rejects.toThrow(/ENOSPC/);

    const sink = new PassThrough().resume();
    const done = new StoredZipWriter(sink);
    await done.end();
    await expect(done.add('late.pdf', new Uint8Array([1]), new Date())).rejects.toThrow(/already closed/);
  });

  it('dates before 1980 or after 2107 become the nearest date a ZIP can hold', () => {
    expect(dosDateTime(new Date(1970, 0, 1))).toEqual({ time: 0, date: 33 });
    expect(dosDateTime(new Date(2200, 0, 1)).date >> 9).toBe(127);
  });
});

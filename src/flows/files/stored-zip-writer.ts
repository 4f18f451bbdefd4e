import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { SIG_CENTRAL, SIG_EOCD, SIG_LOCAL, SIG_ZIP64_EOCD, SIG_ZIP64_LOCATOR } from './zip-format';

/** General purpose flag bit 11: names are UTF-8. */
const FLAG_UTF8 = 0x0800;
const VERSION_PLAIN = 20;
const VERSION_ZIP64 = 45;
/** Made by UNIX (3), so the external attributes below are read as a mode: a regular file, rw-r--r--. */
const MADE_BY_UNIX = 3 << 8;
const REGULAR_FILE_644 = (0o100644 << 16) >>> 0;
const U16_MAX = 0xffff;
const U32_MAX = 0xffffffff;

export class ZipWriteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipWriteError';
  }
}

export interface CentralEntry {
  name: Buffer;
  crc: number;
  size: number;
  offset: number;
  time: number;
  date: number;
}

/**
 * Writes a ZIP of stored (uncompressed) entries to a stream, one entry at a time and in constant time per entry, for
 * archives of many already-compressed files (a flow's avvisi PDFs: 100,000 entries and more). yazl, used before,
 * looked for the next entry to write from the first one on every step: quadratic, minutes of CPU for 100,000 avvisi.
 *
 * Each entry's CRC and size are known when it is added, so they go in its local header and no data descriptor
 * follows: Java's ZipInputStream, which many gestionali read archives with, refuses a stored entry with a descriptor.
 * Past 65,535 entries or 4 GiB the archive ends with ZIP64 records, and an entry's offset beyond 4 GiB is given in a
 * ZIP64 extra field, as the format requires. A single entry must stay under 4 GiB.
 */
export class StoredZipWriter {
  private offset = 0;
  private readonly entries: CentralEntry[] = [];
  private ended = false;
  private failure: Error | undefined;

  constructor(private readonly out: Writable) {
    // A failed write (disk full) surfaces on the next add or end, not as an unhandled 'error' event.
    out.on('error', (e) => (this.failure ??= e));
  }

  async add(name: string, data: Uint8Array, modifiedAt: Date): Promise<void> {
    if (this.ended) throw new ZipWriteError('the ZIP is already closed');
    if (data.length >= U32_MAX) throw new ZipWriteError(`entry "${name}" is ${data.length} bytes: entries must stay under 4 GiB`);
    const nameBytes = Buffer.from(name, 'utf8');
    if (nameBytes.length > U16_MAX) throw new ZipWriteError(`entry name "${name.slice(0, 40)}…" is longer than 65,535 bytes`);
    const { time, date } = dosDateTime(modifiedAt);
    const entry: CentralEntry = { name: nameBytes, crc: crc32(data), size: data.length, offset: this.offset, time, date };
    const header = Buffer.alloc(30);
    header.writeUInt32LE(SIG_LOCAL, 0);
    header.writeUInt16LE(VERSION_PLAIN, 4);
    header.writeUInt16LE(FLAG_UTF8, 6);
    header.writeUInt16LE(0, 8); // stored
    header.writeUInt16LE(time, 10);
    header.writeUInt16LE(date, 12);
    header.writeUInt32LE(entry.crc, 14);
    header.writeUInt32LE(entry.size, 18);
    header.writeUInt32LE(entry.size, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    header.writeUInt16LE(0, 28);
    this.entries.push(entry);
    await this.write(header);
    await this.write(nameBytes);
    await this.write(data);
  }

  /** Writes the central directory and the end records, then ends the stream. */
  async end(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    const directoryOffset = this.offset;
    for (const e of this.entries) await this.write(centralRecord(e));
    const directorySize = this.offset - directoryOffset;
    const zip64 = this.entries.length > U16_MAX || directoryOffset >= U32_MAX || directorySize >= U32_MAX;
    if (zip64) {
      const zip64EndOffset = this.offset;
      const record = Buffer.alloc(56);
      record.writeUInt32LE(SIG_ZIP64_EOCD, 0);
      record.writeBigUInt64LE(44n, 4); // size of the rest of this record
      record.writeUInt16LE(MADE_BY_UNIX | VERSION_ZIP64, 12);
      record.writeUInt16LE(VERSION_ZIP64, 14);
      record.writeUInt32LE(0, 16);
      record.writeUInt32LE(0, 20);
      record.writeBigUInt64LE(BigInt(this.entries.length), 24);
      record.writeBigUInt64LE(BigInt(this.entries.length), 32);
      record.writeBigUInt64LE(BigInt(directorySize), 40);
      record.writeBigUInt64LE(BigInt(directoryOffset), 48);
      const locator = Buffer.alloc(20);
      locator.writeUInt32LE(SIG_ZIP64_LOCATOR, 0);
      locator.writeUInt32LE(0, 4);
      locator.writeBigUInt64LE(BigInt(zip64EndOffset), 8);
      locator.writeUInt32LE(1, 16);
      await this.write(record);
      await this.write(locator);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(SIG_EOCD, 0);
    end.writeUInt16LE(Math.min(this.entries.length, U16_MAX), 8);
    end.writeUInt16LE(Math.min(this.entries.length, U16_MAX), 10);
    end.writeUInt32LE(Math.min(directorySize, U32_MAX), 12);
    end.writeUInt32LE(Math.min(directoryOffset, U32_MAX), 16);
    await this.write(end);
    this.out.end();
    await once(this.out, 'finish');
  }

  private async write(chunk: Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    this.offset += chunk.length;
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }
}

/** Exported for its test: the ZIP64 offset of an entry past 4 GiB cannot be reached without writing 4 GiB. */
export function centralRecord(e: CentralEntry): Buffer {
  const farOffset = e.offset >= U32_MAX;
  const extra = farOffset ? 12 : 0;
  const r = Buffer.alloc(46 + e.name.length + extra);
  r.writeUInt32LE(SIG_CENTRAL, 0);
  r.writeUInt16LE(MADE_BY_UNIX | (farOffset ? VERSION_ZIP64 : VERSION_PLAIN), 4);
  r.writeUInt16LE(farOffset ? VERSION_ZIP64 : VERSION_PLAIN, 6);
  r.writeUInt16LE(FLAG_UTF8, 8);
  r.writeUInt16LE(0, 10);
  r.writeUInt16LE(e.time, 12);
  r.writeUInt16LE(e.date, 14);
  r.writeUInt32LE(e.crc, 16);
  r.writeUInt32LE(e.size, 20);
  r.writeUInt32LE(e.size, 24);
  r.writeUInt16LE(e.name.length, 28);
  r.writeUInt16LE(extra, 30);
  // comment length, disk number start, internal attributes: 0
  r.writeUInt32LE(REGULAR_FILE_644, 38);
  r.writeUInt32LE(farOffset ? U32_MAX : e.offset, 42);
  e.name.copy(r, 46);
  if (farOffset) {
    const x = 46 + e.name.length;
    r.writeUInt16LE(0x0001, x); // ZIP64 extended information: only the field whose header value is 0xFFFFFFFF
    r.writeUInt16LE(8, x + 2);
    r.writeBigUInt64LE(BigInt(e.offset), x + 4);
  }
  return r;
}

/** MS-DOS date and time of the entry, in the server's local time as ZIP tools expect (2-second precision, from 1980). */
export function dosDateTime(d: Date): { time: number; date: number } {
  const year = d.getFullYear();
  if (year < 1980) return { time: 0, date: (1 << 5) | 1 }; // 1980-01-01 00:00, the earliest a ZIP can say
  if (year > 2107) return { time: (23 << 11) | (59 << 5) | 29, date: (127 << 9) | (12 << 5) | 31 }; // and the latest
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

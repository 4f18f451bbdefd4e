import { crc32, inflateRawSync } from 'node:zlib';
import { SIG_CENTRAL, SIG_EOCD, SIG_LOCAL, SIG_ZIP64_LOCATOR } from './zip-format';
import { DomainError } from '../../kernel/errors';

/**
 * Opening an uploaded ZIP without trusting it. fflate's unzipSync allocates each entry at the size the header
 * declares and inflates it whole, so a crafted archive could make us inflate gigabytes. Here the central
 * directory is read first and refused on its declared numbers (entries, sizes, ratio, paths), and only then the
 * one entry we need is inflated by zlib with an output cap at the size it declared, so inflating stops as soon as
 * it produces more than that.
 */
export const MAX_ZIP_BYTES = 100 * 1024 * 1024;
export const MAX_UNCOMPRESSED_BYTES = 500 * 1024 * 1024;
export const MAX_ZIP_ENTRIES = 10;
/** A flow CSV deflates 5-20x; deflate tops out near 1030x, which only padding and zip bombs reach. */
export const MAX_COMPRESSION_RATIO = 100;
/** Below this size the ratio is not judged: a tiny file of repeated text may legitimately compress very well. */
export const RATIO_FLOOR_BYTES = 1024 * 1024;
/** inflateZipEntry hands the entry out in views of this size, so a consumer decodes it piece by piece. */
const CHUNK_BYTES = 256 * 1024;

export interface ZipLimits {
  maxZipBytes: number;
  maxUncompressedBytes: number;
  maxEntries: number;
  maxRatio: number;
  ratioFloorBytes: number;
}

export const FLOW_ZIP_LIMITS: Readonly<ZipLimits> = Object.freeze({
  maxZipBytes: MAX_ZIP_BYTES,
  maxUncompressedBytes: MAX_UNCOMPRESSED_BYTES,
  maxEntries: MAX_ZIP_ENTRIES,
  maxRatio: MAX_COMPRESSION_RATIO,
  ratioFloorBytes: RATIO_FLOOR_BYTES,
});

export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflate: the only methods accepted. */
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  crc32: number;
  localHeaderOffset: number;
  isDirectory: boolean;
}


const zipError = (code: string, message: string, kind: 'invalid' | 'too_large' = 'invalid', details?: Record<string, unknown>) =>
  new DomainError(code, message, kind, 'file', details);

const u16 = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8);
const u32 = (b: Uint8Array, o: number) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;

const MiB = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;

/** Lists the entries from the central directory and refuses the archive on what it declares. Inflates nothing. */
export function readZipDirectory(zip: Uint8Array, limits: ZipLimits = FLOW_ZIP_LIMITS): ZipEntry[] {
  if (zip.length > limits.maxZipBytes) {
    throw zipError('FLOW_ZIP_TOO_LARGE', `The ZIP is ${MiB(zip.length)}; at most ${MiB(limits.maxZipBytes)} can be uploaded: split the flow`, 'too_large', {
      bytes: zip.length,
      max: limits.maxZipBytes,
    });
  }
  const eocd = findEndOfCentralDirectory(zip);
  if (eocd >= 20 && u32(zip, eocd - 20) === SIG_ZIP64_LOCATOR) {
    throw zipError('FLOW_ZIP_UNSUPPORTED', 'The ZIP uses the ZIP64 format, which flows never need: create a plain ZIP');
  }
  if (u16(zip, eocd + 4) !== 0 || u16(zip, eocd + 6) !== 0) {
    throw zipError('FLOW_ZIP_UNSUPPORTED', 'The ZIP is split over several parts (multi-volume): upload a single ZIP file');
  }
  const count = u16(zip, eocd + 10);
  const cdSize = u32(zip, eocd + 12);
  const cdOffset = u32(zip, eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    throw zipError('FLOW_ZIP_UNSUPPORTED', 'The ZIP uses the ZIP64 format, which flows never need: create a plain ZIP');
  }
  if (count > limits.maxEntries) {
    throw zipError('FLOW_ZIP_TOO_MANY_ENTRIES', `The ZIP holds ${count} entries; a flow ZIP holds its one CSV (at most ${limits.maxEntries} entries are read)`, 'invalid', {
      entries: count,
      max: limits.maxEntries,
    });
  }
  if (cdOffset + cdSize > eocd) throw zipError('FLOW_ZIP_INVALID', 'The ZIP is damaged: its central directory lies outside the file');

  const entries: ZipEntry[] = [];
  let totalDeclared = 0;
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > eocd || u32(zip, p) !== SIG_CENTRAL) throw zipError('FLOW_ZIP_INVALID', 'The ZIP is damaged: its central directory is truncated');
    const flags = u16(zip, p + 8);
    const method = u16(zip, p + 10);
    const crc = u32(zip, p + 16);
    const compressedSize = u32(zip, p + 20);
    const uncompressedSize = u32(zip, p + 24);
    const nameLength = u16(zip, p + 28);
    const extraLength = u16(zip, p + 30);
    const commentLength = u16(zip, p + 32);
    const localHeaderOffset = u32(zip, p + 42);
    if (p + 46 + nameLength > eocd) throw zipError('FLOW_ZIP_INVALID', 'The ZIP is damaged: an entry name runs past the central directory');
    const nameBytes = zip.subarray(p + 46, p + 46 + nameLength);
    // Bit 11: the name is UTF-8; otherwise CP437, which equals ASCII for the names that matter here.
    const name = new TextDecoder((flags & 0x800) !== 0 ? 'utf-8' : 'latin1').decode(nameBytes);
    p += 46 + nameLength + extraLength + commentLength;

    if (isUnsafePath(name)) {
      throw zipError('FLOW_ZIP_UNSAFE_PATH', `The ZIP entry "${name}" has an absolute path or climbs out with "..": such archives are refused`, 'invalid', { entry: name });
    }
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
      throw zipError('FLOW_ZIP_UNSUPPORTED', `The ZIP entry "${name}" uses ZIP64 sizes, which flows never need: create a plain ZIP`);
    }
    const isDirectory = name.endsWith('/');
    if (!isDirectory) {
      if ((flags & 0x1) !== 0) throw zipError('FLOW_ZIP_UNSUPPORTED', `The ZIP entry "${name}" is encrypted: upload it without a password`, 'invalid', { entry: name });
      if (method !== 0 && method !== 8) {
        throw zipError('FLOW_ZIP_UNSUPPORTED', `The ZIP entry "${name}" uses compression method ${method}; only stored and deflate are read`, 'invalid', {
          entry: name,
          method,
        });
      }
      totalDeclared += uncompressedSize;
      if (totalDeclared > limits.maxUncompressedBytes) {
        throw zipError(
          'FLOW_ZIP_BOMB',
          `The ZIP declares ${MiB(totalDeclared)} once uncompressed; at most ${MiB(limits.maxUncompressedBytes)} are accepted: split the flow`,
          'too_large',
          { declaredBytes: totalDeclared, max: limits.maxUncompressedBytes },
        );
      }
      if (uncompressedSize > limits.ratioFloorBytes && uncompressedSize > compressedSize * limits.maxRatio) {
        const ratio = compressedSize === 0 ? Infinity : Math.round(uncompressedSize / compressedSize);
        throw zipError(
          'FLOW_ZIP_BOMB',
          `The ZIP entry "${name}" would expand ${ratio} times (${MiB(uncompressedSize)} from ${compressedSize} bytes); a CSV never compresses that much, so the file is refused`,
          'too_large',
          { entry: name, ratio, max: limits.maxRatio },
        );
      }
    }
    entries.push({ name, method, compressedSize, uncompressedSize, crc32: crc, localHeaderOffset, isDirectory });
  }
  return entries;
}

function findEndOfCentralDirectory(zip: Uint8Array): number {
  // The EOCD record is 22 bytes plus a comment of at most 65535 bytes, at the very end of the file.
  const lowest = Math.max(0, zip.length - 22 - 0xffff);
  for (let p = zip.length - 22; p >= lowest; p--) {
    if (u32(zip, p) === SIG_EOCD && p + 22 + u16(zip, p + 20) === zip.length) return p;
  }
  throw zipError('FLOW_ZIP_INVALID', 'The file is not a ZIP archive (or it is truncated): create the ZIP again and upload it whole');
}

function isUnsafePath(name: string): boolean {
  if (name.includes('\0')) return true;
  const normalised = name.replace(/\\/g, '/');
  if (normalised.startsWith('/') || /^[A-Za-z]:/.test(normalised)) return true;
  return normalised.split('/').some((segment) => segment === '..');
}

/** The entry's bytes in chunks (views of the one inflated buffer); each call inflates again. */
export function* inflateZipEntry(zip: Uint8Array, entry: ZipEntry, limits: ZipLimits = FLOW_ZIP_LIMITS): Generator<Uint8Array, void, undefined> {
  const bytes = inflateEntry(zip, entry, limits);
  for (let q = 0; q < bytes.length; q += CHUNK_BYTES) yield bytes.subarray(q, q + CHUNK_BYTES);
}

/**
 * Inflates one entry whole, with native zlib. Stops with FLOW_ZIP_BOMB as soon as the output passes what the entry
 * declared (so the declared-size checks above cannot be dodged by a lying header) or the overall cap, and with
 * FLOW_ZIP_CORRUPT when the data is damaged or its CRC-32 differs. The import needs the whole CSV anyway (its
 * rows are counted before any is applied), and the cap bounds the memory.
 */
function inflateEntry(zip: Uint8Array, entry: ZipEntry, limits: ZipLimits): Uint8Array {
  const p = entry.localHeaderOffset;
  if (p + 30 > zip.length || u32(zip, p) !== SIG_LOCAL) throw zipError('FLOW_ZIP_INVALID', `The ZIP is damaged: the entry "${entry.name}" cannot be found`);
  const start = p + 30 + u16(zip, p + 26) + u16(zip, p + 28);
  const end = start + entry.compressedSize;
  if (end > zip.length) throw zipError('FLOW_ZIP_INVALID', `The ZIP is truncated: the entry "${entry.name}" runs past the end of the file`);
  const cap = Math.min(entry.uncompressedSize, limits.maxUncompressedBytes);
  const tooLarge = (produced: number) =>
    zipError(
      'FLOW_ZIP_BOMB',
      `The ZIP entry "${entry.name}" expands beyond the ${entry.uncompressedSize} bytes it declares: the archive is forged or damaged and is refused`,
      'too_large',
      { entry: entry.name, declaredBytes: entry.uncompressedSize, inflatedBytes: produced },
    );
  const corrupt = () =>
    zipError('FLOW_ZIP_CORRUPT', `The ZIP entry "${entry.name}" is damaged (its size or CRC-32 does not match the archive): create the ZIP again`, 'invalid', {
      entry: entry.name,
    });

  const compressed = zip.subarray(start, end);
  if (entry.method === 0) {
    if (compressed.length > cap) throw tooLarge(compressed.length);
    if (compressed.length !== entry.uncompressedSize || (crc32(compressed) >>> 0) !== entry.crc32) throw corrupt();
    return compressed;
  }
  let out: Buffer;
  try {
    // One byte over the cap is enough to know the entry lies; zlib stops right there instead of inflating the rest.
    out = inflateRawSync(compressed, { maxOutputLength: cap + 1 });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(cap + 1);
    throw zipError('FLOW_ZIP_CORRUPT', `The ZIP entry "${entry.name}" cannot be decompressed (${e instanceof Error ? e.message : String(e)}): create the ZIP again`);
  }
  if (out.length > cap) throw tooLarge(out.length);
  if (out.length !== entry.uncompressedSize || (crc32(out) >>> 0) !== entry.crc32) throw corrupt();
  return out;
}

export interface FlowCsvInZip {
  entry: ZipEntry;
  /** Other entries (e.g. __MACOSX/ files a Mac adds): listed for the log, never read. */
  ignored: string[];
  /** Inflates the CSV lazily; each call starts again from the beginning. */
  chunks(): Generator<Uint8Array, void, undefined>;
}

/** Finds `<flow>.csv` in the upload (refusing the archive on its declared numbers first) without inflating it yet. */
export function openFlowCsv(zip: Uint8Array, csvName: string, limits: ZipLimits = FLOW_ZIP_LIMITS): FlowCsvInZip {
  const entries = readZipDirectory(zip, limits);
  const wanted = csvName.replace(/\.csv$/i, '');
  const matches = entries.filter((e) => !e.isDirectory && (e.name === `${wanted}.csv` || e.name === `${wanted}.CSV`));
  if (matches.length === 0) {
    const found = entries.filter((e) => !e.isDirectory).map((e) => e.name);
    throw new DomainError(
      'FLOW_CSV_MISSING',
      `The ZIP must contain "${wanted}.csv" (the ZIP's own name with .csv); it contains ${found.length === 0 ? 'no files' : found.map((n) => `"${n}"`).join(', ')}`,
      'invalid',
      'file',
      { expected: `${wanted}.csv`, found },
    );
  }
  if (matches.length > 1) throw zipError('FLOW_ZIP_INVALID', `The ZIP contains "${wanted}.csv" more than once: keep one copy`);
  const entry = matches[0]!;
  return {
    entry,
    ignored: entries.filter((e) => e !== entry).map((e) => e.name),
    chunks: () => inflateZipEntry(zip, entry, limits),
  };
}

/** The whole CSV as bytes, inflated once. */
export function extractFlowCsv(zip: Uint8Array, csvName: string, limits: ZipLimits = FLOW_ZIP_LIMITS): Uint8Array {
  return inflateEntry(zip, openFlowCsv(zip, csvName, limits).entry, limits);
}

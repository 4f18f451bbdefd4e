import { unzipSync, type UnzipFileInfo } from 'fflate';
import { DomainError } from '../../kernel/errors';
import type { ParsedReceipt } from '../receipt';
import { DEFAULT_MAX_XML_BYTES } from '../xml/safe-xml';
import { parseRt62 } from './rt62-parser';

/**
 * A ZIP of RT 6.2 files, as enti export their archive of legacy receipts. Limits are checked on the sizes the
 * archive declares before anything is inflated, and fflate inflates each entry into a buffer of exactly the
 * declared size, so a lying header yields a truncated (refused) file, never more memory.
 */
export interface Rt62ZipLimits {
  maxEntries?: number;
  maxTotalUncompressedBytes?: number;
  maxEntryBytes?: number;
}

export const RT62_ZIP_DEFAULT_LIMITS: Required<Rt62ZipLimits> = {
  maxEntries: 10_000,
  maxTotalUncompressedBytes: 200 * 1024 * 1024,
  maxEntryBytes: DEFAULT_MAX_XML_BYTES,
};

export interface Rt62ZipFileResult {
  name: string;
  receipt?: ParsedReceipt;
  error?: { code: string; message: string };
}

export interface Rt62ZipResult {
  files: Rt62ZipFileResult[];
  parsed: number;
  failed: number;
}

/** Only plain file names: anything with a folder, `..`, a drive or a backslash is refused. */
function nameProblem(name: string): string | undefined {
  if (name === '' || name.includes('\0')) return 'has an empty or invalid name';
  if (name.includes('/') || name.includes('\\')) return 'is inside a folder: put the RT files at the top level of the ZIP';
  if (name === '..' || name === '.' || /^[A-Za-z]:/.test(name)) return 'has a name that is not a plain file name';
  if (name === '__proto__' || name === 'constructor' || name === 'prototype') return 'has a reserved name';
  return undefined;
}

const isDirectory = (name: string): boolean => name.endsWith('/');

/**
 * Parses every RT in the archive; one result per file, in archive order, each with its receipt or its error.
 * Throws a DomainError (ZIP_INVALID, ZIP_TOO_MANY_ENTRIES, ZIP_TOO_LARGE) when the archive as a whole is refused.
 */
export function parseRt62Zip(zip: Uint8Array, limits: Rt62ZipLimits = {}): Rt62ZipResult {
  const max = { ...RT62_ZIP_DEFAULT_LIMITS, ...limits };
  const refused = new Map<string, { code: string; message: string }>();
  const order: string[] = [];
  const seen = new Set<string>();
  let entries = 0;
  let total = 0;

  const filter = (file: UnzipFileInfo): boolean => {
    if (isDirectory(file.name)) return false;
    entries += 1;
    if (entries > max.maxEntries) {
      throw new DomainError('ZIP_TOO_MANY_ENTRIES', `the ZIP has more than ${max.maxEntries} files`, 'too_large', undefined, { maxEntries: max.maxEntries });
    }
    order.push(file.name);
    if (seen.has(file.name)) {
      refused.set(file.name, { code: 'ZIP_ENTRY_DUPLICATE', message: `${file.name} appears more than once in the ZIP: none of its copies is read` });
      return false;
    }
    seen.add(file.name);
    const problem = nameProblem(file.name);
    if (problem) {
      refused.set(file.name, { code: 'ZIP_ENTRY_NAME', message: `${file.name} ${problem}` });
      return false;
    }
    if (file.originalSize > max.maxEntryBytes) {
      refused.set(file.name, { code: 'XML_TOO_LARGE', message: `${file.name} is ${file.originalSize} bytes uncompressed, more than the ${max.maxEntryBytes} accepted for one RT` });
      return false;
    }
    total += file.originalSize;
    if (total > max.maxTotalUncompressedBytes) {
      throw new DomainError('ZIP_TOO_LARGE', `the ZIP holds more than ${max.maxTotalUncompressedBytes} bytes uncompressed`, 'too_large', undefined, {
        maxTotalUncompressedBytes: max.maxTotalUncompressedBytes,
      });
    }
    if (file.compression !== 0 && file.compression !== 8) {
      refused.set(file.name, { code: 'ZIP_ENTRY_COMPRESSION', message: `${file.name} uses compression method ${file.compression}; only stored and deflate are read` });
      return false;
    }
    return true;
  };

  let contents: Record<string, Uint8Array>;
  try {
    contents = unzipSync(zip, { filter });
  } catch (e) {
    if (e instanceof DomainError) throw e;
    throw new DomainError('ZIP_INVALID', `the file is not a readable ZIP archive: ${e instanceof Error ? e.message : String(e)}`);
  }

  const files: Rt62ZipFileResult[] = order.map((name) => {
    const error = refused.get(name);
    if (error) return { name, error };
    const bytes = Object.prototype.hasOwnProperty.call(contents, name) ? contents[name] : undefined;
    if (bytes === undefined) return { name, error: { code: 'ZIP_ENTRY_UNREADABLE', message: `${name} could not be read from the ZIP` } };
    try {
      return { name, receipt: parseRt62(bytes, { documentName: name, maxBytes: max.maxEntryBytes }) };
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return { name, error: { code: e.code, message: e.message } };
    }
  });
  const parsed = files.filter((f) => f.receipt).length;
  return { files, parsed, failed: files.length - parsed };
}

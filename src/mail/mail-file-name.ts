import { createHash } from 'node:crypto';

/** Filesystems cap a name at 255 bytes; the rest of the budget is for the hash suffix and ".eml". */
const MAX_READABLE = 180;

/**
 * A mail id becomes its .eml file name. Ids come from events ("receipt-mail:<uuid>") and must never
 * reach outside the day folder or trip a filesystem: every byte outside [A-Za-z0-9_.-] is written as
 * %XX (UTF-8), a leading "." too (no hidden files, no ".."), so distinct ids give distinct names that
 * work on Linux, macOS and Windows. An id too long for a file name keeps a readable start plus a hash
 * of the whole id; the id itself is always in the message's X-Quadra-Mail-Id header.
 */
export function mailFileName(id: string): string {
  let name = '';
  for (const byte of Buffer.from(id, 'utf8')) {
    const c = String.fromCharCode(byte);
    name += /[A-Za-z0-9_.-]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  if (name.startsWith('.')) name = `%2E${name.slice(1)}`;
  if (name.length > MAX_READABLE) {
    // "~" never appears in the escaped form, so a shortened name cannot equal a full one.
    name = `${name.slice(0, MAX_READABLE - 40)}~${createHash('sha256').update(id).digest('hex').slice(0, 32)}`;
  }
  return `${name}.eml`;
}

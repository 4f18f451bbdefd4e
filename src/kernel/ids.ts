import { createHash } from 'node:crypto';

/**
 * A name-based UUID (RFC 4122 version 5 layout over SHA-1). Used where the same input must give the same
 * event id: a retried request or a redelivered import row then re-appends ids the store already has,
 * which the store treats as a no-op.
 */
export function deterministicUuid(...parts: string[]): string {
  const h = createHash('sha1').update(parts.join('\u0000')).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export const sha256 = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

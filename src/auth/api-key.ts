import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256 } from '../kernel/ids';

/**
 * API keys look like "qk_<keyId>_<secret>". Only sha256(secret) is stored: the secret is 32 random bytes,
 * so a slow password hash would add nothing but latency to every request.
 */
export interface IssuedKey {
  keyId: string;
  secret: string;
  key: string;
  hash: string;
}

export function issueApiKey(): IssuedKey {
  const keyId = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { keyId, secret, key: `qk_${keyId}_${secret}`, hash: sha256(secret) };
}

export function parseApiKey(key: string): { keyId: string; secret: string } | undefined {
  const m = /^qk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/.exec(key);
  return m ? { keyId: m[1], secret: m[2] } : undefined;
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(sha256(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function constantTimeEquals(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

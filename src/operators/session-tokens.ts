import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a session token carries; signed, not encrypted: it holds nothing secret. */
export type SessionClaims =
  | { kind: 'operator'; codIpa: string; username: string; roles: string[]; iat: number; exp: number; jti: string }
  | { kind: 'citizen'; codiceFiscale: string; iat: number; exp: number; jti: string };

export type NewClaims = SessionClaims extends infer C ? (C extends SessionClaims ? Omit<C, 'iat' | 'exp' | 'jti'> : never) : never;

export const DEFAULT_SESSION_TTL_SECONDS = 8 * 3600;

/**
 * Stateless sessions: "qs1.<payload b64url>.<hmac b64url>". Any process with the secret can verify them, so api
 * processes behind a load balancer need no shared session store. Expiry is in the token; logout is a deny list.
 */
export class SessionTokens {
  constructor(
    private readonly secret: Buffer,
    private readonly ttlSeconds = DEFAULT_SESSION_TTL_SECONDS,
  ) {}

  /** The secret from QUADRA_SESSION_SECRET, or derived from the admin token (changing it logs everyone out). */
  static secretFrom(sessionSecret: string | undefined, adminToken: string): Buffer {
    if (sessionSecret) return Buffer.from(sessionSecret, 'utf8');
    return createHmac('sha256', adminToken).update('quadra session signing key v1').digest();
  }

  issue(claims: NewClaims, nowMs: number, ttlSeconds = this.ttlSeconds): { token: string; claims: SessionClaims } {
    const iat = Math.floor(nowMs / 1000);
    const full = { ...claims, iat, exp: iat + ttlSeconds, jti: randomBytes(9).toString('base64url') } as SessionClaims;
    const payload = Buffer.from(JSON.stringify(full)).toString('base64url');
    return { token: `qs1.${payload}.${this.sign(payload)}`, claims: full };
  }

  /** The claims of a well-signed, unexpired token; undefined for anything else. */
  verify(token: string, nowMs: number): SessionClaims | undefined {
    const m = /^qs1\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!m) return undefined;
    const expected = Buffer.from(this.sign(m[1]));
    const given = Buffer.from(m[2]);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    let claims: SessionClaims;
    try {
      claims = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8')) as SessionClaims;
    } catch {
      return undefined;
    }
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= nowMs) return undefined;
    return claims;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}

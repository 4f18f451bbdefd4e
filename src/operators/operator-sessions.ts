import { HttpException, Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../kernel/clock';
import { DomainError } from '../kernel/errors';
import type { Principal } from '../auth/principal';
import type { SessionVerifier } from '../auth/guards';
import { normaliseUsername } from './domain/operator.rules';
import { OperatorDirectory } from './operator.directory';
import { decoyHash, verifyPassword } from './password-hash';
import { LoginThrottle } from './login-throttle';
import { SessionTokens, type SessionClaims } from './session-tokens';

export const SESSION_TOKENS = Symbol('SessionTokens');

export interface OperatorLogin {
  token: string;
  expiresAt: string;
  operator: { codIpa: string; username: string; roles: string[] };
}

/**
 * Console sessions: login checks the password against the account's scrypt hash, then issues a signed token.
 * A token is accepted while unexpired, not logged out, and while its account still exists (a removed operator is
 * out at once); the roles are those of the account now, not those at login.
 */
@Injectable()
export class OperatorSessions implements SessionVerifier {
  private readonly throttle = new LoginThrottle();
  /** jti → expiry (ms) of logged-out tokens; per process, pruned as they expire. */
  private readonly loggedOut = new Map<string, number>();

  constructor(
    @Inject(SESSION_TOKENS) private readonly tokens: SessionTokens,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly operators: OperatorDirectory,
  ) {}

  private nowMs(): number {
    return Date.parse(this.clock.now());
  }

  async login(codIpa: string, usernameInput: string, password: string): Promise<OperatorLogin> {
    const username = normaliseUsername(usernameInput);
    const key = `${codIpa}/${username}`;
    const wait = this.throttle.retryAfterMs(key, this.nowMs());
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      throw new HttpException(
        { statusCode: 429, error: 'TOO_MANY_LOGIN_ATTEMPTS', message: `too many failed logins for "${username}" of ente ${codIpa}: try again in ${Math.ceil(seconds / 60)} minutes`, details: { retryAfterSeconds: seconds } },
        429,
      );
    }
    const account = await this.operators.get(codIpa, username);
    // Unknown user and wrong password cost the same time and give the same answer: the form reveals no usernames.
    const ok = await verifyPassword(password, account?.passwordHash ?? (await decoyHash()));
    if (!account || !ok) {
      this.throttle.fail(key, this.nowMs());
      throw new DomainError('LOGIN_FAILED', `username or password is not valid for ente ${codIpa}`, 'unauthorized');
    }
    this.throttle.succeed(key);
    const { token, claims } = this.tokens.issue({ kind: 'operator', codIpa, username, roles: [...account.roles] }, this.nowMs());
    return { token, expiresAt: new Date(claims.exp * 1000).toISOString(), operator: { codIpa, username, roles: [...account.roles] } };
  }

  claims(token: string): SessionClaims | undefined {
    const claims = this.tokens.verify(token, this.nowMs());
    if (!claims || this.loggedOut.has(claims.jti)) return undefined;
    return claims;
  }

  logout(token: string): void {
    const claims = this.claims(token);
    if (!claims) return;
    const now = this.nowMs();
    for (const [jti, exp] of this.loggedOut) if (exp <= now) this.loggedOut.delete(jti);
    this.loggedOut.set(claims.jti, claims.exp * 1000);
  }

  async verify(token: string): Promise<Principal | undefined> {
    const claims = this.claims(token);
    if (!claims || claims.kind !== 'operator') return undefined;
    const account = await this.operators.get(claims.codIpa, claims.username);
    if (!account) return undefined;
    return { kind: 'operator', codIpa: claims.codIpa, username: claims.username, roles: [...account.roles] };
  }

  issueCitizen(codiceFiscale: string): { token: string; expiresAt: string } {
    const { token, claims } = this.tokens.issue({ kind: 'citizen', codiceFiscale }, this.nowMs(), 3600);
    return { token, expiresAt: new Date(claims.exp * 1000).toISOString() };
  }
}

import { SessionTokens } from './session-tokens';
import { LoginThrottle } from './login-throttle';
import { hashPassword, verifyPassword } from './password-hash';

const T0 = Date.parse('2026-03-02T09:00:00Z');
const tokens = new SessionTokens(SessionTokens.secretFrom(undefined, 'admin-token-for-tests'));

describe('session tokens', () => {
  it('gives back the claims of a token until it expires, 8 hours by default', () => {
    const { token } = tokens.issue({ kind: 'operator', codIpa: 'c_h501', username: 'm.rossi', roles: ['operatore'] }, T0);
    expect(tokens.verify(token, T0 + 7.9 * 3600_000)).toMatchObject({ kind: 'operator', codIpa: 'c_h501', username: 'm.rossi' });
    expect(tokens.verify(token, T0 + 8 * 3600_000)).toBeUndefined();
  });

  it('refuses a token whose payload was changed, or signed with another secret', () => {
    const { token } = tokens.issue({ kind: 'operator', codIpa: 'c_h501', username: 'm.rossi', roles: ['operatore'] }, T0);
    const [, payload, sig] = token.split('.');
    const forged = Buffer.from(Buffer.from(payload, 'base64url').toString().replace('c_h501', 'c_f205')).toString('base64url');
    expect(tokens.verify(`qs1.${forged}.${sig}`, T0)).toBeUndefined();
    const other = new SessionTokens(SessionTokens.secretFrom('another secret', 'admin-token-for-tests'));
    expect(other.verify(token, T0)).toBeUndefined();
    expect(tokens.verify('qk_0123456789ab_x', T0)).toBeUndefined();
  });
});

describe('login throttle', () => {
  it('locks an account after 5 failures in 15 minutes and lets it try again when the window has passed', () => {
    const t = new LoginThrottle();
    for (let i = 0; i < 4; i++) t.fail('c_h501/m.rossi', T0 + i * 1000);
    expect(t.retryAfterMs('c_h501/m.rossi', T0 + 5000)).toBe(0);
    t.fail('c_h501/m.rossi', T0 + 5000);
    expect(t.retryAfterMs('c_h501/m.rossi', T0 + 6000)).toBe(15 * 60_000 - 6000);
    expect(t.retryAfterMs('c_h501/l.bianchi', T0 + 6000)).toBe(0);
    expect(t.retryAfterMs('c_h501/m.rossi', T0 + 15 * 60_000 + 1)).toBe(0);
  });

  it('forgets the failures of an account that logs in', () => {
    const t = new LoginThrottle(2);
    t.fail('a', T0);
    t.succeed('a');
    t.fail('a', T0 + 1);
    expect(t.retryAfterMs('a', T0 + 2)).toBe(0);
  });
});

describe('password hash', () => {
  it('verifies the right password only, and salts every hash', async () => {
    const h1 = await hashPassword('una password lunga');
    const h2 = await hashPassword('una password lunga');
    expect(h1).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(h1).not.toBe(h2);
    expect(h1).not.toContain('lunga');
    expect(await verifyPassword('una password lunga', h1)).toBe(true);
    expect(await verifyPassword('una password lungA', h1)).toBe(false);
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
  });
});

import { admin, bearer, ENTE_A, ENTE_B, registerEnteWithKey, startTestApp, ADMIN_TOKEN, type TestApp } from '../../test/helpers/test-app';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { SessionTokens } from './session-tokens';

const PASSWORD = 'una frase lunga e sicura';

describe('operators and console sessions (e2e)', () => {
  let t: TestApp;
  let keyA: string;

  beforeAll(async () => {
    t = await startTestApp();
    keyA = await registerEnteWithKey(t, ENTE_A);
    await registerEnteWithKey(t, ENTE_B);
    await t.http().post(`/api/v1/enti/${ENTE_A.codIpa}/operatori`).set(admin).send({ username: 'M.Rossi', password: PASSWORD, roles: ['operatore'] }).expect(201);
    await t.http().post(`/api/v1/enti/${ENTE_A.codIpa}/operatori`).set(admin).send({ username: 'capo', password: PASSWORD, roles: ['admin', 'operatore'] }).expect(201);
  });
  afterAll(() => t.close());

  const login = (username: string, password = PASSWORD, codIpa = ENTE_A.codIpa) => t.http().post('/api/v1/auth/login').send({ codIpa, username, password });

  it('logs an operator in with a token and an HttpOnly, SameSite=Strict cookie that opens the ente routes', async () => {
    const res = await login('m.rossi').expect(200);
    expect(res.body.operator).toEqual({ codIpa: ENTE_A.codIpa, username: 'm.rossi', roles: ['operatore'] });
    expect(Date.parse(res.body.expiresAt) - Date.now()).toBeGreaterThan(7.9 * 3600_000);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^quadra_session=qs1\.[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=28\d\d\d/);
    await t.http().get(`/api/v1/enti/${ENTE_A.codIpa}`).set('Cookie', cookie.split(';')[0]).expect(200);
    await t.http().get(`/api/v1/enti/${ENTE_A.codIpa}/dovuti`).set('x-quadra-session', res.body.token).expect(200);
    const me = await t.http().get('/api/v1/auth/sessione').set('Cookie', cookie.split(';')[0]).expect(200);
    expect(me.body.operator.username).toBe('m.rossi');
  });

  it("refuses an operator's session on another ente's routes with 403", async () => {
    const { body } = await login('m.rossi').expect(200);
    const res = await t.http().get(`/api/v1/enti/${ENTE_B.codIpa}/dovuti`).set(bearer(body.token)).expect(403);
    expect(res.body.message).toMatch(/not valid for ente c_f205/);
    // Nor can it log in at ente B, where it has no account.
    await login('m.rossi', PASSWORD, ENTE_B.codIpa).expect(401);
  });

  it('refuses a wrong password and an unknown user with the same answer', async () => {
    const wrong = await login('capo', 'password sbagliata!!').expect(401);
    const unknown = await login('nessuno').expect(401);
    expect(wrong.body.error).toBe('LOGIN_FAILED');
    expect(unknown.body.message).toBe(wrong.body.message);
  });

  it('refuses an expired session and a logged-out one', async () => {
    const tokens = new SessionTokens(SessionTokens.secretFrom(undefined, ADMIN_TOKEN));
    const { token } = tokens.issue({ kind: 'operator', codIpa: ENTE_A.codIpa, username: 'm.rossi', roles: ['operatore'] }, Date.now() - 9 * 3600_000);
    const res = await t.http().get(`/api/v1/enti/${ENTE_A.codIpa}/dovuti`).set('x-quadra-session', token).expect(401);
    expect(res.body.message).toMatch(/expired/);

    const live = (await login('m.rossi').expect(200)).body.token as string;
    await t.http().post('/api/v1/auth/logout').set('Cookie', `quadra_session=${live}`).expect(200);
    await t.http().get(`/api/v1/enti/${ENTE_A.codIpa}/dovuti`).set('x-quadra-session', live).expect(401);
  });

  it("lets only the admin token or an operator with role 'admin' manage accounts", async () => {
    const plain = (await login('m.rossi').expect(200)).body.token as string;
    await t.http().post(`/api/v1/enti/${ENTE_A.codIpa}/operatori`).set(bearer(plain)).send({ username: 'x.y', password: PASSWORD, roles: ['operatore'] }).expect(403);
    await t.http().get(`/api/v1/enti/${ENTE_A.codIpa}/operatori`).set(bearer(keyA)).expect(403);
    const boss = (await login('capo').expect(200)).body.token as string;
    await t.http().post(`/api/v1/enti/${ENTE_A.codIpa}/operatori`).set(bearer(boss)).send({ username: 'l.bianchi', password: PASSWORD, roles: ['operatore'] }).expect(201);
    const list = await t.http().get(`/api/v1/enti/${ENTE_A.codIpa}/operatori`).set(bearer(boss)).expect(200);
    expect(list.body.items.map((o: { username: string }) => o.username)).toEqual(['capo', 'l.bianchi', 'm.rossi']);
    expect(JSON.stringify(list.body)).not.toMatch(/scrypt/);
    // An admin of ente A has no say over ente B.
    await t.http().get(`/api/v1/enti/${ENTE_B.codIpa}/operatori`).set(bearer(boss)).expect(403);
  });

  it('refuses a short password, an unknown role and a duplicate username', async () => {
    const short = await t.http().post(`/api/v1/enti/${ENTE_A.codIpa}/operatori`).set(admin).send({ username: 'corto', password: 'troppo-bre', roles: ['operatore'] }).expect(400);
    expect(short.body.message).toMatch(/at least 12 characters/);
    await t.http().post(`/api/v1/enti/${ENTE_A.codIpa}/operatori`).set(admin).send({ username: 'ruolo', password: PASSWORD, roles: ['root'] }).expect(400);
    const dup = await t.http().post(`/api/v1/enti/${ENTE_A.codIpa}/operatori`).set(admin).send({ username: 'M.ROSSI', password: PASSWORD, roles: ['operatore'] }).expect(409);
    expect(dup.body.error).toBe('OPERATOR_EXISTS');
  });

  it('ends the sessions of a removed operator at once', async () => {
    await t.http().post(`/api/v1/enti/${ENTE_A.codIpa}/operatori`).set(admin).send({ username: 'temp.user', password: PASSWORD, roles: ['operatore'] }).expect(201);
    const token = (await login('temp.user').expect(200)).body.token as string;
    await t.http().get(`/api/v1/enti/${ENTE_A.codIpa}/dovuti`).set(bearer(token)).expect(200);
    await t.http().delete(`/api/v1/enti/${ENTE_A.codIpa}/operatori/temp.user`).set(admin).expect(200);
    await t.http().get(`/api/v1/enti/${ENTE_A.codIpa}/dovuti`).set(bearer(token)).expect(401);
    await t.http().delete(`/api/v1/enti/${ENTE_A.codIpa}/operatori/temp.user`).set(admin).expect(404);
  });

  it('locks an account after 5 failed logins, even for the right password', async () => {
    await t.http().post(`/api/v1/enti/${ENTE_A.codIpa}/operatori`).set(admin).send({ username: 'bersaglio', password: PASSWORD, roles: ['operatore'] }).expect(201);
    for (let i = 0; i < 5; i++) await login('bersaglio', `tentativo sbagliato ${i}`).expect(401);
    const res = await login('bersaglio').expect(429);
    expect(res.body.error).toBe('TOO_MANY_LOGIN_ATTEMPTS');
    await login('capo').expect(200);
  });

  it('never writes the clear password to the event log', async () => {
    const store = t.app.get<EventStore>(EVENT_STORE);
    const events = await store.readStream(`operators-${ENTE_A.codIpa}`);
    expect(events.length).toBeGreaterThan(2);
    const all = JSON.stringify(events, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
    expect(all).not.toContain(PASSWORD);
    expect(events[0].data).toMatchObject({ username: 'm.rossi', passwordHash: expect.stringMatching(/^scrypt\$/) });
  });

  it('issues a simulated citizen session for a valid codice fiscale only', async () => {
    expect((await t.http().get('/api/v1/auth/cittadino/config').expect(200)).body.mode).toBe('simulated');
    await t.http().post('/api/v1/auth/cittadino/login').send({ codiceFiscale: 'RSSMRA80A01H501X' }).expect(400);
    const res = await t.http().post('/api/v1/auth/cittadino/login').send({ codiceFiscale: 'rssmra80a01h501u' }).expect(200);
    const cookie = String(res.headers['set-cookie']).split(';')[0];
    expect((await t.http().get('/api/v1/auth/cittadino/sessione').set('Cookie', cookie).expect(200)).body.codiceFiscale).toBe('RSSMRA80A01H501U');
    // A citizen session opens no ente route.
    await t.http().get(`/api/v1/enti/${ENTE_A.codIpa}/dovuti`).set('x-quadra-session', res.body.token).expect(401);
  });
});

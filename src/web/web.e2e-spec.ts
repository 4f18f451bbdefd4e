import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { admin, ENTE_A, ENTE_B, IBAN, registerEnteWithKey, startTestApp, type TestApp } from '../../test/helpers/test-app';

/** A stand-in for web/dist, so that serving is tested without building the app. */
function fakeDist(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quadra-web-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Quadra</title><div id="app"></div>');
  fs.writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  fs.writeFileSync(path.join(dir, 'robots.txt'), 'User-agent: *');
  return dir;
}

describe('web app serving, enti catalogue and citizen routes (e2e)', () => {
  let t: TestApp;
  let dist: string;
  const previous = process.env.QUADRA_WEB_DIR;

  beforeAll(async () => {
    dist = fakeDist();
    process.env.QUADRA_WEB_DIR = dist;
    t = await startTestApp();
    await registerEnteWithKey(t, ENTE_A, ['TARI']);
    await registerEnteWithKey(t, ENTE_B, []);
    await t.http().put(`/api/v1/enti/${ENTE_A.codIpa}/tipi-dovuto/MENSA`).set(admin).send({ descrizione: 'Mensa scolastica', iban: IBAN, tassonomia: '0101100IM', spontaneous: true, importoFisso: '4.50' }).expect(200);
  });
  afterAll(async () => {
    if (previous === undefined) delete process.env.QUADRA_WEB_DIR;
    else process.env.QUADRA_WEB_DIR = previous;
    await t.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it('serves the app at / and at any page path, never cached, with a content security policy', async () => {
    for (const p of ['/', '/console', '/console/dovuti/ABC%201', '/portale/enti/c_h501']) {
      const res = await t.http().get(p).expect(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('<div id="app">');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    }
  });

  it('caches hashed assets for a year, and answers 404 for a missing asset instead of the app', async () => {
    const res = await t.http().get('/assets/index-abc123.js').expect(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await t.http().get('/robots.txt').expect(200)).headers['cache-control']).toBe('no-cache');
    await t.http().get('/assets/index-old999.js').expect(404);
    await t.http().get('/../../etc/passwd').expect(404);
  });

  it('leaves the server routes alone: /api, /health and /docs keep their own answers', async () => {
    const res = await t.http().get('/api/v1/nothing-here').expect(404);
    expect(res.headers['content-type']).toMatch(/json/);
    expect((await t.http().get('/health').expect((r) => expect([200, 503]).toContain(r.status))).headers['content-type']).toMatch(/json/);
    expect((await t.http().get('/docs-json').expect(200)).body.paths['/api/v1/catalogo-enti']).toBeDefined();
  });

  it('lists the enti to citizens, searchable by words, with the spontaneous tipi and their form', async () => {
    const all = await t.http().get('/api/v1/catalogo-enti?minPosition=1&waitMs=5000').expect(200);
    expect(all.body.items.map((e: { codIpa: string }) => e.codIpa).sort()).toEqual([ENTE_A.codIpa, ENTE_B.codIpa].sort());
    const hit = await t.http().get('/api/v1/catalogo-enti').query({ q: 'com rom' }).expect(200);
    expect(hit.body.items.map((e: { denominazione: string }) => e.denominazione)).toEqual(['Comune di Roma']);
    const only = await t.http().get('/api/v1/catalogo-enti').query({ conSpontanei: 'true' }).expect(200);
    expect(only.body.total).toBe(1);
    await t.http().get('/api/v1/catalogo-enti').query({ conSpontanei: 'forse' }).expect(400);
    const one = await t.http().get(`/api/v1/catalogo-enti/${ENTE_A.codIpa}`).expect(200);
    expect(one.body.tipiSpontanei).toEqual([expect.objectContaining({ codTipo: 'MENSA', descrizione: 'Mensa scolastica', importoFisso: '4.50', campi: [] })]);
    await t.http().get('/api/v1/catalogo-enti/c_x999').expect(404);
  });

  it("shows a citizen only their own dovuti, and nothing without a citizen session", async () => {
    await t.http().get('/api/v1/cittadino/dovuti').expect(401);
    const login = await t.http().post('/api/v1/auth/cittadino/login').send({ codiceFiscale: 'RSSMRA80A01H501U' }).expect(200);
    const res = await t.http().get('/api/v1/cittadino/dovuti?stato=da_pagare').set('x-quadra-session', login.body.token).expect(200);
    expect(res.body).toMatchObject({ items: [], total: 0 });
    await t.http().get('/api/v1/cittadino/ricevute').set('Cookie', `quadra_cittadino=${login.body.token}`).expect(200);
    // An operator session is not a citizen session.
    await t.http().post(`/api/v1/enti/${ENTE_A.codIpa}/operatori`).set(admin).send({ username: 'operatore1', password: 'operatore-lungo-12', roles: ['operatore'] }).expect(201);
    const op = await t.http().post('/api/v1/auth/login').send({ codIpa: ENTE_A.codIpa, username: 'operatore1', password: 'operatore-lungo-12' }).expect(200);
    await t.http().get('/api/v1/cittadino/dovuti').set('x-quadra-session', op.body.token).expect(401);
  });
});

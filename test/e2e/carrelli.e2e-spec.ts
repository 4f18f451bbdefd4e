import type { AddressInfo } from 'node:net';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { carrelloStreamId, simulatorCheckoutPath } from '../../src/carrelli/domain/carrello.events';
import { romeDate } from '../../src/exports/domain/export-row';
import { bearer, ENTE_A, ENTE_B, registerEnteWithKey, startTestApp, type TestApp } from '../helpers/test-app';

describe('iniziato presso ente: carrelli and pagati', () => {
  let t: TestApp;
  let keyA: string;
  let keyB: string;
  let store: EventStore;
  let baseUrl: string;
  let n = 0;

  async function dovuto(key: string, codIpa: string, importo = '10.00'): Promise<{ iud: string; iuv: string; numeroAvviso: string }> {
    const iud = `CART-${++n}`;
    const res = await t
      .http()
      .post(`/api/v1/enti/${codIpa}/dovuti`)
      .set(bearer(key))
      .send({ iud, tipoDovuto: 'TARI', importo, causale: `TARI rata ${n}`, pagatore: { tipo: 'F', codiceIdentificativo: 'RSSMRA80A01H501U', anagrafica: 'Mario Rossi' } })
      .expect(201);
    return { iud, iuv: res.body.iuv, numeroAvviso: res.body.numeroAvviso };
  }

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    keyA = await registerEnteWithKey(t, ENTE_A);
    keyB = await registerEnteWithKey(t, ENTE_B);
    store = t.app.get(EVENT_STORE);
  });
  afterAll(() => t.close());

  it('creates a cart of dovuti of two enti, sends the citizen to the simulator checkout, and reports the outcome and receipts once paid', async () => {
    const a = await dovuto(keyA, ENTE_A.codIpa, '12.50');
    const b = await dovuto(keyB, ENTE_B.codIpa, '7.50');
    const res = await t
      .http()
      .post(`/api/v1/enti/${ENTE_A.codIpa}/carrelli`)
      .set(bearer(keyA))
      .send({ dovuti: [{ iud: a.iud }, { codIpa: ENTE_B.codIpa, iud: b.iud }], returnUrl: 'https://gestionale.example.it/ritorno', emailPagatore: 'mario@example.it' })
      .expect(201);
    const id = res.body.id as string;
    expect(res.body.checkoutUrl).toBe(`${t.config.publicBaseUrl}${simulatorCheckoutPath(id)}`);
    expect(res.body.returnUrl).toBe('https://gestionale.example.it/ritorno');
    expect(res.headers['x-quadra-position']).toMatch(/^\d+$/);

    const before = await t.http().get(`/api/v1/enti/${ENTE_A.codIpa}/carrelli/${id}`).set(bearer(keyA)).expect(200);
    expect(before.body).toMatchObject({ esito: 'IN_CORSO', esitoRegistrato: false, totale: '20.00', dovuti: [{ iud: a.iud, stato: 'open', importo: '12.50' }, { codIpa: ENTE_B.codIpa, iud: b.iud, stato: 'open' }] });

    const page = await t.http().get(simulatorCheckoutPath(id)).expect(200);
    expect(page.text).toContain('€ 20,00');
    // The page's own form posts back to this server; the simulator pays through the SOAP endpoint it finds there.
    await fetch(`${baseUrl}${simulatorCheckoutPath(id)}/pay`, { method: 'POST', redirect: 'manual' });

    const after = await t.http().get(`/api/v1/enti/${ENTE_A.codIpa}/carrelli/${id}`).set(bearer(keyA)).expect(200);
    expect(after.body.esito).toBe('OK');
    expect(after.body.esitoRegistrato).toBe(true);
    for (const d of after.body.dovuti) {
      expect(d.stato).toBe('paid');
      expect(d.ricevuta).toEqual(expect.objectContaining({ receiptId: expect.any(String), importo: d.importo, idPSP: expect.any(String) }));
    }

    const head = (await store.headPosition()).toString();
    const pagati = await t.http().get(`/api/v1/enti/${ENTE_A.codIpa}/pagati?minPosition=${head}`).set(bearer(keyA)).expect(200);
    expect(pagati.body.total).toBe(1);
    expect(pagati.body.items[0]).toMatchObject({
      iud: a.iud,
      iuv: a.iuv,
      importoDovuto: '12.50',
      ricevuta: { identificativoUnivocoRiscossione: after.body.dovuti[0].ricevuta.receiptId, importoPagato: '12.50', esito: 'OK', idPSP: expect.any(String), dataOraPagamento: expect.any(String) },
    });
    // Ente-scoped: B's key sees B's payment only, never A's.
    const pagatiB = await t.http().get(`/api/v1/enti/${ENTE_B.codIpa}/pagati?minPosition=${head}`).set(bearer(keyB)).expect(200);
    expect(pagatiB.body.items.map((i: { iud: string }) => i.iud)).toEqual([b.iud]);
    await t.http().get(`/api/v1/enti/${ENTE_A.codIpa}/pagati`).set(bearer(keyB)).expect(403);
    // B cannot open A's cart through its own path either.
    await t.http().get(`/api/v1/enti/${ENTE_B.codIpa}/carrelli/${id}`).set(bearer(keyB)).expect(404);

    // The payment's day as pagoPA gives it, in Italy: from 23:00 or 22:00 UTC it is already tomorrow there.
    const today = romeDate(new Date().toISOString());
    const byIuv = await t.http().get(`/api/v1/enti/${ENTE_A.codIpa}/pagati?iuv=${a.iuv}&from=${today}&to=${today}`).set(bearer(keyA)).expect(200);
    expect(byIuv.body.total).toBe(1);
    const old = await t.http().get(`/api/v1/enti/${ENTE_A.codIpa}/pagati?from=2020-01-01&to=2020-12-31`).set(bearer(keyA)).expect(200);
    expect(old.body.total).toBe(0);
    const bad = await t.http().get(`/api/v1/enti/${ENTE_A.codIpa}/pagati?from=2024-02-30`).set(bearer(keyA)).expect(400);
    expect(bad.body.error).toBe('INVALID_DATE');

    // A paid dovuto can no longer go in a cart: 409 naming it, and no cart is recorded.
    const again = await t.http().post(`/api/v1/enti/${ENTE_A.codIpa}/carrelli`).set(bearer(keyA)).send({ dovuti: [{ iud: a.iud }], returnUrl: 'https://g.example.it/r' }).expect(409);
    expect(again.body.error).toBe('DOVUTO_ALREADY_PAID');
    expect(again.body.message).toContain(a.iud);
  });

  it('refuses unknown and cancelled dovuti with their IUD, a cart with none of the ente, and bad bodies; records nothing', async () => {
    const head = await store.headPosition();
    const open = await dovuto(keyA, ENTE_A.codIpa);
    const gone = await dovuto(keyA, ENTE_A.codIpa);
    await t.http().delete(`/api/v1/enti/${ENTE_A.codIpa}/dovuti/${gone.iud}`).set(bearer(keyA)).expect((r) => expect(r.status).toBeLessThan(300));
    const mid = await store.headPosition();
    expect(mid).toBeGreaterThan(head);

    const unknown = await t.http().post(`/api/v1/enti/${ENTE_A.codIpa}/carrelli`).set(bearer(keyA)).send({ dovuti: [{ iud: open.iud }, { iud: 'NON-ESISTE' }], returnUrl: 'https://g.example.it/r' }).expect(400);
    expect(unknown.body.error).toBe('DOVUTO_NOT_FOUND');
    expect(unknown.body.message).toContain('NON-ESISTE');
    const cancelled = await t.http().post(`/api/v1/enti/${ENTE_A.codIpa}/carrelli`).set(bearer(keyA)).send({ dovuti: [{ iud: open.iud }, { iud: gone.iud }], returnUrl: 'https://g.example.it/r' }).expect(409);
    expect(cancelled.body.error).toBe('DOVUTO_CANCELLED');
    expect(cancelled.body.message).toContain(gone.iud);
    const b = await dovuto(keyB, ENTE_B.codIpa);
    const notMine = await t.http().post(`/api/v1/enti/${ENTE_A.codIpa}/carrelli`).set(bearer(keyA)).send({ dovuti: [{ codIpa: ENTE_B.codIpa, iud: b.iud }], returnUrl: 'https://g.example.it/r' }).expect(403);
    expect(notMine.body.error).toBe('CARRELLO_NOT_OWNED');
    await t.http().post(`/api/v1/enti/${ENTE_A.codIpa}/carrelli`).set(bearer(keyA)).send({ dovuti: [{ iud: open.iud }], returnUrl: 'ftp://g.example.it/r' }).expect(400);
    await t.http().post(`/api/v1/enti/${ENTE_A.codIpa}/carrelli`).set(bearer(keyA)).send({ dovuti: [], returnUrl: 'https://g.example.it/r' }).expect(400);
    await t.http().post(`/api/v1/enti/${ENTE_A.codIpa}/carrelli`).set(bearer(keyB)).send({ dovuti: [{ iud: open.iud }], returnUrl: 'https://g.example.it/r' }).expect(403);
    const carts = (await store.readAll({ after: mid })).filter((e) => e.type === 'CarrelloCreated');
    expect(carts).toEqual([]);
  });

  it('returns the same cart for a retried POST with the same Idempotency-Key', async () => {
    const d = await dovuto(keyA, ENTE_A.codIpa);
    const body = { dovuti: [{ iud: d.iud }], returnUrl: 'https://g.example.it/r' };
    const first = await t.http().post(`/api/v1/enti/${ENTE_A.codIpa}/carrelli`).set(bearer(keyA)).set('Idempotency-Key', 'cart-retry-1').send(body).expect(201);
    const second = await t.http().post(`/api/v1/enti/${ENTE_A.codIpa}/carrelli`).set(bearer(keyA)).set('Idempotency-Key', 'cart-retry-1').send(body).expect(200);
    expect(second.body.id).toBe(first.body.id);
    expect(await store.readStream(carrelloStreamId(first.body.id))).toHaveLength(1);
  });
});

import type { AddressInfo } from 'node:net';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { carrelloStreamId, simulatorCheckoutPath } from '../../src/carrelli/domain/carrello.events';
import { positionStreamId } from '../../src/positions/domain/position.streams';
import { romeDate } from '../../src/exports/domain/export-row';
import { NodeSimulator } from '../../src/simulator/node-simulator';
import { canValidate, xmllint } from '../pagopa/helpers/xmllint';
import { fixturePath } from '../pagopa/helpers/shared-fixtures';
import { buildProgram } from '../../src/cli/main';
import { ADMIN_TOKEN, bearer, ENTE_A, ENTE_B, registerEnteWithKey, startTestApp, type TestApp } from '../helpers/test-app';

const FR_XSD = fixturePath('schemas', 'pagopa-api', 'xsd-common', 'FlussoRiversamento_1_0_4.xsd');
const OPI_XSD = fixturePath('schemas', 'p4pa-payhub-activities', 'xsd', 'OPI_GIORNALE_DI_CASSA_V_1_8.xsd');

describe('Node/PSP simulator against a running Quadra', () => {
  let t: TestApp;
  let baseUrl: string;
  let keyA: string;
  let keyB: string;
  let store: EventStore;
  let n = 0;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'quadra-sim-'));

  async function dovuto(key: string, codIpa: string, importo = '10.00'): Promise<{ iud: string; numeroAvviso: string; iuv: string; importo: number }> {
    const iud = `SIM-${++n}`;
    const res = await t
      .http()
      .post(`/api/v1/enti/${codIpa}/dovuti`)
      .set(bearer(key))
      .send({ iud, tipoDovuto: 'TARI', importo, causale: `TARI rata ${n}`, pagatore: { tipo: 'F', codiceIdentificativo: 'RSSMRA80A01H501U', anagrafica: 'Mario Rossi' } })
      .expect(201);
    return { iud, numeroAvviso: res.body.numeroAvviso, iuv: res.body.iuv, importo: Math.round(Number(importo) * 100) };
  }

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    keyA = await registerEnteWithKey(t, ENTE_A);
    keyB = await registerEnteWithKey(t, ENTE_B);
    store = t.app.get(EVENT_STORE);
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(out, { recursive: true, force: true });
  });

  it('pays notices over HTTP (verify → getPaymentV2 → sendRTV2) and produces valid end-of-day FRs and OPI journals with the anomalies asked for', async () => {
    const node = new NodeSimulator({ baseUrl, concurrency: 4 });
    try {
      const a = await Promise.all(Array.from({ length: 12 }, (_, i) => dovuto(keyA, ENTE_A.codIpa, `${10 + i}.00`)));
      const b = await Promise.all(Array.from({ length: 3 }, () => dovuto(keyB, ENTE_B.codIpa)));
      const paidA = await node.payAll(a.map((d) => d.numeroAvviso), { ente: ENTE_A });
      const paidB = await node.payAll(b.map((d) => d.numeroAvviso), { ente: ENTE_B, psp: 'UNCRITMM' });
      expect(paidA).toEqual({ paid: 12, failed: [] });
      expect(paidB).toEqual({ paid: 3, failed: [] });
      const stream = await store.readStream(positionStreamId(ENTE_A.codIpa, a[0]!.iud));
      expect(stream.map((e) => e.type)).toEqual(['PositionCreated', 'PaymentRequested', 'ReceiptReceived']);
      expect(stream[2]!.data).toMatchObject({ outcome: 'OK', amount: 1000, channel: 'paSendRTV2' });
      const receiptIds = new Set(node.payments.map((p) => p.receiptId));
      expect(receiptIds.size).toBe(15);

      // paying a paid notice again is refused as the real Node would hear it
      await expect(node.pay(a[0]!.numeroAvviso, { ente: ENTE_A })).rejects.toMatchObject({ faultCode: 'PAA_PAGAMENTO_DUPLICATO' });

      const date = node.payments[0]!.paymentDate;
      const eod = await node.endOfDay(date, {
        outDir: out,
        punctualEvery: 5,
        anomalies: { missingFrRow: 1, wrongAmount: 1, duplicateReport: 1, missingRiversamento: 1, riversamentoDifferentAmount: 1, movementWithoutCausale: 1 },
        codIpaOf: (cf) => (cf === ENTE_A.cfEnte ? ENTE_A.codIpa : undefined),
      });
      const frs = eod.files.filter((f) => f.kind === 'FR');
      const opis = eod.files.filter((f) => f.kind === 'OPI');
      expect(opis.map((f) => f.cfEnte).sort()).toEqual([ENTE_B.cfEnte, ENTE_A.cfEnte].sort());
      for (const f of frs) expect(f.iuf).toMatch(new RegExp(`^${date}${f.idPSP}-\\d+$`));
      expect(eod.anomalies.map((x) => x.kind).sort()).toEqual(['duplicateReport', 'missingFrRow', 'missingRiversamento', 'movementWithoutCausale', 'riversamentoDifferentAmount', 'wrongAmount']);
      expect(eod.punctual).toHaveLength(3);
      for (const p of eod.paths) expect(fs.existsSync(p)).toBe(true);

      const opiA = opis.find((f) => f.cfEnte === ENTE_A.cfEnte)!.content;
      const missing = eod.anomalies.find((x) => x.kind === 'missingRiversamento')!.iuf!;
      for (const f of frs.filter((f) => f.cfEnte === ENTE_A.cfEnte && f.iuf !== missing)) expect(opiA).toContain(`/PUR/LGPE-RIVERSAMENTO/URI/${f.iuf}`);
      expect(opiA).not.toContain(`/URI/${missing}<`);
      for (const p of eod.punctual.filter((p) => p.cfEnte === ENTE_A.cfEnte)) expect(opiA).toContain(`/RFB/${p.iuv}/`);
      const noCausale = eod.anomalies.find((x) => x.kind === 'movementWithoutCausale')!;
      expect(opis.find((f) => f.cfEnte === noCausale.cfEnte)!.content).toContain('RIMBORSO SPESE NOTIFICA');
      const dup = eod.anomalies.find((x) => x.kind === 'duplicateReport')!;
      const dupFr = frs.find((f) => f.iuf === dup.iuf)!.content;
      expect(dupFr.split(`<identificativoUnivocoVersamento>${dup.iuv}<`).length - 1).toBe(2);
      expect(dupFr).toContain('<codiceEsitoSingoloPagamento>9</codiceEsitoSingoloPagamento>');

      if (canValidate) {
        for (const f of frs) expect(xmllint(f.content, FR_XSD)).toEqual({ valid: true, output: '' });
        for (const f of opis) expect(xmllint(f.content, OPI_XSD)).toEqual({ valid: true, output: '' });
      } else {
        console.log('SKIP: simulator XSD validation: xmllint or shared/fixtures not found');
      }
    } finally {
      node.close();
    }
  });

  it('quadra simulate pays open dovuti of the ente over HTTP and writes the end-of-day files', async () => {
    const d1 = await dovuto(keyB, ENTE_B.codIpa, '5.00');
    const d2 = await dovuto(keyB, ENTE_B.codIpa, '6.00');
    const head = (await store.headPosition()).toString();
    await t.http().get(`/api/v1/enti/${ENTE_B.codIpa}/dovuti?minPosition=${head}`).set(bearer(keyB)).expect(200);
    const dir = path.join(out, 'cli');
    const lines: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
    const errSpy = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await buildProgram().parseAsync(['node', 'quadra', 'simulate', '--ente', ENTE_B.codIpa, '--pay', '5', '--url', baseUrl, '--token', ADMIN_TOKEN, '--out', dir, '--end-of-day', romeDate(new Date().toISOString()), '--anomalies', 'no-causale']);
    } finally {
      spy.mockRestore();
      errSpy.mockRestore();
    }
    expect(lines.join('')).toContain(`paid 2 of 2 open dovuti of ${ENTE_B.codIpa}`);
    for (const d of [d1, d2]) expect((await store.readStream(positionStreamId(ENTE_B.codIpa, d.iud))).map((e) => e.type)).toContain('ReceiptReceived');
    expect(fs.readdirSync(dir).some((f) => f.startsWith('OPI_GDC_'))).toBe(true);
  });

  describe('checkout page', () => {
    async function carrello(items: { iud: string; numeroAvviso: string; iuv: string; importo: number }[]): Promise<string> {
      const id = randomUUID();
      const total = items.reduce((s, i) => s + i.importo, 0);
      await store.append(
        carrelloStreamId(id),
        [
          {
            id: randomUUID(),
            type: 'CarrelloCreated',
            data: { id, codIpa: ENTE_A.codIpa, items: items.map((i) => ({ codIpa: ENTE_A.codIpa, iud: i.iud, iuv: i.iuv, numeroAvviso: i.numeroAvviso, importo: i.importo, causale: `Causale ${i.iud}` })), total, checkoutUrl: `${baseUrl}${simulatorCheckoutPath(id)}`, returnUrl: 'https://gestionale.example.it/ritorno?x=1', at: new Date().toISOString() },
            metadata: { correlationId: 't', actor: 'test', occurredAt: new Date().toISOString(), schemaVersion: 1 },
          },
        ],
        'no_stream',
      );
      return id;
    }

    it('shows the items and total in Italian, pays each item through the SOAP endpoint and returns to the gestionale with esito=OK', async () => {
      const items = [await dovuto(keyA, ENTE_A.codIpa, '12.50'), await dovuto(keyA, ENTE_A.codIpa, '7.50')];
      const id = await carrello(items);
      const page = await t.http().get(simulatorCheckoutPath(id)).expect(200);
      expect(page.type).toBe('text/html');
      expect(page.text).toContain('<html lang="it">');
      expect(page.text).toContain('€ 20,00');
      expect(page.text).toContain(items[0]!.numeroAvviso);
      expect(page.text).toMatch(/<button type="submit">Paga/);
      expect(page.text).toMatch(/<button type="submit">Annulla<\/button>/);

      const res = await t.http().post(`${simulatorCheckoutPath(id)}/pay`).expect(303);
      expect(res.headers.location).toBe(`https://gestionale.example.it/ritorno?x=1&esito=OK&idCarrello=${id}`);
      for (const i of items) expect((await store.readStream(positionStreamId(ENTE_A.codIpa, i.iud))).map((e) => e.type)).toContain('ReceiptReceived');
      const cart = await store.readStream(carrelloStreamId(id));
      expect(cart[1]).toMatchObject({ type: 'CarrelloOutcomeRecorded', data: { id, outcome: 'OK', receipts: [expect.objectContaining({ iuv: items[0]!.iuv, outcome: 'OK' }), expect.objectContaining({ iuv: items[1]!.iuv, outcome: 'OK' })] } });

      const again = await t.http().post(`${simulatorCheckoutPath(id)}/pay`).expect(303);
      expect(again.headers.location).toBe(res.headers.location);
      expect(await store.readStream(carrelloStreamId(id))).toHaveLength(2);
    });

    it('Annulla records KO and returns esito=KO, paying nothing', async () => {
      const item = await dovuto(keyA, ENTE_A.codIpa);
      const id = await carrello([item]);
      const res = await t.http().post(`${simulatorCheckoutPath(id)}/cancel`).expect(303);
      expect(res.headers.location).toContain(`esito=KO&idCarrello=${id}`);
      expect((await store.readStream(positionStreamId(ENTE_A.codIpa, item.iud))).map((e) => e.type)).toEqual(['PositionCreated']);
      await t.http().get(simulatorCheckoutPath('no-such-cart')).expect(404);
    });
  });
});

describe('the simulator is not mounted in production unless SIMULATOR=on', () => {
  it('answers 404 in production', async () => {
    const t = await startTestApp({ NODE_ENV: 'production' });
    try {
      await t.http().post('/simulator/echo').send({ a: 1 }).expect(404);
    } finally {
      await t.close();
    }
  });
});

import type { AddressInfo } from 'node:net';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { JOB_QUEUE, type JobQueue } from '../../src/jobs/job-queue.port';
import { READ_STORE, type ReadStore } from '../../src/read-store/read-store.port';
import { ReactorRunner } from '../../src/reactors/reactor-runner';
import { positionStreamId } from '../../src/positions/domain/position.streams';
import { RECEIPT_MAIL_QUEUE, receiptMailReactor } from '../../src/pagopa/citizen/receipt-mail.reactor';
import { ReceiptMailJobHandler } from '../../src/pagopa/citizen/receipt-mail.job';
import { avvisoInput } from '../../src/pagopa/citizen/documents-input';
import { renderAvviso } from '../../src/pagopa/documents/avviso-pdf';
import { NodeSimulator } from '../../src/simulator/node-simulator';
import { bearer, ENTE_A, registerEnteWithKey, startTestApp, type TestApp } from '../helpers/test-app';

function emlFiles(dataDir: string): string[] {
  const root = path.join(dataDir, 'mail');
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.eml')).map((f) => path.join(root, f));
}

async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('receipts for citizens: mail after a positive receipt, avviso and ricevuta PDFs', () => {
  let t: TestApp;
  let key: string;
  let node: NodeSimulator;
  let n = 0;

  const dovuto = async (email?: string) => {
    const iud = `CIT-${++n}`;
    const res = await t
      .http()
      .post(`/api/v1/enti/${ENTE_A.codIpa}/dovuti`)
      .set(bearer(key))
      .send({ iud, tipoDovuto: 'TARI', importo: '147.92', dataScadenza: '2026-12-31', causale: 'TARI 2026 rata unica', pagatore: { tipo: 'F', codiceIdentificativo: 'RSSMRA80A01H501U', anagrafica: 'Mario Rossi', ...(email && { email }) } })
      .expect(201);
    return { iud, numeroAvviso: res.body.numeroAvviso as string, iuv: res.body.iuv as string };
  };

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    node = new NodeSimulator({ baseUrl: `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`, concurrency: 2 });
    key = await registerEnteWithKey(t, ENTE_A);
  });
  afterAll(async () => {
    node.close();
    await t.close();
  });

  it('paying through the simulator sends exactly one mail with the ricevuta PDF, even when the event is redelivered', async () => {
    const d = await dovuto('mario.rossi@example.it');
    await node.pay(d.numeroAvviso, { ente: ENTE_A });
    const [file] = await waitFor('the receipt mail', () => emlFiles(t.dataDir).length > 0 && emlFiles(t.dataDir));
    const eml = fs.readFileSync(file!, 'utf8');
    expect(eml).toMatch(/^To: mario\.rossi@example\.it/m);
    expect(eml).toContain(d.numeroAvviso);
    expect(eml).toMatch(/Content-Type: application\/pdf/i);
    expect(eml).toContain(`ricevuta-${d.iuv}.pdf`);

    // Redelivery: the reactor forgets its checkpoint and reads the log again, as after a crash.
    const events = t.app.get<EventStore>(EVENT_STORE);
    const reads = t.app.get<ReadStore>(READ_STORE);
    const jobs = t.app.get<JobQueue>(JOB_QUEUE);
    const receipt = (await events.readStream(positionStreamId(ENTE_A.codIpa, d.iud))).find((e) => e.type === 'ReceiptReceived')!;
    const head = String(await events.headPosition());
    await reads.applyBatch('reactor.receipt-mail', { upserts: [], deletes: [] }, { position: 0n });
    const again = new ReactorRunner(receiptMailReactor, events, reads, jobs);
    await again.start();
    await waitFor('the redelivery', () => again.status().position === head);
    await again.stop();
    await jobs.drain(RECEIPT_MAIL_QUEUE, { timeoutMs: 5000 });
    // and the job itself run again (a retry in another process): the mailer recognises the message
    await t.app.get(ReceiptMailJobHandler).run({ codIpa: ENTE_A.codIpa, iud: d.iud, receiptId: (receipt.data as { receiptId: string }).receiptId, eventId: receipt.id, to: 'mario.rossi@example.it' });
    expect(emlFiles(t.dataDir)).toEqual([file]);
  });

  it('a receipt without any e-mail sends no mail', async () => {
    const before = emlFiles(t.dataDir).length;
    const d = await dovuto();
    await node.pay(d.numeroAvviso, { ente: ENTE_A });
    const jobs = t.app.get<JobQueue>(JOB_QUEUE);
    await new Promise((r) => setTimeout(r, 300));
    await jobs.drain(RECEIPT_MAIL_QUEUE, { timeoutMs: 5000 });
    expect(emlFiles(t.dataDir)).toHaveLength(before);
  });

  it('GET avviso.pdf serves the notice; its QR code carries PAGOPA|002|numero avviso|CF ente|importo in cents', async () => {
    const d = await dovuto();
    const res = await t.http().get(`/api/v1/enti/${ENTE_A.codIpa}/dovuti/${d.iud}/avviso.pdf`).set(bearer(key)).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(res.type).toBe('application/pdf');
    expect((res.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    const stream = await t.app.get<EventStore>(EVENT_STORE).readStream(positionStreamId(ENTE_A.codIpa, d.iud));
    const { at: _at, ...position } = stream[0]!.data as Record<string, unknown>;
    const rendered = await renderAvviso(avvisoInput(position as never, { ...ENTE_A }, 'Tipo TARI', '2026-01-10T10:00:00+01:00'));
    expect(rendered.qrPayload).toBe(`PAGOPA|002|${d.numeroAvviso}|${ENTE_A.cfEnte}|14792`);
    await t.http().get(`/api/v1/enti/${ENTE_A.codIpa}/dovuti/NOPE/avviso.pdf`).set(bearer(key)).expect(404);
    await t.http().get(`/api/v1/enti/${ENTE_A.codIpa}/dovuti/${d.iud}/avviso.pdf`).expect(401);
  });

  it('GET ricevuta.pdf serves the receipt once paid, 404 before', async () => {
    const d = await dovuto();
    const before = await t.http().get(`/api/v1/enti/${ENTE_A.codIpa}/dovuti/${d.iud}/ricevuta.pdf`).set(bearer(key)).expect(404);
    expect(before.body.error).toBe('RICEVUTA_NOT_FOUND');
    await node.pay(d.numeroAvviso, { ente: ENTE_A });
    const res = await t.http().get(`/api/v1/enti/${ENTE_A.codIpa}/dovuti/${d.iud}/ricevuta.pdf`).set(bearer(key)).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(res.type).toBe('application/pdf');
    expect((res.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
  });
});

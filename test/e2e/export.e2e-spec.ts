import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { strFromU8, unzipSync } from 'fflate';
import { createApp } from '../../src/main';
import { loadConfig } from '../../src/config/config';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { JOB_QUEUE, type JobQueue } from '../../src/jobs/job-queue.port';
import { NodeSimulator } from '../../src/simulator/node-simulator';
import { EXPORT_QUEUE, EXPORT_REGISTRY_STREAM, exportStreamId } from '../../src/exports/domain/export.events';
import { ADMIN_TOKEN, bearer, ENTE_A, registerEnteWithKey, startTestApp, type TestApp } from '../helpers/test-app';

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('prenota export of paid dovuti', () => {
  let t: TestApp;
  let key: string;
  let store: EventStore;
  let jobs: JobQueue;
  let baseUrl: string;
  let n = 0;

  async function dovuto(tipoDovuto: string, importo: string): Promise<{ iud: string; iuv: string; numeroAvviso: string }> {
    const iud = `EXP-${++n}`;
    const res = await t
      .http()
      .post(`/api/v1/enti/${ENTE_A.codIpa}/dovuti`)
      .set(bearer(key))
      .send({
        iud,
        tipoDovuto,
        importo,
        causale: `${tipoDovuto}; rata ${n}`,
        pagatore: { tipo: 'F', codiceIdentificativo: 'RSSMRA80A01H501U', anagrafica: 'Mario Rossi' },
        bilancio: { capitoli: [{ codCapitolo: 'CAP-1', codUfficio: 'UFF', codAccertamento: 'ACC-9', importo }] },
      })
      .expect(201);
    return { iud, iuv: res.body.iuv, numeroAvviso: res.body.numeroAvviso };
  }

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    key = await registerEnteWithKey(t, ENTE_A, ['TARI', 'MENSA']);
    store = t.app.get(EVENT_STORE);
    jobs = t.app.get(JOB_QUEUE);
  });
  afterAll(() => t.close());

  it('writes the paid dovuti of the period and tipo to <codIpa>-export-<id>.zip with the MyPay columns, and serves it', async () => {
    const tari = [await dovuto('TARI', '12.50'), await dovuto('TARI', '30.00')];
    const unpaid = await dovuto('TARI', '9.00');
    const mensa = await dovuto('MENSA', '4.20');
    const node = new NodeSimulator({ baseUrl, concurrency: 1 });
    try {
      for (const d of [...tari, mensa]) await node.pay(d.numeroAvviso, { ente: ENTE_A });
    } finally {
      node.close();
    }
    const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/Rome' });
    const booked = await t.http().post(`/api/v1/enti/${ENTE_A.codIpa}/export`).set(bearer(key)).send({ from: today, to: today, tipoDovuto: 'TARI' }).expect(202);
    const id = booked.body.id as string;
    expect(booked.headers.location).toBe(`/api/v1/enti/${ENTE_A.codIpa}/export/${id}`);
    await jobs.drain(EXPORT_QUEUE, { timeoutMs: 30_000 });

    const state = await t.http().get(`/api/v1/enti/${ENTE_A.codIpa}/export/${id}`).set(bearer(key)).expect(200);
    expect(state.body).toMatchObject({ stato: 'COMPLETATO', righe: 2, tipoDovuto: 'TARI', links: { file: `/api/v1/enti/${ENTE_A.codIpa}/export/${id}/file` } });
    const events = (await store.readStream(exportStreamId(ENTE_A.codIpa, id))).map((e) => e.type);
    expect(events).toEqual(['ExportRequested', 'ExportCompleted']);

    const file = await t.http().get(state.body.links.file).set(bearer(key)).buffer(true).parse(binary).expect(200);
    expect(file.headers['content-disposition']).toContain(`${ENTE_A.codIpa}-export-${id}.zip`);
    expect(createHash('sha256').update(file.body as Buffer).digest('hex')).toBe(state.body.sha256);
    const entries = unzipSync(new Uint8Array(file.body as Buffer));
    expect(Object.keys(entries)).toEqual([`${ENTE_A.codIpa}-export-${id}.csv`]);
    const lines = strFromU8(Object.values(entries)[0]!).trimEnd().split('\r\n');
    expect(lines[0]!.split(';')).toEqual(expect.arrayContaining(['IUF', 'IUD', 'IUV', 'identificativoUnivocoRiscossione', 'singoloImportoPagato', 'bilancio']));
    expect(lines).toHaveLength(3);
    const body = lines.slice(1).join('\n');
    for (const d of tari) expect(body).toContain(d.iuv);
    expect(body).not.toContain(unpaid.iuv);
    expect(body).not.toContain(mensa.iuv);
    expect(body).toContain(';12.50;');
    expect(body).toContain(`;${today};`);
    // A causale with the delimiter is quoted, and the bilancio column is the MyPay XML.
    expect(body).toContain('"TARI; rata 1"');
    expect(body).toContain('<bilancio><capitolo><codCapitolo>CAP-1</codCapitolo><codUfficio>UFF</codUfficio><accertamento><codAccertamento>ACC-9</codAccertamento><importo>12.50</importo></accertamento></capitolo></bilancio>');
    expect(fs.existsSync(path.join(t.dataDir, 'exports', ENTE_A.codIpa, `${ENTE_A.codIpa}-export-${id}.zip`))).toBe(true);
  });

  it('refuses a range over a year, impossible dates and an unknown tipo; an unknown export is 404 and another ente cannot see it', async () => {
    const long = await t.http().post(`/api/v1/enti/${ENTE_A.codIpa}/export`).set(bearer(key)).send({ from: '2023-01-01', to: '2024-06-30' }).expect(400);
    expect(long.body.error).toBe('EXPORT_RANGE_TOO_LONG');
    expect((await t.http().post(`/api/v1/enti/${ENTE_A.codIpa}/export`).set(bearer(key)).send({ from: '2024-02-30', to: '2024-03-01' }).expect(400)).body.error).toBe('INVALID_DATE');
    expect((await t.http().post(`/api/v1/enti/${ENTE_A.codIpa}/export`).set(bearer(key)).send({ from: '2024-01-01', to: '2024-03-01', tipoDovuto: 'IMU' }).expect(400)).body.error).toBe('TIPO_DOVUTO_NOT_FOUND');
    await t.http().get(`/api/v1/enti/${ENTE_A.codIpa}/export/nope`).set(bearer(key)).expect(404);
    const empty = await t.http().post(`/api/v1/enti/${ENTE_A.codIpa}/export`).set(bearer(key)).send({ from: '2020-01-01', to: '2020-12-31' }).expect(202);
    await jobs.drain(EXPORT_QUEUE, { timeoutMs: 30_000 });
    expect((await t.http().get(`/api/v1/enti/${ENTE_A.codIpa}/export/${empty.body.id}`).set(bearer(key)).expect(200)).body).toMatchObject({ stato: 'COMPLETATO', righe: 0 });
    await t.http().get(`/api/v1/enti/c_f205/export/${empty.body.id}`).set(bearer(key)).expect(403);
  });
});

describe('an export booked before a crash', () => {
  it('is queued again when the process starts and completes', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quadra-export-'));
    const env = { DATA_DIR: dataDir, QUADRA_ADMIN_TOKEN: ADMIN_TOKEN, PORT: '0' };
    let app: INestApplication | undefined;
    try {
      app = await createApp(loadConfig(env), { logger: false });
      await app.init();
      const t = { http: () => request(app!.getHttpServer()) } as TestApp;
      await registerEnteWithKey(t, ENTE_A);
      // The booking reached the log, the job never ran: what a process killed right after the append leaves behind.
      const id = randomUUID();
      const meta = { correlationId: 'crash', actor: 'admin', occurredAt: new Date().toISOString(), schemaVersion: 1 };
      await app.get<EventStore>(EVENT_STORE).appendBatch([
        { streamId: exportStreamId(ENTE_A.codIpa, id), events: [{ id: randomUUID(), type: 'ExportRequested', data: { id, codIpa: ENTE_A.codIpa, from: '2024-01-01', to: '2024-01-31', at: meta.occurredAt }, metadata: meta }], expectedRevision: 'no_stream' },
        { streamId: EXPORT_REGISTRY_STREAM, events: [{ id: randomUUID(), type: 'ExportBooked', data: { codIpa: ENTE_A.codIpa, id }, metadata: meta }], expectedRevision: 'any' },
      ]);
      await app.close();

      app = await createApp(loadConfig(env), { logger: false });
      await app.init();
      await app.get<JobQueue>(JOB_QUEUE).drain(EXPORT_QUEUE, { timeoutMs: 30_000 });
      const types = (await app.get<EventStore>(EVENT_STORE).readStream(exportStreamId(ENTE_A.codIpa, id))).map((e) => e.type);
      expect(types).toEqual(['ExportRequested', 'ExportCompleted']);
    } finally {
      await app?.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

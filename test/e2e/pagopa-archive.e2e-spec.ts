import type { AddressInfo } from 'node:net';
import { unzipSync } from 'fflate';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { JOB_QUEUE, type JobQueue } from '../../src/jobs/job-queue.port';
import { flowHeader } from '../../src/flows/domain/flow-columns';
import { flowStreamId } from '../../src/flows/domain/flow-import.events';
import { zipTextFile } from '../../src/flows/files/zip-file';
import { AVVISI_ZIP_QUEUE } from '../../src/pagopa/citizen/avvisi-zip.reactor';
import { extractText } from '../../src/pagopa/documents/testing/pdf-inspect';
import { NodeSimulator } from '../../src/simulator/node-simulator';
import { admin, bearer, ENTE_A, registerEnteWithKey, startTestApp, type TestApp } from '../helpers/test-app';

const COD = ENTE_A.codIpa;
const MARIO = 'RSSMRA80A01H501U';
const LUCIA = 'RSSMRA85T10A562S';

/** A 1_0 flow row: IUD; codIuv; F; CF; anagrafica; 7 address fields; mail; scadenza; importo; commissione; tipo; tipoVersamento; causale; dsr; azione. */
const row10 = (iud: string, cf: string, importo: string, azione = 'I') =>
  [iud, '', 'F', cf, 'Mario Rossi', '', '', '', '', '', '', '', '2030-12-31', importo, '', 'TARI', 'ALL', `TARI ${iud}`, '9/0101100IM/', azione].join(';');
const flow10 = (name: string, rows: string[]) => zipTextFile(`${name}.csv`, [flowHeader('1_0'), ...rows].join('\r\n') + '\r\n');

/** supertest collects a ZIP answer as a Buffer only with a parser. */
const binary = (res: NodeJS.ReadableStream, done: (e: Error | null, b: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('issue 5 leftovers: <name>_AVVISI_PDF.zip of an imported flow, the citizen archive by codice fiscale', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    key = await registerEnteWithKey(t, ENTE_A);
  });
  afterAll(() => t.close());

  it('after a flow import a job writes one avviso PDF per accepted row into <name>_AVVISI_PDF.zip, served to the ente', async () => {
    const name = `${COD}-AVV_1-1_0`;
    const up = await t
      .http()
      .post(`/api/v1/enti/${COD}/flussi`)
      .set(bearer(key))
      .attach('file', Buffer.from(flow10(name, [row10('AVV-1', MARIO, '10.00'), row10('AVV-2', MARIO, 'dieci'), row10('AVV-3', LUCIA, '25.50')])), { filename: `${name}.zip`, contentType: 'application/zip' })
      .expect(202);
    const jobs = t.app.get<JobQueue>(JOB_QUEUE);
    await jobs.drain('flow-import', { timeoutMs: 30_000 });
    const flow = (await t.http().get(`/api/v1/enti/${COD}/flussi/${up.body.id}`).set(bearer(key)).expect(200)).body;
    expect(flow).toMatchObject({ stato: 'completed', accettate: 2, scartate: 1 });
    // the reactor follows the log on a timer: wait until it has queued the job (its id comes from the completion
    // event), then for the job itself, so the download below serves the ZIP the job wrote
    const completed = (await t.app.get<EventStore>(EVENT_STORE).readStream(flowStreamId(COD, up.body.id))).find((e) => e.type === 'FlowImportCompleted')!;
    const jobId = `avvisi-zip-${completed.id}`;
    for (let i = 0; i < 200 && (await jobs.state(AVVISI_ZIP_QUEUE, jobId)).state === 'unknown'; i++) await new Promise((r) => setTimeout(r, 25));
    await jobs.drain(AVVISI_ZIP_QUEUE, { timeoutMs: 30_000 });
    expect((await jobs.state(AVVISI_ZIP_QUEUE, jobId)).state).toBe('completed');

    const res = await t.http().get(`/api/v1/enti/${COD}/flussi/${up.body.id}/avvisi.zip`).set(bearer(key)).buffer(true).parse(binary as never).expect(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${name}_AVVISI_PDF.zip"`);
    const entries = unzipSync(new Uint8Array(res.body as Buffer));
    const names = Object.keys(entries);
    expect(names).toHaveLength(2);
    const iuvCsv = (await t.http().get(flow.links.iuv).set(bearer(key)).expect(200)).text;
    for (const iud of ['AVV-1', 'AVV-3']) {
      const numeroAvviso = new RegExp(`${iud};\\d*;(\\d{18})`).exec(iuvCsv)![1]!;
      const pdf = entries[`avviso-${numeroAvviso}.pdf`];
      expect(pdf).toBeDefined();
      const text = extractText(Buffer.from(pdf!));
      expect(text).toContain(iud === 'AVV-1' ? '10,00' : '25,50');
    }

    // another ente's key cannot read it, and a flow still unknown is a 404
    const other = await registerEnteWithKey(t, { codIpa: 'c_f205', cfEnte: '01199250158', denominazione: 'Comune di Milano', segregationCode: '02', idStazione: '01199250158_01', idIntermediario: '01199250158' });
    await t.http().get(`/api/v1/enti/${COD}/flussi/${up.body.id}/avvisi.zip`).set(bearer(other)).expect(403);
    expect((await t.http().get(`/api/v1/enti/${COD}/flussi/NOPE/avvisi.zip`).set(bearer(key)).expect(404)).body.error).toBe('FLOW_NOT_FOUND');
  });

  it('the archive of a codice fiscale lists its dovuti and receipts at the ente, for the admin or that citizen only', async () => {
    const create = (iud: string, cf: string) =>
      t.http().post(`/api/v1/enti/${COD}/dovuti`).set(bearer(key)).send({ iud, tipoDovuto: 'TARI', importo: '147.92', dataScadenza: '2030-12-31', causale: `TARI ${iud}`, pagatore: { tipo: 'F', codiceIdentificativo: cf, anagrafica: 'Mario Rossi' } }).expect(201);
    const paid = (await create('ARC-PAID', MARIO)).body;
    await create('ARC-OWED', MARIO);
    await create('ARC-LUCIA', LUCIA);
    const node = new NodeSimulator({ baseUrl: `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`, concurrency: 1 });
    try {
      await node.pay(paid.numeroAvviso, { ente: ENTE_A });
    } finally {
      node.close();
    }
    const at = (await t.app.get<EventStore>(EVENT_STORE).headPosition()).toString();

    const ricevute = (await t.http().get(`/api/v1/cittadini/${MARIO}/ricevute?minPosition=${at}`).set(admin).expect(200)).body;
    expect(ricevute.items.map((r: { iud: string }) => r.iud)).toEqual(['ARC-PAID']);
    expect(ricevute.items[0]).toMatchObject({ codIpa: COD, importo: '147.92' });
    const owed = (await t.http().get(`/api/v1/cittadini/${MARIO}/posizioni?stato=da_pagare&minPosition=${at}`).set(admin).expect(200)).body;
    expect(owed.items.map((p: { iud: string }) => p.iud)).toContain('ARC-OWED');
    expect(owed.items.map((p: { iud: string }) => p.iud)).not.toContain('ARC-PAID');
    expect(owed.items.map((p: { iud: string }) => p.iud)).not.toContain('ARC-LUCIA');

    // Mario's own session opens his archive and not Lucia's; an ente key opens none; nobody gets in without credentials
    const login = await t.http().post('/api/v1/auth/cittadino/login').send({ codiceFiscale: MARIO }).expect(200);
    const cookie = `quadra_cittadino=${login.body.token as string}`;
    const own = (await t.http().get(`/api/v1/cittadini/${MARIO}/ricevute`).set('Cookie', cookie).expect(200)).body;
    expect(own.items.map((r: { iud: string }) => r.iud)).toEqual(['ARC-PAID']);
    expect((await t.http().get(`/api/v1/cittadini/${LUCIA}/posizioni`).set('Cookie', cookie).expect(403)).body.error).toBe('FORBIDDEN');
    await t.http().get(`/api/v1/cittadini/${MARIO}/posizioni`).set(bearer(key)).expect(401);
    await t.http().get(`/api/v1/cittadini/${MARIO}/posizioni`).expect(401);
    expect((await t.http().get(`/api/v1/cittadini/NOTACF/posizioni`).set(admin).expect(400)).body.error).toBeDefined();
  });
});

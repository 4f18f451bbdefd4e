import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import request from 'supertest';
import { createApp } from '../../src/main';
import { loadConfig } from '../../src/config/config';
import { CommandService } from '../../src/kernel/command-service';
import { JOB_QUEUE, type JobQueue } from '../../src/jobs/job-queue.port';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { PositionAggregate } from '../../src/positions/position.aggregate';
import { positionStreamId } from '../../src/positions/domain/position.streams';
import { generateFlow } from '../../src/flows/files/flow-generator';
import { zipTextFile } from '../../src/flows/files/zip-file';
import { flowHeader } from '../../src/flows/domain/flow-columns';
import { FLOW_VERSIONS, type FlowVersion } from '../../src/flows/domain/flow-version';
import { FlowImporter } from '../../src/flows/flow-importer';
import { ADMIN_TOKEN, admin, bearer, ENTE_A, registerEnteWithKey, startTestApp, type TestApp } from '../helpers/test-app';

const COD = ENTE_A.codIpa;
const base = `/api/v1/enti/${COD}/flussi`;

const drain = (t: { app: TestApp['app'] }) => t.app.get<JobQueue>(JOB_QUEUE).drain('flow-import', { timeoutMs: 30_000 });

async function upload(t: TestApp, key: string, name: string, zip: Uint8Array, expected = 202) {
  return t.http().post(base).set(bearer(key)).attach('file', Buffer.from(zip), { filename: name, contentType: 'application/zip' }).expect(expected);
}

async function uploadAndWait(t: TestApp, key: string, name: string, zip: Uint8Array) {
  const res = await upload(t, key, name, zip);
  await drain(t);
  return (await t.http().get(`${base}/${encodeURIComponent(res.body.id)}`).set(bearer(key)).expect(200)).body;
}

/** A small 1_0 flow: IUD; codIuv; F/G; CF; anagrafica; 7 address fields; mail; scadenza; importo; commissione; tipo; tipoVersamento; causale; dsr; azione. */
const row10 = (iud: string, azione: string, importo = '10.00', causale = 'Mensa marzo') =>
  [iud, '', 'F', 'RSSMRA80A01H501U', 'Mario Rossi', '', '', '', '', '', '', '', '2030-12-31', importo, '', 'TARI', 'ALL', causale, '9/0101100IM/', azione].join(';');
const flow10 = (name: string, rows: string[]) => zipTextFile(`${name}.csv`, [flowHeader('1_0'), ...rows].join('\r\n') + '\r\n');

/** Good rows of a generated flow whose azione is M or A: the generator gives them IUDs no earlier flow created. */
function orphanUpdates(g: ReturnType<typeof generateFlow>): number[] {
  const bad = new Set(g.bad.map((b) => b.rowNumber));
  const lines = g.csv.split('\r\n');
  const out: number[] = [];
  lines.forEach((l, i) => {
    const line = i + 1;
    if (line > 1 && l !== '' && !bad.has(line) && /;[MA]$/.test(l)) out.push(line);
  });
  return out;
}

const eventsOf = async (t: TestApp, iud: string) => t.app.get<EventStore>(EVENT_STORE).readStream(positionStreamId(COD, iud));

describe('modalità per flussi (upload, job, result files)', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp();
    key = await registerEnteWithKey(t, ENTE_A);
  });
  afterAll(() => t.close());

  it.each(FLOW_VERSIONS.map((v) => [v]))('imports a generated %s flow: good rows become dovuti, bad rows go to the scarti with row, IUD, code and message', async (version) => {
    const g = generateFlow({ rows: 40, version: version as FlowVersion, codIpa: COD, badShare: 0.25, seed: 10 + FLOW_VERSIONS.indexOf(version as FlowVersion), iuf: `GEN_${version}`, segregationCode: ENTE_A.segregationCode });
    const flow = await uploadAndWait(t, key, g.zipName, g.zip);
    const orphans = orphanUpdates(g);
    expect(flow).toMatchObject({ id: `GEN_${version}`, stato: 'completed', righe: 40, righeElaborate: 40, accettate: g.goodRows - orphans.length, scartate: g.bad.length + orphans.length, progresso: 100 });

    const scarti = await t.http().get(flow.links.scarti).set(bearer(key)).expect(200);
    expect(scarti.headers['content-disposition']).toContain(`${g.zipName.replace(/\.zip$/, '')}_SCARTI.csv`);
    const lines = scarti.text.trim().split('\r\n');
    expect(lines[0]).toBe('num_riga_flusso;IUD;cod_rifiuto;de_rifiuto');
    for (const bad of g.bad) {
      expect(lines.some((l) => l.startsWith(`${bad.rowNumber};${bad.iud};`) && l.includes(`;${bad.code};`))).toBe(true);
    }
    // An M or A row on a dovuto that does not exist cannot apply: a scarto, never a silent skip.
    for (const row of orphans) expect(lines.some((l) => l.startsWith(`${row};`) && l.includes(';POSITION_NOT_FOUND;'))).toBe(true);
    const iuvFile = await t.http().get(flow.links.iuv).set(bearer(key)).expect(200);
    const iuvLines = iuvFile.text.trim().split('\r\n').slice(1);
    expect(iuvLines).toHaveLength(g.goodRows - orphans.length);
    const [iud, iuv, avviso] = iuvLines[0]!.split(';');
    expect(iuv).toMatch(/^01\d{15}$/);
    expect(avviso).toBe(`3${iuv}`);
    const events = await eventsOf(t, iud!);
    expect(events.map((e) => e.type)).toEqual(['PositionCreated']);
    expect(events[0]!.metadata.actor).toBe(`import:flow-${COD}-GEN_${version}`);
  });

  it('M and A rows act on dovuti of earlier flows and of the API; cancelling a paid dovuto is a scarto', async () => {
    await uploadAndWait(t, key, `${COD}-MA_1-1_0.zip`, flow10(`${COD}-MA_1-1_0`, [row10('MA-1', 'I'), row10('MA-2', 'I'), row10('MA-PAID', 'I', '147.92')]));
    const dovuto = { iud: 'API-1', tipoDovuto: 'TARI', importo: '5.00', causale: 'via API', pagatore: { tipo: 'F', codiceIdentificativo: 'RSSMRA80A01H501U', anagrafica: 'Mario Rossi' } };
    await t.http().post(`/api/v1/enti/${COD}/dovuti`).set(bearer(key)).send(dovuto).expect(201);
    // MA-PAID is paid (a receipt arrives) before the second flow tries to cancel it.
    await t.app.get(CommandService).execute(PositionAggregate, positionStreamId(COD, 'MA-PAID'), {
      type: 'ReceiveReceipt',
      data: {
        receiptId: 'IUR-MA-PAID', outcome: 'OK', amount: 14792, idPSP: 'BCITITMM', paymentDateTime: '2026-03-05T11:22:33+01:00', channel: 'simulator',
        transfers: [{ index: 1, idTransfer: 1, amount: 14792, iban: 'IT60X0542811101000000123456', cfEnte: ENTE_A.cfEnte, remittanceInformation: 'Mensa marzo' }],
      },
      metadata: { now: new Date().toISOString() },
    }, { correlationId: 'test', actor: 'node', now: new Date().toISOString() });

    const flow = await uploadAndWait(t, key, `${COD}-MA_2-1_0.zip`, flow10(`${COD}-MA_2-1_0`, [
      row10('MA-1', 'M', '12.50', 'Mensa marzo, corretto'),
      row10('MA-2', 'A'),
      row10('API-1', 'A'),
      row10('MA-PAID', 'A'),
      row10('NEVER-SEEN', 'M'),
    ]));
    expect(flow).toMatchObject({ stato: 'completed', accettate: 3, scartate: 2 });
    expect((await eventsOf(t, 'MA-1')).map((e) => e.type)).toEqual(['PositionCreated', 'PositionUpdated']);
    expect((await eventsOf(t, 'MA-2')).map((e) => e.type)).toEqual(['PositionCreated', 'PositionCancelled']);
    expect((await eventsOf(t, 'API-1')).map((e) => e.type)).toEqual(['PositionCreated', 'PositionCancelled']);
    expect((await eventsOf(t, 'MA-PAID')).map((e) => e.type)).not.toContain('PositionCancelled');
    const scarti = (await t.http().get(flow.links.scarti).set(bearer(key)).expect(200)).text;
    expect(scarti).toMatch(/\r\n5;MA-PAID;ALREADY_PAID;"Row 5: /);
    expect(scarti).toMatch(/\r\n6;NEVER-SEEN;[A-Z_]+;Row 6: /);
  });

  it('the same flow uploaded twice is refused with 409 and changes nothing', async () => {
    const zip = flow10(`${COD}-DUP_1-1_0`, [row10('DUP-1', 'I')]);
    await uploadAndWait(t, key, `${COD}-DUP_1-1_0.zip`, zip);
    const again = await upload(t, key, `${COD}-DUP_1-1_0.zip`, zip, 409);
    expect(again.body.error).toBe('FLOW_DUPLICATE');
    await drain(t);
    expect((await eventsOf(t, 'DUP-1')).map((e) => e.type)).toEqual(['PositionCreated']);
  });

  const bomb = () => zipSync({ [`${COD}-BOMB-1_0.csv`]: [new Uint8Array(8 * 1024 * 1024), { level: 9 }] });
  it.each([
    ['a name without IUF', 'c_h501-1_0.zip', () => flow10('x', [row10('F-1', 'I')]), 'FLOW_NAME_INVALID'],
    ['an unsupported version', `${COD}-F_VER-2_0.zip`, () => flow10(`${COD}-F_VER-2_0`, [row10('F-1', 'I')]), 'FLOW_VERSION_UNSUPPORTED'],
    ['the name of another ente', 'c_f205-F_ENTE-1_0.zip', () => flow10('c_f205-F_ENTE-1_0', [row10('F-1', 'I')]), 'FLOW_ENTE_MISMATCH'],
    ['no CSV of the same name inside', `${COD}-F_CSV-1_0.zip`, () => flow10('dovuti', [row10('F-1', 'I')]), 'FLOW_CSV_MISSING'],
    ['a zip bomb', `${COD}-BOMB-1_0.zip`, bomb, 'FLOW_ZIP_BOMB'],
    ['a header with the wrong column count', `${COD}-F_HDR-1_2.zip`, () => flow10(`${COD}-F_HDR-1_2`, [row10('F-1', 'I')]), 'FLOW_HEADER_COLUMNS'],
    ['not a zip at all', `${COD}-F_NOZIP-1_0.zip`, () => strToU8('IUD;codIuv\r\n'), 'FLOW_ZIP_INVALID'],
  ])('%s fails the flow with %s and imports nothing', async (_what, name, zip, code) => {
    const flow = await uploadAndWait(t, key, name, zip());
    expect(flow).toMatchObject({ stato: 'failed', errore: { code }, accettate: 0 });
    expect(await eventsOf(t, 'F-1')).toEqual([]);
  });

  it('a file that fails changes nothing already imported, even when its first rows are fine', async () => {
    await uploadAndWait(t, key, `${COD}-KEEP_1-1_0.zip`, flow10(`${COD}-KEEP_1-1_0`, [row10('KEEP-1', 'I')]));
    const broken = flow10(`${COD}-KEEP_2-1_0`, [row10('KEEP-1', 'A'), row10('KEEP-2', 'I'), '"KEEP-3;unterminated']);
    const flow = await uploadAndWait(t, key, `${COD}-KEEP_2-1_0.zip`, broken);
    expect(flow).toMatchObject({ stato: 'failed', errore: { code: 'CSV_UNTERMINATED_QUOTE' } });
    expect((await eventsOf(t, 'KEEP-1')).map((e) => e.type)).toEqual(['PositionCreated']);
    expect(await eventsOf(t, 'KEEP-2')).toEqual([]);
    // A failed file may be sent again corrected, under the same name.
    const fixed = await uploadAndWait(t, key, `${COD}-KEEP_2-1_0.zip`, flow10(`${COD}-KEEP_2-1_0`, [row10('KEEP-1', 'A'), row10('KEEP-2', 'I')]));
    expect(fixed).toMatchObject({ stato: 'completed', attempt: 2, accettate: 2 });
  });

  it('lists the flows of the ente only, and refuses another ente', async () => {
    const list = await t.http().get(base).set(bearer(key)).expect(200);
    expect(list.body.items.map((f: { id: string }) => f.id)).toContain('DUP_1');
    await t.http().get(`/api/v1/enti/c_f205/flussi`).set(bearer(key)).expect((r) => expect([401, 403, 404]).toContain(r.status));
    await t.http().get(`${base}/NOPE`).set(bearer(key)).expect(404);
  });
});

describe('modalità per flussi: restart and upload cap', () => {
  it('an import stopped after its first chunk resumes on restart and duplicates nothing', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quadra-flow-restart-'));
    const config = loadConfig({ DATA_DIR: dataDir, QUADRA_ADMIN_TOKEN: ADMIN_TOKEN, PORT: '0' });
    try {
      const first = await createApp(config, { logger: false });
      await first.init();
      const t1 = { app: first, http: () => request(first.getHttpServer()) } as unknown as TestApp;
      const key = await registerEnteWithKey(t1, ENTE_A);
      const importer = first.get(FlowImporter);
      importer.chunkSize = 10;
      importer.stopAfterChunks = 1;
      const g = generateFlow({ rows: 25, version: '1_4', codIpa: COD, seed: 3, iuf: 'RESTART', segregationCode: ENTE_A.segregationCode });
      await upload(t1, key, g.zipName, g.zip);
      await drain(t1);
      const halfway = (await t1.http().get(`${base}/RESTART`).set(bearer(key)).expect(200)).body;
      expect(halfway).toMatchObject({ stato: 'importing', righeElaborate: 10, progresso: 40 });
      await first.close();

      const second = await createApp(config, { logger: false });
      await second.init();
      const t2 = { app: second, http: () => request(second.getHttpServer()) } as unknown as TestApp;
      try {
        await drain(t2);
        const done = (await t2.http().get(`${base}/RESTART`).set(bearer(key)).expect(200)).body;
        const orphans = orphanUpdates(g).length;
        expect(done).toMatchObject({ stato: 'completed', accettate: 25 - orphans, scartate: orphans });
        const iuvLines = (await t2.http().get(done.links.iuv).set(bearer(key)).expect(200)).text.trim().split('\r\n').slice(1);
        expect(iuvLines).toHaveLength(25 - orphans);
        const store = second.get<EventStore>(EVENT_STORE);
        for (const line of iuvLines) {
          const events = await store.readStream(positionStreamId(COD, line.split(';')[0]!));
          expect(events.map((e) => e.type)).toEqual(['PositionCreated']);
        }
      } finally {
        await second.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a ZIP above the upload cap is refused with 413 and a clear message', async () => {
    process.env.QUADRA_FLOW_UPLOAD_MAX_BYTES = '4096';
    const t = await startTestApp();
    try {
      const key = await registerEnteWithKey(t, ENTE_A);
      const res = await upload(t, key, `${COD}-BIG-1_0.zip`, new Uint8Array(10_000).fill(65), 413);
      expect(res.body).toMatchObject({ error: 'FLOW_ZIP_TOO_LARGE', message: expect.stringContaining('4096 bytes') });
      await t.http().post(base).set(admin).expect(400);
    } finally {
      delete process.env.QUADRA_FLOW_UPLOAD_MAX_BYTES;
      await t.close();
    }
  });
});

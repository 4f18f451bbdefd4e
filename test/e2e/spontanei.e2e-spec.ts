import * as fs from 'node:fs';
import * as path from 'node:path';
import { JOB_QUEUE, type JobQueue } from '../../src/jobs/job-queue.port';
import { admin, ENTE_A, IBAN, registerEnteWithKey, startTestApp, type TestApp } from '../helpers/test-app';

const base = `/api/v1/enti/${ENTE_A.codIpa}/pagamenti-spontanei`;
const pagatore = { tipo: 'F', codiceIdentificativo: 'RSSMRA80A01H501U', anagrafica: 'Mario Rossi', email: 'mario.rossi@example.it' };

function emlFiles(dir: string): string[] {
  const root = path.join(dir, 'mail');
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root, { recursive: true }).map(String).filter((f) => f.endsWith('.eml')).map((f) => path.join(root, f));
}

describe('modalità base: pagamenti spontanei', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await registerEnteWithKey(t, ENTE_A);
    await t.http().put(`/api/v1/enti/${ENTE_A.codIpa}/tipi-dovuto/MENSA`).set(admin).send({
      descrizione: 'Mensa scolastica', iban: IBAN, tassonomia: '0101100IM', spontaneous: true,
      campi: [
        { name: 'alunno', label: 'Nome alunno', type: 'text', required: true, maxLength: 20 },
        { name: 'mese', label: 'Mese', type: 'select', required: true, options: ['gennaio', 'febbraio'] },
        { name: 'classe', label: 'Classe', type: 'text', required: false, pattern: '[1-5][A-Z]' },
      ],
      causaleTemplate: 'Mensa {mese} {alunno} {classe}',
      bilancioDefault: [{ codCapitolo: 'CAP-1', percentuale: 70 }, { codCapitolo: 'CAP-2', percentuale: 30 }],
    }).expect(200);
    await t.http().put(`/api/v1/enti/${ENTE_A.codIpa}/tipi-dovuto/ZTL`).set(admin).send({ descrizione: 'Permesso ZTL', iban: IBAN, tassonomia: '0101100IM', spontaneous: true, importoFisso: '30.00' }).expect(200);
  });
  afterAll(() => t.close());

  it('creates the dovuto without a key, builds the causale, and mails the payer once', async () => {
    const body = { codTipo: 'MENSA', campi: { alunno: 'Giulia Rossi', mese: 'gennaio' }, pagatore, importo: '45.10' };
    const r = await t.http().post(base).set('Idempotency-Key', 'spont-1').send(body).expect(201);
    expect(r.body).toMatchObject({ iud: expect.stringMatching(/^SPONT-[0-9A-Z]{26}$/), importo: '45.10', causale: 'Mensa gennaio Giulia Rossi' });
    expect(r.body.numeroAvviso).toBe(`3${r.body.iuv}`);
    const again = await t.http().post(base).set('Idempotency-Key', 'spont-1').send(body).expect(201);
    expect(again.body.iud).toBe(r.body.iud);
    await t.app.get<JobQueue>(JOB_QUEUE).drain('spontaneous-mail', { timeoutMs: 10_000 });
    const mails = emlFiles(t.dataDir);
    expect(mails).toHaveLength(1);
    // Quoted-printable bodies wrap long lines with soft breaks ('=' at the end of the line).
    const eml = fs.readFileSync(mails[0]!, 'utf8').replace(/=\r?\n/g, '');
    expect(eml).toContain('mario.rossi@example.it');
    expect(eml).toContain(r.body.numeroAvviso);
    expect(eml).toContain(`/dovuti/${r.body.iud}/avviso.pdf`);
  });

  it('uses the fixed amount of the tipo', async () => {
    const r = await t.http().post(base).send({ codTipo: 'ZTL', campi: {}, pagatore: { ...pagatore, email: undefined } }).expect(201);
    expect(r.body).toMatchObject({ importo: '30.00', causale: 'Permesso ZTL' });
    const wrong = await t.http().post(base).send({ codTipo: 'ZTL', campi: {}, pagatore, importo: '10.00' }).expect(400);
    expect(wrong.body.error).toBe('IMPORTO_FISSO');
  });

  it('refuses bad form values with every problem named', async () => {
    const r = await t.http().post(base).send({ codTipo: 'MENSA', campi: { alunno: 'x'.repeat(21), mese: 'marzo', classe: '9Z', colore: 'blu' }, pagatore, importo: '1.00' }).expect(400);
    expect(r.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`).sort()).toEqual(
      ['campi.alunno:CAMPO_TOO_LONG', 'campi.classe:CAMPO_PATTERN', 'campi.colore:CAMPO_UNKNOWN', 'campi.mese:CAMPO_INVALID'].sort(),
    );
    const missing = await t.http().post(base).send({ codTipo: 'MENSA', campi: { mese: 'gennaio' }, pagatore, importo: '1.00' }).expect(400);
    expect(missing.body.errors[0]).toMatchObject({ field: 'campi.alunno', code: 'CAMPO_REQUIRED' });
    await t.http().post(base).send({ codTipo: 'TARI', campi: {}, pagatore, importo: '1.00' }).expect(404);
  });
});

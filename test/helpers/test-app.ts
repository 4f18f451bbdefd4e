import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../../src/main';
import { loadConfig, type QuadraConfig } from '../../src/config/config';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestApp {
  app: INestApplication;
  config: QuadraConfig;
  http: () => ReturnType<typeof request>;
  dataDir: string;
  close(): Promise<void>;
}

/** A Quadra on embedded adapters in a fresh temporary data folder. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quadra-e2e-'));
  // Projections on the main loop unless a test asks for threads: one app per test file stays light under jest.
  const config = loadConfig({ DATA_DIR: dataDir, QUADRA_ADMIN_TOKEN: ADMIN_TOKEN, PORT: '0', QUADRA_PROJECTION_THREADS: '0', ...env });
  const app = await createApp(config, { logger: false });
  await app.init();
  const server = app.getHttpServer();
  return {
    app,
    config,
    dataDir,
    http: () => request(server),
    close: async () => {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };
export const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

/** Valid identities for tests (check characters computed, not made up). */
export const ENTE_A = { codIpa: 'c_h501', cfEnte: '02438750586', denominazione: 'Comune di Roma', segregationCode: '01', idStazione: '02438750586_01', idIntermediario: '02438750586' };
export const ENTE_B = { codIpa: 'c_f205', cfEnte: '01199250158', denominazione: 'Comune di Milano', segregationCode: '02', idStazione: '01199250158_01', idIntermediario: '01199250158' };
export const IBAN = 'IT60X0542811101000000123456';

export async function registerEnteWithKey(t: TestApp, ente = ENTE_A, tipi: string[] = ['TARI']): Promise<string> {
  await t.http().post('/api/v1/enti').set(admin).send(ente).expect(201);
  for (const codTipo of tipi) {
    await t.http().put(`/api/v1/enti/${ente.codIpa}/tipi-dovuto/${codTipo}`).set(admin).send({ descrizione: `Tipo ${codTipo}`, iban: IBAN, tassonomia: '0101100IM' }).expect(200);
  }
  const res = await t.http().post(`/api/v1/enti/${ente.codIpa}/api-keys`).set(admin).send({ label: 'gestionale' }).expect(201);
  return res.body.key as string;
}

import type { AddressInfo } from 'node:net';
import { admin, startTestApp, type TestApp, ADMIN_TOKEN } from '../../test/helpers/test-app';
import { CommandService } from '../kernel/command-service';
import { POSITION_STATUSES } from '../../projections/positions/positions.queries';
import { expireOverdue } from './demo-expiry';
import { seedDemo } from './demo-seed';
import { DEMO_ENTE, DEMO_OPERATOR } from './demo-data';

describe('quadra demo (e2e, over HTTP against an embedded Quadra)', () => {
  let t: TestApp;
  let baseUrl: string;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => t.close());

  it('seeds an ente with dovuti in every state a user meets, paid through the simulator, reported, cashed, assessed, with anomalies; a second run changes nothing', async () => {
    const s = await seedDemo({ baseUrl, adminToken: ADMIN_TOKEN, positions: 30, expire: expireOverdue(t.app.get(CommandService)) });
    expect(s).toMatchObject({ alreadySeeded: false, created: 30, paid: 20, cancelled: 2, modified: 2, pending: 2, overdue: 2, expired: 2 });
    expect(s.reportingFlows).toBeGreaterThan(0);
    expect(s.treasuryFiles).toBe(1);
    expect(s.anomalies.length).toBeGreaterThan(0);
    expect(s.notified).toBeGreaterThan(0);
    expect(s.notNotified).toBeGreaterThan(0);

    const login = await t.http().post('/api/v1/auth/login').send({ codIpa: DEMO_ENTE.codIpa, username: DEMO_OPERATOR.username, password: DEMO_OPERATOR.password }).expect(200);
    const session = { 'x-quadra-session': login.body.token };
    const stati = async (stato: string) => (await t.http().get(`/api/v1/enti/${DEMO_ENTE.codIpa}/dovuti`).query({ stato, waitMs: '5000' }).set(session).expect(200)).body.total as number;
    // The reconciliation process runs from the log: wait until it has classified what the end of day loaded.
    let anomalie = 0;
    for (let i = 0; i < 100 && anomalie === 0; i++) {
      anomalie = (await t.http().get(`/api/v1/enti/${DEMO_ENTE.codIpa}/anomalie`).set(session).expect(200)).body.total;
      if (anomalie === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(anomalie).toBeGreaterThan(0);
    expect(await stati('cancelled')).toBe(2);
    expect(await stati('open')).toBe(6);
    expect(await stati('payment_requested')).toBe(2);
    expect(await stati('expired')).toBe(2);

    // One accertamento closed with cashed payments: they end assessed (the process manager appends it after the close).
    const accertamenti = (await t.http().get(`/api/v1/enti/${DEMO_ENTE.codIpa}/accertamenti`).query({ waitMs: '5000' }).set(session).expect(200)).body.items as { stato: string; numeroPagamenti: number }[];
    expect(accertamenti.find((a) => a.stato === 'CHIUSO')?.numeroPagamenti).toBeGreaterThanOrEqual(2);
    expect(accertamenti.some((a) => a.stato === 'APERTO')).toBe(true);
    let assessed = 0;
    for (let i = 0; i < 100 && assessed === 0; i++) {
      assessed = await stati('assessed');
      if (assessed === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(assessed).toBe(s.accertamenti.find((a) => a.stato === 'CHIUSO')?.payments);

    // Every state of a position's life has at least one dovuto to look at: 'cashed' holds the payments whose money
    // is in the treasury but which the ente's gestionale has not notified yet, 'reconciled' those all four agree on.
    const counts: Record<string, number> = {};
    for (const stato of POSITION_STATUSES) counts[stato] = await stati(stato);
    const empty = Object.entries(counts).filter(([, n]) => n === 0).map(([stato]) => stato);
    expect(empty).toEqual([]);
    const anomalies = (await t.http().get(`/api/v1/enti/${DEMO_ENTE.codIpa}/anomalie`).set(session).expect(200)).body.items as { classificazioni?: { code: string }[] }[];
    expect(JSON.stringify(anomalies)).toContain('RT_NO_IUD');

    expect((await seedDemo({ baseUrl, adminToken: ADMIN_TOKEN })).alreadySeeded).toBe(true);
    await t.http().get(`/api/v1/enti/${DEMO_ENTE.codIpa}`).set(admin).expect(200);
  }, 60_000);
});

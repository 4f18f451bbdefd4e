import * as kit from '../../src/positions/domain/position.test-kit';
import type { SqliteReadStore } from '../../src/read-store/sqlite-read-store';
import { TestEventLog } from '../../test/helpers/recorded-event';
import { readStoreWith } from '../common/read-store.test-kit';
import { auditTrailProjection } from './audit-trail.projection';
import { positionHistory } from './audit-trail.queries';

let store: SqliteReadStore;
beforeAll(async () => {
  const log = new TestEventLog();
  const rome = { codIpa: 'c_h501', iud: 'TARI-2024-0001', iuv: '01000000000000123', at: kit.LATER };
  // Two positions with the same IUD in two enti, their events interleaved in the log.
  log.append(kit.created());
  log.append({ type: 'PositionCreated', data: { ...kit.position, ...rome, numeroAvviso: '301000000000000123', at: kit.CREATED_AT } });
  for (let i = 0; i < 11; i++) {
    log.append(kit.paymentRequested('paGetPaymentV2', `tok-${i}`));
    log.append({ type: 'PositionCancelled', data: { ...rome, reason: `r${i}` } });
  }
  log.append(kit.receiptReceived());
  store = await readStoreWith([auditTrailProjection], log.events);
});
afterAll(() => store.close());

describe('positionHistory', () => {
  it('returns the whole history of one dovuto of one ente, in stream order (revision 10 after 9, not after 1)', async () => {
    const history = await positionHistory(store, 'c_a562', 'TARI-2024-0001');
    expect(history.map((e) => e.revision)).toEqual([...Array(13).keys()]);
    expect(history.every((e) => e.codIpa === 'c_a562')).toBe(true);
    expect(history.map((e) => e.type)).toEqual(['creazione', ...Array(11).fill('richiesta_pagamento'), 'ricevuta_positiva']);
    expect(history[10].detail).toContain('token tok-9');
  });

  it('is empty for a dovuto it does not know and refuses a missing ente', async () => {
    expect(await positionHistory(store, 'c_a562', 'ALTRO')).toEqual([]);
    await expect(positionHistory(store, ' ', 'TARI-2024-0001')).rejects.toMatchObject({ code: 'CODIPA_REQUIRED' });
  });
});

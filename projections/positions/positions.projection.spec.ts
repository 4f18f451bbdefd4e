import { applyEventsInMemory } from '../../src/read-store/projection';
import * as kit from '../../src/positions/domain/position.test-kit';
import { expectIdempotent } from '../../test/helpers/projection-idempotence';
import { recordAll, TestEventLog } from '../../test/helpers/recorded-event';
import type { PositionDoc } from './positions.document';
import { positionsProjection } from './positions.projection';

const ID = 'c_a562|TARI-2024-0001';

function project(...events: Parameters<typeof recordAll>[0]): PositionDoc | undefined {
  return applyEventsInMemory(positionsProjection, recordAll(events)).get('positions')?.get(ID);
}

describe('positions projection', () => {
  it('given a created dovuto, the document holds its search fields and what an operator reads', () => {
    const doc = project(kit.created({ payer: { tipo: 'F', codiceIdentificativo: 'rssmra85t10a562s', anagrafica: 'Mario ROSSI' } }))!;
    expect(doc).toMatchObject({
      id: ID,
      codIpa: 'c_a562',
      iud: 'TARI-2024-0001',
      iuv: kit.IUV,
      numeroAvviso: kit.NUMERO_AVVISO,
      payerId: 'RSSMRA85T10A562S',
      payerName: 'mario rossi',
      stato: 'open',
      tipoDovuto: 'TARI',
      dataScadenza: '2024-06-30',
      importo: 14792,
      importoTotale: 14792,
      causale: 'TARI 2024 rata unica',
      // 10:00 in Rome (+01:00) is 09:00 UTC: stored instants are all UTC so that text order is time order.
      createdAt: '2024-03-01T09:00:00.000Z',
      updatedAt: '2024-03-01T09:00:00.000Z',
      receipts: [],
      revision: 0,
      lastPosition: '1',
    });
    expect(doc.paidAt).toBeUndefined();
  });

  it('given the whole life of a payment, the document ends assessed with every fact of the way', () => {
    const doc = project(
      kit.created(),
      kit.paymentRequested('paGetPaymentV2', 'tok-1', '2024-03-05T11:20:00+01:00'),
      kit.receiptReceived({}, {}, '2024-03-05T11:23:00+01:00'),
      kit.reported({}, false, '2024-03-06T08:00:00+01:00'),
      kit.cashed({}, '2024-03-07T08:00:00+01:00'),
      kit.reconciled(['RT_IUF', 'RT_IUF_TES'], '2024-03-07T09:00:00+01:00'),
      kit.assessed('ACC-2024-17', 2024, '2024-03-08T09:00:00+01:00'),
    )!;
    expect(doc.stato).toBe('assessed');
    expect(doc.paidAt).toBe('2024-03-05T10:22:33.000Z');
    expect(doc.paidBy).toBe('c1a5e4b2d9f84c6e8a0b');
    expect(doc.receipts).toEqual([
      { receiptId: 'c1a5e4b2d9f84c6e8a0b', outcome: 'OK', amount: 14792, idPSP: 'BCITITMM', paymentDateTime: '2024-03-05T11:22:33+01:00', at: '2024-03-05T11:23:00+01:00', amountMismatch: false },
    ]);
    expect(doc.reports).toEqual([{ iuf: '2024-03-06BCITITMM-S000123', rowIndex: 1, esito: '0', amount: 14792, dataRegolamento: '2024-03-06' }]);
    expect(doc.cashings).toEqual([{ movementId: 'GDC-2024-000457', amount: 14792, dataValuta: '2024-03-07' }]);
    expect(doc.reconciliationCodes).toEqual(['RT_IUF', 'RT_IUF_TES']);
    expect(doc.accertamento).toEqual({ accertamentoId: 'ACC-2024-17', anno: 2024 });
    expect(doc.paymentRequests).toEqual([{ channel: 'paGetPaymentV2', paymentToken: 'tok-1', at: '2024-03-05T11:20:00+01:00' }]);
    expect(doc).toMatchObject({ revision: 6, lastPosition: '7', updatedAt: '2024-03-08T08:00:00.000Z', createdAt: '2024-03-01T09:00:00.000Z' });
  });

  it('given a refused payment then a good one, the position is paid at the time of the positive receipt', () => {
    const doc = project(
      kit.created(),
      kit.paymentRequested(),
      kit.receiptReceived({ receiptId: 'KO-1', outcome: 'KO', paymentDateTime: undefined }),
      kit.receiptReceived({ receiptId: 'OK-2', paymentDateTime: '2024-03-06T09:00:00' }),
    )!;
    expect(doc.stato).toBe('paid');
    expect(doc.receipts.map((r) => `${r.receiptId}:${r.outcome}`)).toEqual(['KO-1:KO', 'OK-2:OK']);
    // A receipt time without zone is Italian time: 09:00 in March is 08:00 UTC.
    expect(doc.paidAt).toBe('2024-03-06T08:00:00.000Z');
  });

  it('given a receipt without paymentDateTime, paidAt is when the receipt was recorded', () => {
    const doc = project(kit.created(), kit.receiptReceived({ paymentDateTime: undefined }));
    expect(doc!.paidAt).toBe('2024-03-05T10:30:00.000Z');
  });

  it('given a cancellation with a reason, the position is cancelled and keeps the reason', () => {
    const doc = project(kit.created(), kit.cancelled('emesso per errore'))!;
    expect(doc).toMatchObject({ stato: 'cancelled', cancelled: true, cancelReason: 'emesso per errore', cancelledAt: kit.LATER });
  });

  it('given money taken after the cancellation, the position is paid and still says it was cancelled', () => {
    const doc = project(kit.created(), kit.cancelled('errore'), kit.receiptReceived({}, { paidAfterCancellation: true }))!;
    expect(doc).toMatchObject({ stato: 'paid', cancelled: true, paid: true });
  });

  it('given an expired dovuto given a new due date and a new payer, it is open again and belongs to the new payer', () => {
    const next = { ...kit.position, dataScadenza: '2024-09-30', payer: { tipo: 'F' as const, codiceIdentificativo: 'VRDLGU80A01A562U', anagrafica: 'Luigi Verdi' } };
    const doc = project(kit.created(), kit.expired(), {
      type: 'PositionUpdated',
      data: { codIpa: 'c_a562', iud: 'TARI-2024-0001', iuv: kit.IUV, at: '2024-07-02T10:00:00+02:00', changes: { dataScadenza: '2024-09-30', payer: next.payer }, position: next, reopened: true },
    })!;
    expect(doc).toMatchObject({ stato: 'open', expired: false, dataScadenza: '2024-09-30', payerId: 'VRDLGU80A01A562U', payerName: 'luigi verdi', updatedAt: '2024-07-02T08:00:00.000Z' });
  });

  it('given an update that removes the due date, the document has no dataScadenza any more', () => {
    const { dataScadenza: _d, ...without } = kit.position;
    const doc = project(kit.created(), {
      type: 'PositionUpdated',
      data: { codIpa: 'c_a562', iud: 'TARI-2024-0001', iuv: kit.IUV, at: kit.LATER, changes: { dataScadenza: null }, position: without, reopened: false },
    })!;
    expect('dataScadenza' in doc).toBe(false);
  });

  it('reported and cashed arriving in either order give the same status', () => {
    const a = project(kit.created(), kit.receiptReceived(), kit.reported(), kit.cashed())!;
    const b = project(kit.created(), kit.receiptReceived(), kit.cashed(), kit.reported())!;
    expect(a.stato).toBe('cashed');
    expect(b.stato).toBe(a.stato);
  });

  it('a second payment shows as a duplicate, the first receipt still being the one that paid', () => {
    const doc = project(kit.created(), kit.receiptReceived(), kit.duplicatePaymentReceived({ receiptId: 'SECOND', paymentDateTime: '2024-03-09T10:00:00+01:00' }))!;
    expect(doc.paidBy).toBe('c1a5e4b2d9f84c6e8a0b');
    expect(doc.duplicates).toEqual([{ receiptId: 'SECOND', amount: 14792, idPSP: 'BCITITMM', at: kit.LATER }]);
    expect(doc.paidAt).toBe('2024-03-05T10:22:33.000Z');
  });

  it('ignores an event of a position it never saw created, and an event older than the document', () => {
    expect(project(kit.receiptReceived())).toBeUndefined();
    const log = new TestEventLog(10n);
    const [created, paid] = log.appendAll([kit.created(), kit.receiptReceived()]);
    const docs = applyEventsInMemory(positionsProjection, [created, paid]);
    const old = { ...paid, position: 5n, type: 'PositionCancelled', data: kit.cancelled().data };
    const after = applyEventsInMemory(positionsProjection, [old], docs);
    expect(after.get('positions')!.get(ID)).toEqual(docs.get('positions')!.get(ID));
  });

  const lifeOfTwoEnti = () => {
    const log = new TestEventLog();
    const other = { codIpa: 'c_h501', iud: 'MENSA-7', iuv: '01000000000000123', numeroAvviso: '301000000000000123' };
    const ref = { codIpa: 'c_h501', iud: 'MENSA-7', iuv: other.iuv };
    log.append(kit.created());
    log.append(kit.created(other));
    log.append(kit.paymentRequested());
    log.append({ type: 'PaymentRequested', data: { ...ref, channel: 'RPT', requestedAt: kit.LATER, at: kit.LATER } });
    log.append(kit.receiptReceived({ outcome: 'KO', receiptId: 'KO-1' }));
    log.append({ type: 'PositionCancelled', data: { ...ref, at: kit.LATER, reason: 'rinuncia' } });
    log.append(kit.receiptReceived());
    log.append(kit.duplicatePaymentReceived({ receiptId: 'DUP' }));
    log.append(kit.reported());
    log.append(kit.cashed());
    log.append(kit.reconciled());
    log.append(kit.assessed());
    return log.events;
  };

  it('applying each event twice gives the same documents as applying it once', () => {
    const docs = expectIdempotent(positionsProjection, lifeOfTwoEnti());
    expect(Object.keys(docs.positions)).toEqual(['c_a562|TARI-2024-0001', 'c_h501|MENSA-7']);
    expect(docs.positions['c_h501|MENSA-7'].stato).toBe('cancelled');
  });

  it('a full replay equals applying the log in two batches', () => {
    const events = lifeOfTwoEnti();
    const full = applyEventsInMemory(positionsProjection, events);
    for (const cut of [1, 4, 7, 11]) {
      const incremental = applyEventsInMemory(positionsProjection, events.slice(cut), applyEventsInMemory(positionsProjection, events.slice(0, cut)));
      expect(incremental).toEqual(full);
    }
  });
});

import fc from 'fast-check';
import { fold } from '../../kernel/decider';
import { DomainError } from '../../kernel/errors';
import { given as givenFor } from '../../../test/helpers/given-when-then';
import type { PositionCommand } from './position.commands';
import { positionDecider } from './position.decider';
import { POSITION_EVENT_VERSIONS, type PositionEvent } from './position.events';
import type { PositionState } from './position.state';
import {
  assessed,
  cancelled,
  cashed,
  created,
  duplicatePaymentReceived,
  expired,
  markAssessed,
  markCashed,
  markReconciled,
  markReported,
  paymentRequested,
  receiptReceived,
  receiveReceipt,
  reconciled,
  reported,
  createPosition,
} from './position.test-kit';

const given = givenFor(positionDecider);

describe('reporting (a row of a reporting flow names the dovuto)', () => {
  it('a paid dovuto becomes reported', () => {
    given(created(), receiptReceived()).when(markReported()).then([reported()]);
    expect(given(created(), receiptReceived()).when(markReported()).thenState().state.status).toBe('reported');
  });

  it('a row may arrive before the receipt: it is recorded, and the dovuto is not yet paid', () => {
    given(created()).when(markReported()).then([reported({}, true)]);
    const { state } = given(created()).when(markReported()).thenState();
    expect(state).toMatchObject({ status: 'open', reported: true, paid: false });
  });

  it('the receipt arriving after the row makes the dovuto reported', () => {
    const { state } = given(created(), reported({}, true)).when(receiveReceipt()).thenState();
    expect(state.status).toBe('reported');
  });

  it('the same row again changes nothing', () => {
    given(created(), receiptReceived(), reported()).when(markReported()).thenNothing();
  });

  it('another row (another flow, or another index) is recorded too', () => {
    given(created(), receiptReceived(), reported())
      .when(markReported({ iuf: '2024-03-07BCITITMM-S000124' }))
      .then([reported({ iuf: '2024-03-07BCITITMM-S000124' })]);
    given(created(), receiptReceived(), reported()).when(markReported({ rowIndex: 2 })).then([reported({ rowIndex: 2 })]);
  });

  it('a revoked row (esito 3) is recorded but does not make the dovuto reported', () => {
    const { state } = given(created(), receiptReceived()).when(markReported({ esito: '3' })).thenState();
    expect(state).toMatchObject({ status: 'paid', reported: false });
    expect(state.reports).toHaveLength(1);
  });

  it('a row for a cancelled dovuto is recorded (the PSP reported money it took)', () => {
    given(created(), cancelled()).when(markReported()).then([reported({}, true)]);
  });

  it.each([
    [{ esito: '5' as never }, 'INVALID_ESITO', 'esito'],
    [{ dataRegolamento: '2024-02-30' }, 'INVALID_DATA_REGOLAMENTO', 'dataRegolamento'],
    [{ rowIndex: 0 }, 'INVALID_ROW_INDEX', 'rowIndex'],
    [{ iuf: '' }, 'INVALID_IUF', 'iuf'],
    [{ amount: -5 }, 'INVALID_AMOUNT', 'amount'],
  ])('refuses %j', (over, code, field) => {
    given(created(), receiptReceived()).when(markReported(over)).thenThrows(code, { field });
  });

  it('an unknown dovuto cannot be reported', () => {
    given().when(markReported()).thenThrows('POSITION_NOT_FOUND');
  });
});

describe('cashing (a treasury movement credited the money)', () => {
  it('a paid dovuto becomes cashed', () => {
    given(created(), receiptReceived()).when(markCashed()).then([cashed()]);
    expect(given(created(), receiptReceived()).when(markCashed()).thenState().state.status).toBe('cashed');
  });

  it('a cumulative riversamento keeps its IUF', () => {
    given(created(), receiptReceived()).when(markCashed({ iuf: '2024-03-06BCITITMM-S000123' })).thenMatches([
      { type: 'PositionCashed', data: { iuf: '2024-03-06BCITITMM-S000123' } },
    ]);
  });

  it('the same movement again changes nothing', () => {
    given(created(), receiptReceived(), cashed()).when(markCashed()).thenNothing();
  });

  it('a dovuto without a positive receipt cannot be cashed', () => {
    given(created()).when(markCashed()).thenThrows('NOT_PAID', { kind: 'conflict' });
    given(created(), receiptReceived({ outcome: 'KO' })).when(markCashed()).thenThrows('NOT_PAID');
  });

  it.each([
    [{ dataValuta: '07/03/2024' }, 'INVALID_DATA_VALUTA'],
    [{ dataContabile: '2024-02-30' }, 'INVALID_DATA_CONTABILE'],
    [{ amount: 0 }, 'INVALID_AMOUNT'],
    [{ movementId: '' }, 'INVALID_MOVEMENT_ID'],
  ])('refuses %j', (over, code) => {
    given(created(), receiptReceived()).when(markCashed(over)).thenThrows(code);
  });
});

describe('reconciling (classification by the reconciliation process)', () => {
  it('a paid dovuto becomes reconciled, with its codes in a stable order', () => {
    given(created(), receiptReceived(), reported(), cashed())
      .when(markReconciled(['RT_IUF_TES', 'RT_IUF']))
      .then([reconciled(['RT_IUF', 'RT_IUF_TES'])]);
    expect(given(created(), receiptReceived()).when(markReconciled()).thenState().state.status).toBe('reconciled');
  });

  it('the same codes again change nothing', () => {
    given(created(), receiptReceived(), reconciled(['RT_IUF', 'RT_IUF_TES'])).when(markReconciled(['RT_IUF_TES', 'RT_IUF', 'RT_IUF'])).thenNothing();
  });

  it('new codes (a source arrived) are a new classification', () => {
    given(created(), receiptReceived(), reconciled(['RT_IUF'])).when(markReconciled(['RT_IUF', 'RT_IUF_TES'])).then([reconciled(['RT_IUF', 'RT_IUF_TES'])]);
  });

  it('a dovuto without a positive receipt cannot be reconciled', () => {
    given(created(), reported({}, true)).when(markReconciled()).thenThrows('NOT_PAID');
  });

  it.each([[[]], [['rt_iuf']], [['RT IUF']]])('refuses codes %j', (codes) => {
    given(created(), receiptReceived()).when(markReconciled(codes)).thenThrows('INVALID_CLASSIFICATION', { field: 'codes' });
  });
});

describe('assessing (accertamento)', () => {
  it('a paid dovuto is assigned to an accertamento', () => {
    given(created(), receiptReceived(), reconciled()).when(markAssessed()).then([assessed()]);
    expect(given(created(), receiptReceived(), reconciled()).when(markAssessed()).thenState().state.status).toBe('assessed');
  });

  it('the same accertamento again changes nothing', () => {
    given(created(), receiptReceived(), assessed()).when(markAssessed()).thenNothing();
  });

  it('a dovuto already in an accertamento cannot join another', () => {
    given(created(), receiptReceived(), assessed()).when(markAssessed('ACC-2024-18')).thenThrows('ALREADY_ASSESSED', { kind: 'conflict' });
  });

  it('an unpaid dovuto cannot be assessed', () => {
    given(created()).when(markAssessed()).thenThrows('NOT_PAID');
  });

  it('needs a four-digit year and an accertamento id', () => {
    given(created(), receiptReceived()).when(markAssessed('ACC-1', 24)).thenThrows('INVALID_ANNO');
    given(created(), receiptReceived()).when(markAssessed(' ')).thenThrows('INVALID_ACCERTAMENTO_ID');
  });
});

describe('derived status', () => {
  const state = (...events: PositionEvent[]) => fold(positionDecider, events);

  it.each<[string, PositionEvent[], PositionState['status']]>([
    ['nothing yet', [], 'absent'],
    ['created', [created()], 'open'],
    ['payment requested', [created(), paymentRequested()], 'payment_requested'],
    ['negative receipt', [created(), paymentRequested(), receiptReceived({ outcome: 'KO' })], 'open'],
    ['paid', [created(), receiptReceived()], 'paid'],
    ['paid twice', [created(), receiptReceived(), duplicatePaymentReceived({ receiptId: 'r2' })], 'paid'],
    ['reported', [created(), receiptReceived(), reported()], 'reported'],
    ['cashed', [created(), receiptReceived(), cashed()], 'cashed'],
    ['reported and cashed', [created(), receiptReceived(), reported(), cashed()], 'cashed'],
    ['reconciled', [created(), receiptReceived(), reported(), cashed(), reconciled()], 'reconciled'],
    ['assessed', [created(), receiptReceived(), reconciled(), assessed()], 'assessed'],
    ['cancelled', [created(), cancelled()], 'cancelled'],
    ['expired', [created(), expired()], 'expired'],
    ['paid after cancellation', [created(), cancelled(), receiptReceived({}, { paidAfterCancellation: true })], 'paid'],
  ])('%s → %s', (_label, events, status) => {
    expect(state(...events).status).toBe(status);
  });

  it('reported then cashed gives the same state as cashed then reported', () => {
    expect(state(created(), receiptReceived(), reported(), cashed())).toEqual(state(created(), receiptReceived(), cashed(), reported()));
  });

  it('any order and any redelivery of the receipt, report and treasury facts ends in the same state', () => {
    const commands: PositionCommand[] = [receiveReceipt(), markReported(), markReported({ rowIndex: 2, esito: '3' }), markCashed(), markCashed({ movementId: 'GDC-2024-000458', amount: 1 })];
    /** Runs the commands in order; a fact that needs the receipt and comes first is retried at the end, as the reconciliation process does. */
    const run = (order: number[]) => {
      let s = fold(positionDecider, [created()]);
      const retry: PositionCommand[] = [];
      for (const i of order) {
        try {
          s = positionDecider.decide(commands[i]!, s).reduce(positionDecider.evolve, s);
        } catch (e) {
          if (!(e instanceof DomainError) || e.code !== 'NOT_PAID') throw e;
          retry.push(commands[i]!);
        }
      }
      for (const c of retry) s = positionDecider.decide(c, s).reduce(positionDecider.evolve, s);
      return s;
    };
    const reference = run([0, 1, 2, 3, 4]);
    expect(reference).toMatchObject({ status: 'cashed', reported: true, cashed: true, paid: true });
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 5, maxLength: 12 }).chain((extra) => fc.shuffledSubarray([0, 1, 2, 3, 4, ...extra], { minLength: 5 + extra.length })), (order) => {
        expect(run(order)).toEqual(reference);
      }),
      { numRuns: 200 },
    );
  });
});

describe('event schema versions', () => {
  it('every event the decider can emit has a schema version', () => {
    const emitted = new Set<string>();
    const record = (events: PositionEvent[]) => events.forEach((e) => emitted.add(e.type));
    record(positionDecider.decide(createPosition(), positionDecider.initialState));
    record([created(), cancelled(), paymentRequested(), receiptReceived(), duplicatePaymentReceived({ receiptId: 'r2' }), reported(), cashed(), reconciled(), assessed(), expired()]);
    emitted.add('PositionUpdated');
    expect([...emitted].sort()).toEqual(Object.keys(POSITION_EVENT_VERSIONS).sort());
    for (const t of emitted) expect(POSITION_EVENT_VERSIONS[t as PositionEvent['type']]).toBeGreaterThanOrEqual(1);
  });
});

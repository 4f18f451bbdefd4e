import { given as givenFor } from '../../../test/helpers/given-when-then';
import type { AccertamentoCommand, AddPayment } from './accertamento.commands';
import { accertamentoDecider } from './accertamento.decider';
import { ACCERTAMENTO_EVENT_VERSIONS, accertamentoStreamId, type AccertamentoEvent, type AccertamentoPayment } from './accertamento.events';
import type { AnagraficaSnapshot } from './anagrafica.state';

const given = givenFor(accertamentoDecider);
const now = '2024-04-10T10:00:00+02:00';
const later = '2024-04-30T17:00:00+02:00';
const ref = { accertamentoId: 'ACC-TARI-2024-1', codIpa: 'c_a562' };

// Given: an accertamento of the Comune di Bari for TARI in 2024, and its anagrafica for 2024
const header = { id: 'ACC-TARI-2024-1', codIpa: 'c_a562', codTipoDovuto: 'TARI', anno: 2024, descrizione: 'TARI 2024, primo trimestre' };
const anagrafica: AnagraficaSnapshot = {
  codIpa: 'c_a562',
  anno: 2024,
  capitoli: [
    { codCapitolo: 'E.1.01.01.51', codUfficio: 'UFF-TRIB', active: true, tipiDovuto: ['TARI'] },
    { codCapitolo: 'E.3.02.02.01', codUfficio: 'UFF-TRIB', active: true },
    { codCapitolo: 'E.3.05.99.99', codUfficio: 'UFF-RAG', active: false },
    { codCapitolo: 'E.2.01.01.02', codUfficio: 'UFF-SOC', active: true, tipiDovuto: ['MENSA'] },
  ],
  accertamenti: [
    { codAccertamento: 'ACC-2024-17', codCapitolo: 'E.1.01.01.51', active: true },
    { codAccertamento: 'ACC-2024-18', codCapitolo: 'E.3.02.02.01', active: true },
    { codAccertamento: 'ACC-2023-90', codCapitolo: 'E.1.01.01.51', active: false },
  ],
};

// A TARI payment of 147.92 euros: 140.00 of tax and 7.92 of provincial surcharge (TEFA), reported and cashed
const tax = { codUfficio: 'UFF-TRIB', codCapitolo: 'E.1.01.01.51', codAccertamento: 'ACC-2024-17', importo: 14000 };
const tefa = { codUfficio: 'UFF-TRIB', codCapitolo: 'E.3.02.02.01', importo: 792 };
const paymentData: AddPayment['data'] = {
  paymentKey: 'c_a562|TARI-2024-0001',
  iud: 'TARI-2024-0001',
  iuv: '48000000001234539',
  iur: 'c1a5e4b2d9f84c6e8a0b',
  importo: 14792,
  tipoDovuto: 'TARI',
  paid: true,
  reported: true,
  cashed: true,
  dataEsito: '2024-03-05',
  dataRegolamento: '2024-03-06',
  dataValuta: '2024-03-07',
  splits: [tax, tefa],
  anagrafica,
};
const stored: AccertamentoPayment = {
  paymentKey: 'c_a562|TARI-2024-0001',
  iud: 'TARI-2024-0001',
  iuv: '48000000001234539',
  iur: 'c1a5e4b2d9f84c6e8a0b',
  importo: 14792,
  dataEsito: '2024-03-05',
  dataRegolamento: '2024-03-06',
  dataValuta: '2024-03-07',
  splits: [tax, tefa],
};
const second: AccertamentoPayment = {
  paymentKey: 'c_a562|TARI-2024-0002',
  iud: 'TARI-2024-0002',
  iuv: '48000000001234640',
  importo: 5000,
  dataEsito: '2024-03-08',
  dataRegolamento: '2024-03-09',
  dataValuta: '2024-03-11',
  splits: [{ codUfficio: 'UFF-TRIB', codCapitolo: 'E.1.01.01.51', importo: 5000 }],
};

const create = (over: Partial<typeof header> = {}): AccertamentoCommand => ({ type: 'CreateAccertamento', data: { ...header, ...over }, metadata: { now } });
const add = (over: Partial<AddPayment['data']> = {}): AccertamentoCommand => ({ type: 'AddPayment', data: { ...paymentData, ...over }, metadata: { now } });
const remove = (paymentKey = stored.paymentKey): AccertamentoCommand => ({ type: 'RemovePayment', data: { paymentKey }, metadata: { now } });
const close = (closedElsewhere?: { paymentKey: string; accertamentoId: string }[]): AccertamentoCommand => ({
  type: 'CloseAccertamento',
  data: { ...(closedElsewhere && { closedElsewhere }) },
  metadata: { now: later },
});
const cancel = (reason?: string): AccertamentoCommand => ({ type: 'CancelAccertamento', data: { ...(reason !== undefined && { reason }) }, metadata: { now: later } });

const created = (): AccertamentoEvent => ({ type: 'AccertamentoCreated', data: { ...header, at: now } });
const added = (payment: AccertamentoPayment = stored): AccertamentoEvent => ({ type: 'AccertamentoPaymentAdded', data: { ...ref, payment, at: now } });
const removed = (paymentKey = stored.paymentKey): AccertamentoEvent => ({ type: 'AccertamentoPaymentRemoved', data: { ...ref, paymentKey, at: now } });
const closed = (payments: AccertamentoPayment[] = [stored]): AccertamentoEvent => ({
  type: 'AccertamentoClosed',
  data: {
    ...ref,
    codTipoDovuto: 'TARI',
    anno: 2024,
    paymentKeys: payments.map((p) => p.paymentKey),
    payments,
    totalImporto: payments.reduce((s, p) => s + p.importo, 0),
    at: later,
  },
});
const cancelled = (reason?: string): AccertamentoEvent => ({ type: 'AccertamentoCancelled', data: { ...ref, ...(reason !== undefined && { reason }), at: later } });

describe('accertamento', () => {
  it('lives in one stream per ente and id, with a schema version for every event', () => {
    expect(accertamentoStreamId('c_a562', 'ACC-TARI-2024-1')).toBe('accertamento-c_a562-ACC-TARI-2024-1');
    expect(ACCERTAMENTO_EVENT_VERSIONS).toEqual({
      AccertamentoCreated: 1,
      AccertamentoPaymentAdded: 1,
      AccertamentoPaymentRemoved: 1,
      AccertamentoClosed: 1,
      AccertamentoCancelled: 1,
    });
  });

  describe('states and transitions', () => {
    // Every command in every state: what is allowed and what is refused, with which code.
    const states: Record<string, AccertamentoEvent[]> = {
      'no accertamento': [],
      'APERTO, empty': [created()],
      'APERTO, with a payment': [created(), added()],
      CHIUSO: [created(), added(), closed()],
      'ANNULLATO (from APERTO)': [created(), added(), cancelled()],
    };
    const commands: Record<string, () => AccertamentoCommand> = {
      create: () => create(),
      'add a payment': () => add({ paymentKey: second.paymentKey, iud: second.iud, iuv: second.iuv, importo: 5000, splits: second.splits }),
      'remove a payment': () => remove(),
      close: () => close(),
      cancel: () => cancel(),
    };
    const outcome: Record<string, Record<string, string>> = {
      'no accertamento': {
        create: 'AccertamentoCreated',
        'add a payment': 'ACCERTAMENTO_NOT_FOUND',
        'remove a payment': 'ACCERTAMENTO_NOT_FOUND',
        close: 'ACCERTAMENTO_NOT_FOUND',
        cancel: 'ACCERTAMENTO_NOT_FOUND',
      },
      'APERTO, empty': {
        create: 'ACCERTAMENTO_ALREADY_EXISTS',
        'add a payment': 'AccertamentoPaymentAdded',
        'remove a payment': 'PAYMENT_NOT_INCLUDED',
        close: 'ACCERTAMENTO_EMPTY',
        cancel: 'AccertamentoCancelled',
      },
      'APERTO, with a payment': {
        create: 'ACCERTAMENTO_ALREADY_EXISTS',
        'add a payment': 'AccertamentoPaymentAdded',
        'remove a payment': 'AccertamentoPaymentRemoved',
        close: 'AccertamentoClosed',
        cancel: 'AccertamentoCancelled',
      },
      CHIUSO: {
        create: 'ACCERTAMENTO_ALREADY_EXISTS',
        'add a payment': 'ACCERTAMENTO_CLOSED',
        'remove a payment': 'ACCERTAMENTO_CLOSED',
        close: 'ACCERTAMENTO_CLOSED',
        cancel: 'ACCERTAMENTO_CLOSED',
      },
      'ANNULLATO (from APERTO)': {
        create: 'ACCERTAMENTO_ALREADY_EXISTS',
        'add a payment': 'ACCERTAMENTO_CANCELLED',
        'remove a payment': 'ACCERTAMENTO_CANCELLED',
        close: 'ACCERTAMENTO_CANCELLED',
        cancel: 'ACCERTAMENTO_CANCELLED',
      },
    };
    const cases = Object.entries(outcome).flatMap(([state, byCommand]) => Object.entries(byCommand).map(([command, result]) => [state, command, result] as const));

    it.each(cases)('given %s, when %s: %s', (state, command, result) => {
      const when = given(...states[state]).when(commands[command]());
      if (/^[A-Z_]+$/.test(result)) when.thenThrows(result);
      else when.thenMatches([{ type: result as AccertamentoEvent['type'] }]);
    });

    it('the status follows the events: APERTO after creation, CHIUSO after closing, ANNULLATO after cancelling', () => {
      expect(given().when(create()).thenState().state.status).toBe('APERTO');
      expect(given(created(), added()).when(close()).thenState().state.status).toBe('CHIUSO');
      expect(given(created()).when(cancel()).thenState().state.status).toBe('ANNULLATO');
    });
  });

  describe('creating', () => {
    it('records ente, tipo dovuto, budget year and description', () => {
      given().when(create({ descrizione: '  TARI 2024, primo trimestre ' })).then([created()]);
    });

    it.each([
      ['an id with a space', { id: 'ACC 1' }, 'INVALID_ACCERTAMENTO_ID', 'id'],
      ['a tipo dovuto that is not a code', { codTipoDovuto: 'TA RI' }, 'INVALID_TIPO_DOVUTO', 'codTipoDovuto'],
      ['a budget year before 2000', { anno: 1999 }, 'ANNO_OUT_OF_RANGE', 'anno'],
      ['a budget year after 2100', { anno: 2101 }, 'ANNO_OUT_OF_RANGE', 'anno'],
      ['an empty description', { descrizione: ' ' }, 'INVALID_DESCRIZIONE', 'descrizione'],
      ['an invalid codIpa', { codIpa: 'c-a562' }, 'INVALID_COD_IPA', 'codIpa'],
    ])('refuses %s', (_label, over, code, field) => {
      given().when(create(over)).thenThrows(code, { kind: 'invalid', field });
    });
  });

  describe('adding a payment', () => {
    it('adds a paid, reported and cashed payment of its tipo dovuto with splits that add up to its amount', () => {
      given(created()).when(add()).then([added()]);
    });

    it('adding exactly the same payment again changes nothing', () => {
      given(created(), added()).when(add()).thenNothing();
    });

    it('refuses the same payment with another assignment: remove it first', () => {
      given(created(), added())
        .when(add({ splits: [{ ...tax, importo: 14792 }] }))
        .thenThrows('PAYMENT_ALREADY_INCLUDED', { kind: 'conflict', field: 'paymentKey' });
    });

    it('a removed payment can be added again, with another assignment', () => {
      const single = { ...tax, importo: 14792 };
      given(created(), added(), removed())
        .when(add({ splits: [single] }))
        .then([added({ ...stored, splits: [single] })]);
    });

    it('refuses splits that do not add up to the payment, giving both amounts', () => {
      const e = given(created())
        .when(add({ splits: [tax, { ...tefa, importo: 700 }] }))
        .thenThrows('SPLIT_SUM_MISMATCH', { kind: 'invalid', field: 'splits', message: 'add up to 147.00 euros, the payment is 147.92 euros' });
      expect(e.details).toEqual({ expected: 14792, actual: 14700 });
    });

    it('refuses a payment of another tipo dovuto', () => {
      const e = given(created()).when(add({ tipoDovuto: 'MENSA' })).thenThrows('PAYMENT_OF_OTHER_TIPO_DOVUTO', { field: 'tipoDovuto' });
      expect(e.details).toEqual({ expected: 'TARI', actual: 'MENSA' });
    });

    it('refuses a payment that is not paid', () => {
      given(created()).when(add({ paid: false, reported: false, cashed: false })).thenThrows('PAYMENT_NOT_PAID', { kind: 'conflict' });
    });

    it.each([
      ['not reported', { reported: false }, ['reported']],
      ['not cashed', { cashed: false }, ['cashed']],
      ['neither reported nor cashed', { reported: false, cashed: false }, ['reported', 'cashed']],
    ])('by default refuses a payment %s', (_label, over, missing) => {
      const e = given(created()).when(add(over)).thenThrows('PAYMENT_NOT_REPORTED_OR_CASHED', { kind: 'conflict' });
      expect(e.details).toEqual({ missing });
    });

    it('accepts a paid payment not yet reported nor cashed when the operator does not require it, keeping only the paid date', () => {
      const { dataRegolamento: _r, dataValuta: _v, ...paidOnly } = stored;
      given(created())
        .when(add({ reported: false, cashed: false, requireReportedAndCashed: false, dataRegolamento: '2024-03-06' }))
        .then([added(paidOnly)]);
    });

    it('refuses a payment already in a closed accertamento, naming it', () => {
      const e = given(created()).when(add({ alreadyInClosedAccertamento: 'ACC-TARI-2023-9' })).thenThrows('PAYMENT_IN_CLOSED_ACCERTAMENTO', { kind: 'conflict' });
      expect(e.message).toMatch(/ACC-TARI-2023-9/);
    });

    it('refuses a payment of another ente (its key must be this ente and its IUD)', () => {
      given(created()).when(add({ paymentKey: 'c_f205|TARI-2024-0001' })).thenThrows('INVALID_PAYMENT_KEY', { field: 'paymentKey' });
    });

    it.each([
      ['an unknown capitolo', { splits: [tax, { ...tefa, codCapitolo: 'E.9.99' }] }, 'CAPITOLO_UNKNOWN', 'splits[1].codCapitolo'],
      ['a capitolo of another year', { anagrafica: { ...anagrafica, anno: 2023 } }, 'CAPITOLO_UNKNOWN', 'splits[0].codCapitolo'],
      ['a capitolo of another ente', { anagrafica: { ...anagrafica, codIpa: 'c_f205' } }, 'CAPITOLO_UNKNOWN', 'splits[0].codCapitolo'],
      ['a deactivated capitolo', { splits: [tax, { codUfficio: 'UFF-RAG', codCapitolo: 'E.3.05.99.99', importo: 792 }] }, 'CAPITOLO_INACTIVE', 'splits[1].codCapitolo'],
      ['an ufficio that is not the capitolo’s', { splits: [tax, { ...tefa, codUfficio: 'UFF-RAG' }] }, 'UFFICIO_MISMATCH', 'splits[1].codUfficio'],
      ['a capitolo for other tipi dovuto', { splits: [tax, { codUfficio: 'UFF-SOC', codCapitolo: 'E.2.01.01.02', importo: 792 }] }, 'CAPITOLO_NOT_FOR_TIPO_DOVUTO', 'splits[1].codCapitolo'],
      ['an unknown accertamento contabile', { splits: [{ ...tax, codAccertamento: 'ACC-X' }, tefa] }, 'ACCERTAMENTO_CONTABILE_UNKNOWN', 'splits[0].codAccertamento'],
      ['an accertamento contabile of another capitolo', { splits: [{ ...tax, codAccertamento: 'ACC-2024-18' }, tefa] }, 'ACCERTAMENTO_CONTABILE_MISMATCH', 'splits[0].codAccertamento'],
      ['a deactivated accertamento contabile', { splits: [{ ...tax, codAccertamento: 'ACC-2023-90' }, tefa] }, 'ACCERTAMENTO_CONTABILE_INACTIVE', 'splits[0].codAccertamento'],
    ])('refuses a split on %s', (_label, over, code, field) => {
      given(created()).when(add(over)).thenThrows(code, { kind: 'invalid', field });
    });

    it('reports every bad split at once', () => {
      const e = given(created())
        .when(add({ splits: [{ ...tax, codCapitolo: 'E.9.99' }, { ...tefa, codUfficio: 'UFF-RAG' }] }))
        .thenThrows('CAPITOLO_UNKNOWN');
      expect(e.message).toMatch(/splits\[0\]\.codCapitolo.*splits\[1\]\.codUfficio/);
    });

    it.each([
      ['no splits', { splits: [] }, 'INVALID_SPLITS', 'splits'],
      ['a split of zero', { importo: 14000, splits: [tax, { ...tefa, importo: 0 }] }, 'INVALID_AMOUNT', 'splits[1].importo'],
      ['an amount in euros', { importo: 147.92 }, 'INVALID_AMOUNT', 'importo'],
      ['a split without capitolo', { splits: [tax, { ...tefa, codCapitolo: '' }] }, 'INVALID_CODE', 'splits[1].codCapitolo'],
      ['a paid payment without data esito', { dataEsito: undefined }, 'INVALID_DATA_ESITO', 'dataEsito'],
      ['a reported payment with an impossible data regolamento', { dataRegolamento: '2024-02-30' }, 'INVALID_DATA_REGOLAMENTO', 'dataRegolamento'],
      ['a cashed payment without data valuta', { dataValuta: undefined }, 'INVALID_DATA_VALUTA', 'dataValuta'],
      ['a payment without IUD', { iud: ' ', paymentKey: 'c_a562| ' }, 'INVALID_IUD', 'iud'],
    ])('refuses %s', (_label, over, code, field) => {
      given(created()).when(add(over)).thenThrows(code, { kind: 'invalid', field });
    });
  });

  describe('removing a payment', () => {
    it('removes an included payment; removing it again changes nothing', () => {
      given(created(), added()).when(remove()).then([removed()]);
      given(created(), added(), removed()).when(remove()).thenNothing();
    });

    it('refuses to remove a payment that was never included', () => {
      given(created(), added()).when(remove('c_a562|TARI-2024-0099')).thenThrows('PAYMENT_NOT_INCLUDED', { kind: 'not_found' });
    });

    it('an accertamento whose only payment was removed is empty again and cannot be closed', () => {
      given(created(), added(), removed()).when(close()).thenThrows('ACCERTAMENTO_EMPTY');
    });
  });

  describe('closing', () => {
    it('emits the included payments, in the order they were added, with their keys and total', () => {
      given(created(), added(), added(second)).when(close()).then([closed([stored, second])]);
    });

    it('leaves out removed payments', () => {
      given(created(), added(), added(second), removed()).when(close()).then([closed([second])]);
    });

    it('refuses to close when another accertamento closed one of its payments meanwhile', () => {
      given(created(), added(), added(second))
        .when(close([{ paymentKey: second.paymentKey, accertamentoId: 'ACC-TARI-2024-2' }]))
        .thenThrows('PAYMENT_IN_CLOSED_ACCERTAMENTO', { message: /ACC-TARI-2024-2/ });
    });

    it('ignores a clash report about a payment it does not hold', () => {
      given(created(), added())
        .when(close([{ paymentKey: second.paymentKey, accertamentoId: 'ACC-TARI-2024-2' }]))
        .then([closed([stored])]);
    });
  });

  describe('cancelling', () => {
    it('an open accertamento can be cancelled, with an optional trimmed reason', () => {
      given(created(), added()).when(cancel('  creato per errore ')).then([cancelled('creato per errore')]);
      given(created()).when(cancel('   ')).then([cancelled()]);
    });

    it('a closed accertamento cannot be cancelled', () => {
      given(created(), added(), closed()).when(cancel()).thenThrows('ACCERTAMENTO_CLOSED', { kind: 'conflict' });
    });
  });
});

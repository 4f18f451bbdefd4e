import { given as givenFor } from '../../../test/helpers/given-when-then';
import { positionDecider } from './position.decider';
import {
  cancelled,
  cancelPosition,
  cashed,
  created,
  expired,
  expirePosition,
  input,
  LATER,
  paymentRequested,
  position,
  receiptReceived,
  reconciled,
  requestPayment,
  tari,
  updatePosition,
} from './position.test-kit';

const given = givenFor(positionDecider);
const ref = { codIpa: 'c_a562', iud: 'TARI-2024-0001', iuv: input.iuv, at: LATER };
const withBilancio = created({ bilancio: { capitoli: [{ codCapitolo: '1010', importo: 14792 }] } });

describe('updating a dovuto (azione M)', () => {
  it('records the changed fields and the whole new dovuto', () => {
    given(created())
      .when(updatePosition({ importo: 15000, causale: 'TARI 2024 rata unica', dataScadenza: '2024-07-31' }))
      .then([
        {
          type: 'PositionUpdated',
          data: { ...ref, changes: { importo: 15000, dataScadenza: '2024-07-31' }, position: { ...position, importo: 15000, dataScadenza: '2024-07-31' }, reopened: false },
        },
      ]);
  });

  it('an update that repeats the current values changes nothing (even the IUV and tipo it may carry)', () => {
    given(created())
      .when(updatePosition({ iuv: input.iuv, tipoDovuto: 'TARI', importo: 14792, payer: { tipo: 'F', codiceIdentificativo: 'rssmra85t10a562s', anagrafica: 'Mario Rossi' } }))
      .thenNothing();
  });

  it('a new importo must still match the bilancio', () => {
    given(withBilancio).when(updatePosition({ importo: 15000 })).thenThrows('BILANCIO_SUM_MISMATCH', { field: 'bilancio' });
  });

  it('importo and bilancio can change together', () => {
    given(withBilancio)
      .when(updatePosition({ importo: 15000, bilancio: { capitoli: [{ codCapitolo: '1010', importo: 15000 }] } }))
      .thenMatches([{ type: 'PositionUpdated', data: { changes: { importo: 15000, bilancio: { capitoli: [{ codCapitolo: '1010', importo: 15000 }] } } } }]);
  });

  it('null removes an optional value', () => {
    const { events, state } = given(withBilancio).when(updatePosition({ bilancio: null })).thenState();
    expect(events).toMatchObject([{ type: 'PositionUpdated', data: { changes: { bilancio: null } } }]);
    expect(state.position?.bilancio).toBeUndefined();
  });

  it('re-checks the tipo dovuto rules when the handler passes them', () => {
    given(created())
      .when(updatePosition({ importo: 15000, context: { tipoDovuto: { ...tari, importoFisso: 14792 } } }))
      .thenThrows('IMPORTO_FISSO_MISMATCH');
    given(created())
      .when(updatePosition({ dataScadenza: null, context: { tipoDovuto: tari } }))
      .thenThrows('DATA_SCADENZA_REQUIRED');
  });

  it('validates the new values like a creation', () => {
    given(created()).when(updatePosition({ dataScadenza: '2024-02-30' })).thenThrows('INVALID_DATA_SCADENZA');
    given(created()).when(updatePosition({ payer: { tipo: 'F', codiceIdentificativo: 'RSSMRA85T10A562T', anagrafica: 'Mario Rossi' } })).thenThrows('CODICE_FISCALE_CHECK_CHARACTER');
  });

  it('cannot change the IUV', () => {
    given(created()).when(updatePosition({ iuv: '48000000001234640' })).thenThrows('IUV_CHANGE_NOT_ALLOWED', { field: 'iuv' });
  });

  it('cannot change the tipo dovuto', () => {
    given(created()).when(updatePosition({ tipoDovuto: 'MENSA' })).thenThrows('TIPO_DOVUTO_CHANGE_NOT_ALLOWED', { field: 'tipoDovuto' });
  });

  it('is allowed while a payment is in progress', () => {
    given(created(), paymentRequested()).when(updatePosition({ causale: 'TARI 2024 - saldo' })).thenMatches([{ type: 'PositionUpdated' }]);
  });

  it('is refused once paid', () => {
    given(created(), receiptReceived()).when(updatePosition({ importo: 15000 })).thenThrows('ALREADY_PAID', { kind: 'conflict' });
  });

  it('is refused once cancelled', () => {
    given(created(), cancelled()).when(updatePosition({ importo: 15000 })).thenThrows('POSITION_CANCELLED', { kind: 'conflict' });
  });

  it('is refused for an unknown dovuto', () => {
    given().when(updatePosition({ importo: 15000 })).thenThrows('POSITION_NOT_FOUND', { kind: 'not_found' });
  });

  it('a new due date reopens an expired dovuto, which can then be paid', () => {
    const { events, state } = given(created(), expired()).when(updatePosition({ dataScadenza: '2024-12-31' })).thenState();
    expect(events).toMatchObject([{ type: 'PositionUpdated', data: { reopened: true } }]);
    expect(state.status).toBe('open');
    given(created(), expired(), ...events).when(requestPayment()).thenMatches([{ type: 'PaymentRequested' }]);
  });

  it('other changes leave an expired dovuto expired', () => {
    const { events, state } = given(created(), expired()).when(updatePosition({ causale: 'TARI 2024' })).thenState();
    expect(events).toMatchObject([{ data: { reopened: false } }]);
    expect(state.status).toBe('expired');
  });
});

describe('cancelling a dovuto (azione A)', () => {
  it('an open dovuto is cancelled, with the reason', () => {
    given(created()).when(cancelPosition('sgravio: importo non dovuto')).then([cancelled('sgravio: importo non dovuto')]);
  });

  it('cancelling without a reason records none', () => {
    given(created()).when(cancelPosition()).then([cancelled()]);
  });

  it('cancelling twice changes nothing', () => {
    given(created(), cancelled()).when(cancelPosition()).thenNothing();
  });

  it('a paid dovuto cannot be cancelled', () => {
    given(created(), receiptReceived({ amount: 14792 })).when(cancelPosition()).thenThrows('ALREADY_PAID');
  });

  it('a reconciled dovuto cannot be cancelled', () => {
    given(created(), receiptReceived(), cashed(), reconciled()).when(cancelPosition()).thenThrows('ALREADY_PAID');
  });

  it('an expired dovuto can be cancelled', () => {
    given(created(), expired()).when(cancelPosition()).then([cancelled()]);
  });

  it('a dovuto whose payment is in progress can be cancelled (a late receipt is then flagged)', () => {
    const { state } = given(created(), paymentRequested()).when(cancelPosition()).thenState();
    expect(state.status).toBe('cancelled');
  });

  it('an unknown dovuto cannot be cancelled', () => {
    given().when(cancelPosition()).thenThrows('POSITION_NOT_FOUND');
  });
});

describe('expiring a dovuto', () => {
  it('expires an open dovuto the day after its dataScadenza', () => {
    given(created()).when(expirePosition('2024-07-01')).then([expired('2024-07-01')]);
    const { state } = given(created()).when(expirePosition('2024-07-01')).thenState();
    expect(state.status).toBe('expired');
  });

  it('expires a dovuto whose payment was requested but never completed', () => {
    given(created(), paymentRequested()).when(expirePosition('2024-07-01')).then([expired('2024-07-01')]);
  });

  it('does not expire on the due date itself', () => {
    given(created()).when(expirePosition('2024-06-30')).thenThrows('NOT_YET_DUE', { kind: 'conflict', message: /due on 2024-06-30/ });
  });

  it('does not expire before the due date', () => {
    given(created()).when(expirePosition('2024-03-01')).thenThrows('NOT_YET_DUE');
  });

  it('a dovuto without dataScadenza never expires', () => {
    given(created({ dataScadenza: undefined })).when(expirePosition('2099-01-01')).thenThrows('NO_DUE_DATE');
  });

  it('a paid dovuto does not expire', () => {
    given(created(), receiptReceived()).when(expirePosition()).thenThrows('ALREADY_PAID');
  });

  it('a cancelled dovuto does not expire', () => {
    given(created(), cancelled()).when(expirePosition()).thenThrows('POSITION_CANCELLED');
  });

  it('expiring again changes nothing (the daily job may run twice)', () => {
    given(created(), expired()).when(expirePosition('2024-07-02')).thenNothing();
  });

  it('needs a real date', () => {
    given(created()).when(expirePosition('2024-06-31')).thenThrows('INVALID_DATE', { field: 'today' });
  });

  it('an unknown dovuto cannot expire', () => {
    given().when(expirePosition()).thenThrows('POSITION_NOT_FOUND');
  });
});

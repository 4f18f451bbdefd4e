import { given as givenFor } from '../../../test/helpers/given-when-then';
import { positionDecider } from './position.decider';
import {
  cancelled,
  created,
  duplicatePaymentReceived,
  expired,
  LATER,
  paymentRequested,
  receipt,
  receiptReceived,
  receiveReceipt,
  requestPayment,
} from './position.test-kit';

const given = givenFor(positionDecider);

describe('requesting a payment (paGetPayment / RPT)', () => {
  it('an open dovuto can be requested for payment', () => {
    given(created()).when(requestPayment('paGetPaymentV2', 'tok-1')).then([paymentRequested('paGetPaymentV2', 'tok-1')]);
    const { state } = given(created()).when(requestPayment()).thenState();
    expect(state.status).toBe('payment_requested');
  });

  it.each(['paGetPayment', 'RPT'] as const)('records the %s channel', (channel) => {
    given(created()).when(requestPayment(channel)).then([paymentRequested(channel)]);
  });

  it('the same payment token again changes nothing (the Node retried)', () => {
    given(created(), paymentRequested('paGetPaymentV2', 'tok-1')).when(requestPayment('paGetPaymentV2', 'tok-1')).thenNothing();
  });

  it('a new attempt with another token is recorded', () => {
    given(created(), paymentRequested('paGetPaymentV2', 'tok-1')).when(requestPayment('paGetPaymentV2', 'tok-2')).then([paymentRequested('paGetPaymentV2', 'tok-2')]);
  });

  it('a cancelled dovuto cannot be paid', () => {
    given(created(), cancelled()).when(requestPayment()).thenThrows('POSITION_CANCELLED', { kind: 'conflict' });
  });

  it('an expired dovuto cannot be paid', () => {
    given(created(), expired()).when(requestPayment()).thenThrows('POSITION_EXPIRED', { kind: 'conflict', message: /2024-06-30/ });
  });

  it('a paid dovuto cannot be paid again', () => {
    given(created(), receiptReceived()).when(requestPayment()).thenThrows('ALREADY_PAID');
  });

  it('after a negative receipt the dovuto can be requested again', () => {
    given(created(), paymentRequested('paGetPaymentV2', 'tok-1'), receiptReceived({ outcome: 'KO', receiptId: 'tok-1' }))
      .when(requestPayment('paGetPaymentV2', 'tok-2'))
      .then([paymentRequested('paGetPaymentV2', 'tok-2')]);
  });

  it('refuses an unknown channel', () => {
    given(created()).when(requestPayment('nodoInviaRPT' as never)).thenThrows('INVALID_CHANNEL', { field: 'channel' });
  });

  it('an unknown dovuto cannot be paid', () => {
    given().when(requestPayment()).thenThrows('POSITION_NOT_FOUND');
  });
});

describe('receiving a receipt (paSendRT / RT)', () => {
  it('a positive receipt pays the dovuto', () => {
    given(created(), paymentRequested()).when(receiveReceipt()).then([receiptReceived()]);
    const { state } = given(created(), paymentRequested()).when(receiveReceipt()).thenState();
    expect(state).toMatchObject({ status: 'paid', paid: true, paidBy: receipt().receiptId, paymentPending: false });
  });

  it('a receipt without a prior request (e.g. the simulator, a legacy RT) is recorded all the same', () => {
    given(created()).when(receiveReceipt({ channel: 'RT62' })).then([receiptReceived({ channel: 'RT62' })]);
  });

  it('the same receipt again changes nothing', () => {
    given(created(), receiptReceived()).when(receiveReceipt()).thenNothing();
  });

  it('the same receipt again changes nothing even when it comes with other data', () => {
    given(created(), receiptReceived()).when(receiveReceipt({ amount: 1, channel: 'paSendRT' })).thenNothing();
  });

  it('a second positive receipt with another receiptId is a duplicate payment, never overwriting the first', () => {
    given(created(), receiptReceived())
      .when(receiveReceipt({ receiptId: 'second-payment-0001', idPSP: 'UNCRITMM' }))
      .then([duplicatePaymentReceived({ receiptId: 'second-payment-0001', idPSP: 'UNCRITMM' })]);
    const { state } = given(created(), receiptReceived()).when(receiveReceipt({ receiptId: 'second-payment-0001' })).thenState();
    expect(state.paidBy).toBe(receipt().receiptId);
    expect(state.receipts.map((r) => r.receiptId)).toEqual([receipt().receiptId]);
    expect(state.duplicates).toEqual([{ receiptId: 'second-payment-0001', amount: 14792, idPSP: 'BCITITMM', at: LATER }]);
    expect(state.status).toBe('paid');
  });

  it('a duplicate delivered twice is recorded once', () => {
    given(created(), receiptReceived(), duplicatePaymentReceived({ receiptId: 'second-payment-0001' })).when(receiveReceipt({ receiptId: 'second-payment-0001' })).thenNothing();
  });

  it('a negative receipt is recorded and the dovuto stays payable', () => {
    given(created(), paymentRequested()).when(receiveReceipt({ outcome: 'KO', amount: 0 })).then([receiptReceived({ outcome: 'KO', amount: 0 })]);
    const { state } = given(created(), paymentRequested()).when(receiveReceipt({ outcome: 'KO' })).thenState();
    expect(state).toMatchObject({ status: 'open', paid: false, paymentPending: false });
  });

  it('a positive receipt after a negative one pays the dovuto', () => {
    given(created(), receiptReceived({ outcome: 'KO', receiptId: 'ko-1' }))
      .when(receiveReceipt())
      .then([receiptReceived()]);
  });

  it('a positive receipt for a cancelled dovuto is recorded and flagged: the money was taken', () => {
    given(created(), cancelled()).when(receiveReceipt()).then([receiptReceived({}, { paidAfterCancellation: true })]);
    const { state } = given(created(), cancelled()).when(receiveReceipt()).thenState();
    expect(state).toMatchObject({ status: 'paid', paid: true, cancelled: true });
  });

  it('a positive receipt for an expired dovuto is recorded and flagged', () => {
    given(created(), expired()).when(receiveReceipt()).then([receiptReceived({}, { paidAfterExpiry: true })]);
  });

  it('a negative receipt for a cancelled dovuto raises no flag', () => {
    given(created(), cancelled()).when(receiveReceipt({ outcome: 'KO' })).then([receiptReceived({ outcome: 'KO' })]);
  });

  it('an amount different from the importo is recorded with a flag', () => {
    given(created()).when(receiveReceipt({ amount: 14000 })).then([receiptReceived({ amount: 14000 }, { amountMismatch: true, expectedAmount: 14792 })]);
  });

  it('the expected amount of a multi-beneficiary dovuto includes the share of the ente secondario', () => {
    const secondario = { codiceFiscale: '00488410010', denominazione: 'Città Metropolitana', iban: 'IT70A0103062500000001357652', datiSpecificiRiscossione: '9/0101100IM/', importo: 739 };
    given(created({ secondario }))
      .when(receiveReceipt({ amount: 15531 }))
      .thenMatches([{ type: 'ReceiptReceived', data: { expectedAmount: 15531, amountMismatch: false } }]);
  });

  it.each([
    [{ receiptId: ' ' }, 'INVALID_RECEIPT_ID'],
    [{ amount: -1 }, 'INVALID_AMOUNT'],
    [{ amount: 147.92 }, 'INVALID_AMOUNT'],
    [{ outcome: 'MAYBE' as never }, 'INVALID_OUTCOME'],
    [{ idPSP: '' }, 'INVALID_ID_PSP'],
    [{ channel: 'email' as never }, 'INVALID_CHANNEL'],
  ])('refuses a receipt that cannot be one: %j', (over, code) => {
    given(created()).when(receiveReceipt(over)).thenThrows(code);
  });

  it('a receipt for an unknown dovuto is refused (the handler records it as an anomaly)', () => {
    given().when(receiveReceipt()).thenThrows('POSITION_NOT_FOUND');
  });
});

/**
 * Builders for position specs: one realistic TARI dovuto of the Comune di Bari and the events of its life.
 * Each builder takes overrides, so a test states only what its rule is about.
 */
import type { MarkCashed, PositionCommand, PositionInput, TipoDovutoContext, UpdatePosition } from './position.commands';
import type { PositionEvent, ReceiptReceived } from './position.events';
import type { Position, Receipt } from './position.types';
import type { EsitoRendicontazione, PaymentChannel } from './position.types';

export const CREATED_AT = '2024-03-01T10:00:00+01:00';
export const LATER = '2024-03-05T11:30:00+01:00';
/** buildIuv('48', '0000000012345'): segregation code 48 of the ente's station. */
export const IUV = '48000000001234539';
export const NUMERO_AVVISO = '348000000001234539';

export const tari: TipoDovutoContext = { code: 'TARI', active: true, scadenzaObbligatoria: true, datiSpecificiRiscossione: '9/0101100IM/' };

export const input: PositionInput = {
  codIpa: 'c_a562',
  iud: 'TARI-2024-0001',
  iuv: IUV,
  payer: { tipo: 'F', codiceIdentificativo: 'RSSMRA85T10A562S', anagrafica: 'Mario Rossi' },
  importo: 14792,
  dataScadenza: '2024-06-30',
  tipoDovuto: 'TARI',
  causale: 'TARI 2024 rata unica',
};

export const position: Position = { ...input, numeroAvviso: NUMERO_AVVISO, datiSpecificiRiscossione: '9/0101100IM/' } as Position;

const meta = (now: string) => ({ now });

export const createPosition = (over: Partial<PositionInput> = {}, context: { tipoDovuto?: TipoDovutoContext | undefined; segregationCode?: string } = {}): PositionCommand => ({
  type: 'CreatePosition',
  data: { ...input, ...over, context: { tipoDovuto: 'tipoDovuto' in context ? context.tipoDovuto : tari, segregationCode: context.segregationCode ?? '48' } },
  metadata: meta(CREATED_AT),
});
export const updatePosition = (data: UpdatePosition['data'], now = LATER): PositionCommand => ({ type: 'UpdatePosition', data, metadata: meta(now) });
export const cancelPosition = (reason?: string, now = LATER): PositionCommand => ({ type: 'CancelPosition', data: { ...(reason !== undefined && { reason }) }, metadata: meta(now) });
export const requestPayment = (channel: PaymentChannel = 'paGetPaymentV2', paymentToken?: string, now = LATER): PositionCommand => ({
  type: 'RequestPayment',
  data: { channel, ...(paymentToken !== undefined && { paymentToken }), idPSP: 'BCITITMM' },
  metadata: meta(now),
});

export const receipt = (over: Partial<Receipt> = {}): Receipt => ({
  receiptId: 'c1a5e4b2d9f84c6e8a0b',
  outcome: 'OK',
  amount: 14792,
  fee: 150,
  idPSP: 'BCITITMM',
  pspName: 'Intesa Sanpaolo',
  paymentDateTime: '2024-03-05T11:22:33+01:00',
  transfers: [
    {
      index: 1,
      idTransfer: 1,
      amount: 14792,
      iban: 'IT60X0542811101000000123456',
      cfEnte: '80016350821',
      remittanceInformation: 'TARI 2024 rata unica',
      category: '0101100IM',
      datiSpecificiRiscossione: '9/0101100IM/',
    },
  ],
  channel: 'paSendRTV2',
  ...over,
});
export const receiveReceipt = (over: Partial<Receipt> = {}, now = LATER): PositionCommand => ({ type: 'ReceiveReceipt', data: receipt(over), metadata: meta(now) });

type Flags = Pick<ReceiptReceived['data'], 'expectedAmount' | 'amountMismatch' | 'paidAfterCancellation' | 'paidAfterExpiry'>;

const ref = (at: string, p: Pick<Position, 'codIpa' | 'iud' | 'iuv'> = input) => ({ codIpa: p.codIpa, iud: p.iud, iuv: p.iuv, at });

export const created = (over: Partial<Position> = {}): PositionEvent => ({ type: 'PositionCreated', data: { ...position, ...over, at: CREATED_AT } });
export const cancelled = (reason?: string, at = LATER): PositionEvent => ({ type: 'PositionCancelled', data: { ...ref(at), ...(reason !== undefined && { reason }) } });
export const paymentRequested = (channel: PaymentChannel = 'paGetPaymentV2', paymentToken?: string, at = LATER): PositionEvent => ({
  type: 'PaymentRequested',
  data: { ...ref(at), channel, ...(paymentToken !== undefined && { paymentToken }), idPSP: 'BCITITMM', requestedAt: at },
});
export const receiptReceived = (over: Partial<Receipt> = {}, flags: Partial<Flags> = {}, at = LATER): PositionEvent => ({
  type: 'ReceiptReceived',
  data: { ...ref(at), ...receipt(over), expectedAmount: 14792, amountMismatch: false, paidAfterCancellation: false, paidAfterExpiry: false, ...flags },
});
export const duplicatePaymentReceived = (over: Partial<Receipt>, firstReceiptId = receipt().receiptId, at = LATER): PositionEvent => ({
  type: 'DuplicatePaymentReceived',
  data: { ...ref(at), ...receipt(over), firstReceiptId },
});

export const report = { iuf: '2024-03-06BCITITMM-S000123', idPSP: 'BCITITMM', rowIndex: 1, esito: '0' as EsitoRendicontazione, amount: 14792, dataRegolamento: '2024-03-06' };
export const markReported = (over: Partial<typeof report> = {}, now = LATER): PositionCommand => ({ type: 'MarkReported', data: { ...report, ...over }, metadata: meta(now) });
export const reported = (over: Partial<typeof report> = {}, beforeReceipt = false, at = LATER): PositionEvent => ({
  type: 'PositionReported',
  data: { ...ref(at), ...report, ...over, beforeReceipt },
});

export const movement: MarkCashed['data'] = { movementId: 'GDC-2024-000457', amount: 14792, dataValuta: '2024-03-07', dataContabile: '2024-03-07' };
export const markCashed = (over: Partial<MarkCashed['data']> = {}, now = LATER): PositionCommand => ({ type: 'MarkCashed', data: { ...movement, ...over }, metadata: meta(now) });
export const cashed = (over: Partial<MarkCashed['data']> = {}, at = LATER): PositionEvent => ({ type: 'PositionCashed', data: { ...ref(at), ...movement, ...over } });

export const markReconciled = (codes: string[] = ['RT_IUF', 'RT_IUF_TES'], now = LATER): PositionCommand => ({ type: 'MarkReconciled', data: { codes }, metadata: meta(now) });
export const reconciled = (codes: string[] = ['RT_IUF', 'RT_IUF_TES'], at = LATER): PositionEvent => ({ type: 'PositionReconciled', data: { ...ref(at), codes } });

export const markAssessed = (accertamentoId = 'ACC-2024-17', anno = 2024, now = LATER): PositionCommand => ({ type: 'MarkAssessed', data: { accertamentoId, anno }, metadata: meta(now) });
export const assessed = (accertamentoId = 'ACC-2024-17', anno = 2024, at = LATER): PositionEvent => ({ type: 'PositionAssessed', data: { ...ref(at), accertamentoId, anno } });

export const expirePosition = (today = '2024-07-01', now = LATER): PositionCommand => ({ type: 'ExpirePosition', data: { today }, metadata: meta(now) });
export const expired = (today = '2024-07-01', at = LATER): PositionEvent => ({ type: 'PositionExpired', data: { ...ref(at), dataScadenza: '2024-06-30', today } });

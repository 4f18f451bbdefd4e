/** Events of a few citizens at two enti, shared by the payer specs. */
import type { EnteRegistered } from '../../src/enti/domain/ente.events';
import type { PositionEvent } from '../../src/positions/domain/position.events';
import * as kit from '../../src/positions/domain/position.test-kit';
import type { Payer, Position, Receipt } from '../../src/positions/domain/position.types';

export const rossi: Payer = { tipo: 'F', codiceIdentificativo: 'RSSMRA85T10A562S', anagrafica: 'Mario Rossi' };
export const verdi: Payer = { tipo: 'F', codiceIdentificativo: 'VRDLGU80A01A562U', anagrafica: 'Luigi Verdi' };

export const registered = (codIpa: string, denominazione: string): EnteRegistered => ({
  type: 'EnteRegistered',
  data: { codIpa, cfEnte: '80016350821', denominazione, segregationCode: '48', idStazione: '80016350821_01', idIntermediario: '80016350821', at: '2024-01-10T09:00:00+01:00' },
});

export const ref = (codIpa: string, iud: string, at = kit.LATER) => ({ codIpa, iud, iuv: iuvOf(iud), at });
const iuvOf = (iud: string) => `4800000000${iud.replace(/\D/g, '').padStart(5, '0')}00`;

export function dovuto(codIpa: string, iud: string, over: Partial<Position>, at: string): PositionEvent {
  const { dataScadenza: _d, ...base } = kit.position;
  return { type: 'PositionCreated', data: { ...base, codIpa, iud, iuv: iuvOf(iud), numeroAvviso: `3${iuvOf(iud)}`, ...over, at } };
}

export function paid(codIpa: string, iud: string, receiptId: string, paymentDateTime: string, over: Partial<Receipt> = {}): PositionEvent {
  const e = kit.receiptReceived({ receiptId, paymentDateTime, ...over });
  return { ...e, data: { ...(e.data as object), ...ref(codIpa, iud) } } as PositionEvent;
}

export function paidTwice(codIpa: string, iud: string, receiptId: string, paymentDateTime: string, firstReceiptId: string): PositionEvent {
  return { type: 'DuplicatePaymentReceived', data: { ...(paid(codIpa, iud, receiptId, paymentDateTime).data as object), firstReceiptId } } as PositionEvent;
}

export const requested = (codIpa: string, iud: string): PositionEvent => ({
  type: 'PaymentRequested',
  data: { ...ref(codIpa, iud), channel: 'paGetPaymentV2', idPSP: 'BCITITMM', requestedAt: kit.LATER },
});

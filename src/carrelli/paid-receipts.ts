import type { EventStore } from '../event-store/event-store.port';
import type { ReceiptReceived } from '../positions/domain/position.events';
import { positionStreamId } from '../positions/domain/position.streams';

export type PaidReceipt = ReceiptReceived['data'];

/**
 * The whole receipt that paid a position (payer, versante, PSP name...), read from the position's stream: the
 * positions read model keeps only a summary of each receipt, and the stream is where the full one lives.
 */
export async function paidReceipt(store: EventStore, codIpa: string, iud: string, receiptId: string | undefined): Promise<PaidReceipt | undefined> {
  if (receiptId === undefined) return undefined;
  const events = await store.readStream(positionStreamId(codIpa, iud));
  for (const e of events) {
    if (e.type !== 'ReceiptReceived') continue;
    const d = e.data as PaidReceipt;
    if (d.receiptId === receiptId) return d;
  }
  return undefined;
}

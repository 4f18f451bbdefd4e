import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import type { UnmatchedReceiptRecorded } from './unmatched-receipt.events';

const BATCH = 5000;

/**
 * The unmatched receipts of each ente, learnt from the log: the first listing reads it once, later listings
 * only what was appended since (by any process). They are few, so they are kept in memory.
 */
@Injectable()
export class UnmatchedReceiptsIndex {
  private readonly byEnte = new Map<string, Map<string, UnmatchedReceiptRecorded['data']>>();
  private after = 0n;
  private catchingUp: Promise<void> | undefined;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async list(codIpa: string): Promise<UnmatchedReceiptRecorded['data'][]> {
    this.catchingUp ??= this.readNew().finally(() => (this.catchingUp = undefined));
    await this.catchingUp;
    return [...(this.byEnte.get(codIpa)?.values() ?? [])].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.iuv < b.iuv ? -1 : 1));
  }

  private async readNew(): Promise<void> {
    for (;;) {
      const { events, scannedTo } = await this.store.readTypes({ after: this.after, maxCount: BATCH, types: ['UnmatchedReceiptRecorded'] });
      for (const e of events) {
        const d = e.data as UnmatchedReceiptRecorded['data'];
        const of = this.byEnte.get(d.codIpa) ?? new Map();
        of.set(e.streamId, d);
        this.byEnte.set(d.codIpa, of);
      }
      this.after = scannedTo;
      if (events.length < BATCH) return;
    }
  }
}

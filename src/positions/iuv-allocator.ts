import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore, WrongExpectedRevisionError } from '../event-store/event-store.port';
import { ID_GENERATOR, type IdGenerator } from '../kernel/clock';
import { buildIuv } from '../kernel/identifiers/iuv';

/** Stream holding the blocks of IUV bases handed out for one ente. */
export const iuvSequenceStreamId = (codIpa: string) => `iuv-sequence-${codIpa}`;

interface Block {
  next: number;
  end: number;
}

const MAX_BASE = 9_999_999_999_999;

/**
 * Hands out 13-digit IUV bases from a per-ente sequence kept in the event store. Each process takes a block
 * (IuvBlockAllocated, appended with the expected revision, so two processes never get the same block) and
 * serves it from memory; a crash only leaves a gap, which pagoPA allows. Uniqueness of the final IUV is still
 * enforced by its reservation stream, so an IUV the ente supplied itself is simply skipped.
 */
@Injectable()
export class IuvAllocator {
  private readonly blocks = new Map<string, Block>();
  private readonly pending = new Map<string, Promise<void>>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async next(codIpa: string, segregationCode: string): Promise<string> {
    return (await this.take(codIpa, segregationCode, 1))[0];
  }

  /** `count` IUVs at once: the import path asks for a whole flow's worth. */
  async take(codIpa: string, segregationCode: string, count: number, now = new Date().toISOString()): Promise<string[]> {
    const out: string[] = [];
    while (out.length < count) {
      const block = this.blocks.get(codIpa);
      if (!block || block.next > block.end) {
        await this.allocate(codIpa, Math.max(1000, count - out.length), now);
        continue;
      }
      const n = Math.min(count - out.length, block.end - block.next + 1);
      for (let i = 0; i < n; i++) out.push(buildIuv(segregationCode, String(block.next + i).padStart(13, '0')));
      block.next += n;
    }
    return out;
  }

  private async allocate(codIpa: string, size: number, now: string): Promise<void> {
    // One allocation at a time per ente in this process; concurrent callers wait for it.
    const inFlight = this.pending.get(codIpa);
    if (inFlight) return inFlight;
    const p = this.allocateFromStore(codIpa, size, now).finally(() => this.pending.delete(codIpa));
    this.pending.set(codIpa, p);
    return p;
  }

  private async allocateFromStore(codIpa: string, size: number, now: string): Promise<void> {
    const streamId = iuvSequenceStreamId(codIpa);
    for (let attempt = 0; attempt < 20; attempt++) {
      const [last] = await this.store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
      const from = last ? (last.data as { from: number; size: number }).from + (last.data as { size: number }).size : 1;
      if (from + size - 1 > MAX_BASE) throw new Error(`IUV sequence of ${codIpa} is exhausted`);
      try {
        await this.store.append(
          streamId,
          [{ id: this.ids.uuid(), type: 'IuvBlockAllocated', data: { codIpa, from, size, at: now }, metadata: { correlationId: `iuv-block-${codIpa}`, actor: 'system:iuv-allocator', occurredAt: now, schemaVersion: 1 } }],
          last ? last.revision : 'no_stream',
        );
        this.blocks.set(codIpa, { next: from, end: from + size - 1 });
        return;
      } catch (err) {
        if (!(err instanceof WrongExpectedRevisionError)) throw err;
      }
    }
    throw new Error(`could not allocate an IUV block for ${codIpa}: too much contention`);
  }
}

import type { Worker } from 'node:worker_threads';
import type { EventStore } from '../../event-store/event-store.port';
import type { CommandContext } from '../../kernel/command-context';
import type { CommandService } from '../../kernel/command-service';
import { sqliteFileUrl } from '../../config/config';
import { spawnWorker } from '../../kernel/spawn-worker';
import type { PositionCommand } from '../../positions/domain/position.commands';
import { tellPositions } from './position-teller';

/** What the reconciliation tells positions through: in its own thread (inline) or in a thread of the teller's own. */
export interface PositionTeller {
  /** Resolves with the number of events appended once they are stored. Calls are told in the order they are made. */
  tell(byStream: ReadonlyMap<string, readonly PositionCommand[]>, ctx: CommandContext): Promise<number>;
  close(): Promise<void>;
}

export class InlineTeller implements PositionTeller {
  constructor(
    private readonly events: EventStore,
    private readonly commands: CommandService,
  ) {}

  tell(byStream: ReadonlyMap<string, readonly PositionCommand[]>, ctx: CommandContext): Promise<number> {
    return tellPositions(this.events, this.commands, byStream, ctx);
  }

  async close(): Promise<void> {}
}

/**
 * Where the reconciliation process tells positions: on an embedded event store in a file, from a thread of their own
 * (a drain then uses both cores); in memory, where no other connection sees the data, or on a server, inline.
 */
export function tellerFor(eventStoreUrl: string): { tellerEventStoreUrl?: string } {
  const url = sqliteFileUrl(eventStoreUrl);
  return url ? { tellerEventStoreUrl: url } : {};
}

export type ToTeller = { type: 'tell'; id: number; byStream: ReadonlyMap<string, readonly PositionCommand[]>; ctx: CommandContext };
export type FromTeller = { id: number; appended: number } | { id: number; error: string };
export interface TellerThreadInit {
  eventStoreUrl: string;
}

/**
 * Tells positions from a worker thread with its own connection to the event store: reading a payment's stream,
 * deciding and appending its reported / cashed / reconciled is half of what a drain costs, and this way it runs on
 * another core while the process classifies the next page. The thread is started on the first tell and kept; it holds
 * the process up only while a tell is pending.
 */
export class ThreadTeller implements PositionTeller {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, { resolve: (n: number) => void; reject: (e: Error) => void }>();
  private nextId = 1;

  constructor(private readonly eventStoreUrl: string) {}

  tell(byStream: ReadonlyMap<string, readonly PositionCommand[]>, ctx: CommandContext): Promise<number> {
    if (byStream.size === 0) return Promise.resolve(0);
    const worker = this.worker ?? this.spawn();
    const id = this.nextId++;
    return new Promise<number>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ type: 'tell', id, byStream, ctx } satisfies ToTeller);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
    this.failAll(new Error('position teller closed'));
  }

  private spawn(): Worker {
    const worker = spawnWorker(__dirname, 'position-teller-worker', { eventStoreUrl: this.eventStoreUrl } satisfies TellerThreadInit);
    worker.on('message', (m: FromTeller) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) worker.unref();
      if ('error' in m) p.reject(new Error(m.error));
      else p.resolve(m.appended);
    });
    worker.on('error', (e) => this.failAll(e));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(new Error(`position teller thread exited (code ${code})`));
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  /** A thread that died took its tells with it: they fail, and the process starts again from what is stored. */
  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}

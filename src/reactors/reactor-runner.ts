import { Logger } from '@nestjs/common';
import type { EventStore, Subscription } from '../event-store/event-store.port';
import type { JobQueue } from '../jobs/job-queue.port';
import type { ReadStore } from '../read-store/read-store.port';
import type { Reactor } from './reactor';

/** Checkpoint writes are batched: a crash re-delivers at most this many events, whose jobs are deduplicated by id. */
const CHECKPOINT_EVERY = 500;
const CHECKPOINT_MS = 1000;
/**
 * A job may start this much later; in exchange a busy log (every paSendRTV2 appends) is read every 50 ms, not after
 * each append by each reactor (bench:node: 7% of the event loop).
 */
const SETTLE_MS = 50;

/**
 * Follows the log for one reactor: enqueues the jobs each event calls for, and keeps its checkpoint in the read
 * store (as a projection with no documents). Delivery is at least once; the job id makes it exactly once.
 */
export class ReactorRunner {
  private readonly logger = new Logger('reactors');
  private subscription: Subscription | undefined;
  private pending = 0;
  private lastPosition: bigint | undefined;
  private lastSaved = Date.now();
  private failure: string | undefined;

  constructor(
    private readonly reactor: Reactor,
    private readonly events: EventStore,
    private readonly reads: ReadStore,
    private readonly jobs: JobQueue,
  ) {}

  get projectionName() {
    return `reactor.${this.reactor.name}`;
  }

  async start(): Promise<void> {
    await this.reads.defineVersion(this.projectionName, 1, []);
    if ((await this.reads.activeVersion(this.projectionName)) === undefined) await this.reads.promote(this.projectionName, 1);
    const after = await this.reads.getCheckpoint(this.projectionName);
    // Only the handled types are read: the store passes the rest over, and the checkpoint moves past them on progress.
    this.subscription = this.events.subscribeAll(
      { after: after ?? 0n, types: this.reactor.handles, settleMs: SETTLE_MS, onProgress: (position) => this.progressed(position) },
      async (event) => {
        for (const job of this.reactor.jobsFor(event)) await this.jobs.enqueue(job.queue, job.jobId, job.payload);
        this.lastPosition = event.position;
        if (++this.pending >= CHECKPOINT_EVERY) await this.save();
      },
    );
    this.subscription.done.catch((err: Error) => {
      this.failure = err.message;
      this.logger.error({ msg: 'reactor stopped', reactor: this.reactor.name, err: err.message });
    });
  }

  /** The log is read up to here: every event not yet handled before it is of a type this reactor ignores. */
  private async progressed(position: bigint): Promise<void> {
    if (this.lastPosition === undefined || position > this.lastPosition) {
      this.lastPosition = position;
      this.pending++;
    }
    if (this.pending >= CHECKPOINT_EVERY || Date.now() - this.lastSaved > CHECKPOINT_MS) await this.save();
  }

  /** Writes the checkpoint now (also on stop). */
  async save(): Promise<void> {
    if (this.lastPosition === undefined || this.pending === 0) return;
    const position = this.lastPosition;
    this.pending = 0;
    this.lastSaved = Date.now();
    await this.reads.applyBatch(this.projectionName, { upserts: [], deletes: [] }, { position });
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    await this.save();
  }

  status() {
    return { name: this.reactor.name, ok: this.failure === undefined, error: this.failure, position: this.lastPosition?.toString() ?? null };
  }
}

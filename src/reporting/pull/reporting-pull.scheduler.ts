import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CONFIG, type QuadraConfig } from '../../config/config';
import { ReportingPullService } from './reporting-pull.service';

/** QUADRA_FR_PULL_MINUTES: minutes between two pulls of every ente's flows; 0 turns the pull off. Default 60. */
export function pullIntervalMinutes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.QUADRA_FR_PULL_MINUTES;
  if (raw === undefined || raw.trim() === '') return 60;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`QUADRA_FR_PULL_MINUTES must be a number of minutes (0 = off), got "${raw}"`);
  return n;
}

/** Runs the pull for every ente on a timer, in the worker and all-in-one roles (the API role serves requests only). */
@Injectable()
export class ReportingPullScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReportingPull');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    @Inject(CONFIG) private readonly config: QuadraConfig,
    private readonly pull: ReportingPullService,
  ) {}

  onApplicationBootstrap(): void {
    const minutes = pullIntervalMinutes();
    if (minutes === 0 || this.config.role === 'api') return;
    this.timer = setInterval(() => void this.tick(), minutes * 60_000);
    // The timer alone must not keep a process (a CLI run, a test) alive.
    this.timer.unref();
  }

  /** One pull of every ente; a tick that finds the previous one still running skips. */
  async tick(): Promise<void> {
    if (this.running) return;
    const ctx = { correlationId: randomUUID(), actor: 'system:fr-pull', now: new Date().toISOString() };
    this.running = this.pull.pullAll(ctx).catch((e: Error) => this.logger.warn(`scheduled pull failed: ${e.message}`));
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    // Let a pull in progress finish its current append before the stores close.
    await this.running;
  }
}

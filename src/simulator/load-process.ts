import { fork } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CpuProfile } from './cpu-profile';
import { NodeSimulator, type PayTimings } from './node-simulator';
import type { EnteStation } from './simulated-payment';

/** What the load generator is asked to do: pay `notices` (the first `warm` outside the measurement), then hit `echoPath`. */
export interface LoadPlan {
  baseUrl: string;
  concurrency: number;
  ente: EnteStation;
  notices: string[];
  warm: number;
  /** A bare route on the same server, hit the same way after the payments: the baseline. */
  echo?: { path: string; body: string; count: number };
  /** Write a CPU profile of the measured payments here (bench:node --profile). */
  profileFile?: string;
}

/** Where the load is: the server measures its own side of the payments between 'paying' and 'paid'. */
export type LoadPhase = 'paying' | 'paid';

export interface LoadResult {
  paid: number;
  failed: { numeroAvviso: string; error: string }[];
  seconds: number;
  timings: PayTimings[];
  echoMs: number[];
  echoSeconds: number;
  /** CPU time the load generator spent on the measured payments (all its threads), milliseconds. */
  cpuMs: number;
}

/** Runs a plan in this process. */
export async function runLoad(plan: LoadPlan, onPhase?: (phase: LoadPhase) => void): Promise<LoadResult> {
  const node = new NodeSimulator({ baseUrl: plan.baseUrl, concurrency: plan.concurrency });
  try {
    // Warm-up: JIT, caches and connections, outside the measurement.
    await node.payAll(plan.notices.slice(0, plan.warm), { ente: plan.ente });
    const timings: PayTimings[] = [];
    const profile = plan.profileFile ? await CpuProfile.start() : undefined;
    onPhase?.('paying');
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = await node.payAll(plan.notices.slice(plan.warm), { ente: plan.ente }, (r) => r.timings && timings.push(r.timings));
    const seconds = (performance.now() - started) / 1000;
    const { user, system } = process.cpuUsage(cpu);
    onPhase?.('paid');
    await profile?.stop(plan.profileFile!);
    // The simulator keeps every payment for end of day; a load run does not need them.
    node.payments.length = 0;

    const echoMs: number[] = [];
    let echoSeconds = 0;
    if (plan.echo) {
      const { path: echoPath, body, count } = plan.echo;
      let next = 0;
      const echoStart = performance.now();
      await Promise.all(
        Array.from({ length: plan.concurrency }, async () => {
          while (next++ < count) {
            const r = await node.postRaw(echoPath, body);
            if (r.status !== 200) throw new Error(`echo answered ${r.status}`);
            echoMs.push(r.ms);
          }
        }),
      );
      echoSeconds = (performance.now() - echoStart) / 1000;
    }
    return { paid: result.paid, failed: result.failed, seconds, timings, echoMs, echoSeconds, cpuMs: (user + system) / 1000 };
  } finally {
    node.close();
  }
}

/**
 * Runs a plan in a child process, so that the load generator does not share the server's event loop: the
 * latencies measured are the server's, as the real Node would see them.
 */
export function runLoadInChildProcess(plan: LoadPlan, onPhase?: (phase: LoadPhase) => void): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'load-process.js'), ['--load-child'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced', execArgv: [] });
    let settled = false;
    child.on('message', (m: ChildMessage) => {
      if ('phase' in m) return onPhase?.(m.phase);
      settled = true;
      if (m.ok) resolve(m.result);
      else reject(new Error(`load generator failed: ${m.error}`));
      child.disconnect();
    });
    child.on('error', (e) => !settled && ((settled = true), reject(e)));
    child.on('exit', (code) => !settled && ((settled = true), reject(new Error(`load generator exited with code ${code} before answering`))));
    child.send(plan);
  });
}

type ChildMessage = { phase: LoadPhase } | { ok: true; result: LoadResult } | { ok: false; error: string };

if (require.main === module && process.argv.includes('--load-child')) {
  const send = (m: ChildMessage) => process.send!(m);
  process.once('message', (plan: LoadPlan) => {
    runLoad(plan, (phase) => send({ phase })).then(
      (result) => send({ ok: true, result }),
      (e: Error) => send({ ok: false, error: String(e?.stack ?? e) }),
    );
  });
}

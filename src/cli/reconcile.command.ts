import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig } from '../config/config';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { createApp } from '../main';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port';
import { ReconciliationProcessHost } from '../reconciliation/reconciliation.process.provider';
import { CLASSIFICATION_LABELS, type ClassificationCode } from '../reconciliation/domain';
import { countsPerCode } from '../../projections/reconciliation/reconciliation.queries';

/**
 * quadra reconcile --ente <codIpa>: waits until the reconciliation process has caught up with the head of the log
 * (running it here when no one else does), then prints the ente's counts per classification code.
 */
export function registerReconcile(program: Command) {
  program
    .command('reconcile')
    .requiredOption('--ente <codIpa>', 'the ente whose counts are printed')
    .option('--timeout <seconds>', 'give up after this many seconds', '3600')
    .description('bring the reconciliation up to date and print the counts per classification code')
    .action(async (opts: { ente: string; timeout: string }) => {
      const app = await createApp(loadConfig(), { logger: false });
      await app.init();
      try {
        const events = app.get<EventStore>(EVENT_STORE);
        const reads = app.get<ReadStore>(READ_STORE);
        const host = app.get(ReconciliationProcessHost);
        const recon = host.runner; // in a projection thread when the process has them
        const head = await events.headPosition();
        const start = recon.status().checkpoint ?? 0n;
        const bar = new SingleBar({ format: 'reconciliation [{bar}] {percentage}% | {value}/{total} events', hideCursor: true }, Presets.shades_classic);
        bar.start(Math.max(1, Number(head - start)), 0);
        const show = () => bar.update(Math.max(0, Number((recon.status().checkpoint ?? 0n) - start)));
        if (recon === host.process && recon.status().state === 'stopped') {
          await host.process.catchUp(show);
        } else {
          const timer = setInterval(show, 250);
          const ok = await recon.waitFor(head, Number(opts.timeout) * 1000).finally(() => clearInterval(timer));
          if (!ok) {
            bar.stop();
            throw new Error(`the reconciliation did not reach position ${head} in ${opts.timeout} s: ${recon.status().error?.message ?? recon.status().state}`);
          }
        }
        show();
        bar.stop();
        const counts = await countsPerCode(reads, opts.ente);
        const codes = Object.keys(counts) as ClassificationCode[];
        process.stdout.write(codes.length === 0 ? `${opts.ente}: nothing classified yet\n` : codes.map((c) => `${c.padEnd(18)} ${String(counts[c]).padStart(9)}  ${CLASSIFICATION_LABELS[c]}\n`).join(''));
      } finally {
        await app.close();
      }
    });
}

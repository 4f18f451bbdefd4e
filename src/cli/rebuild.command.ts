import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { ALL_PROJECTIONS } from '../../projections';
import { ProjectionRunner } from '../read-store/projection-runner';
import { openStores } from './open-stores';

/**
 * quadra rebuild <projection|all>: builds a new version of the projection beside the active one, from the first
 * event, and switches queries to it once caught up. Run it while the server is stopped (embedded mode) or
 * against a worker-less cluster; the progress bar counts events.
 */
export function registerRebuild(program: Command) {
  program
    .command('rebuild')
    .argument('<projection>', `one of: ${ALL_PROJECTIONS.map((p) => p.name).join(', ')}, or "all"`)
    .description('rebuild a projection from the event log beside the active version, then switch to it')
    .option('--batch <n>', 'events per batch', '5000')
    .action(async (name: string, opts: { batch: string }) => {
      const chosen = name === 'all' ? ALL_PROJECTIONS : ALL_PROJECTIONS.filter((p) => p.name === name);
      if (chosen.length === 0) throw new Error(`unknown projection "${name}": known are ${ALL_PROJECTIONS.map((p) => p.name).join(', ')}`);
      const stores = await openStores();
      try {
        const head = Number(await stores.events.headPosition());
        for (const projection of chosen) {
          const bar = new SingleBar({ format: `${projection.name.padEnd(16)} [{bar}] {percentage}% | {value}/{total} events | {rate} ev/s`, hideCursor: true }, Presets.shades_classic);
          bar.start(Math.max(head, 1), 0, { rate: 0 });
          const started = Date.now();
          const runner = new ProjectionRunner(projection, stores.events, stores.reads, {
            batchSize: Number(opts.batch),
            onBatch: (status) => {
              const done = Number(status.rebuild?.checkpoint ?? status.checkpoint ?? 0n);
              bar.update(Math.min(done, head), { rate: Math.round(done / Math.max(0.001, (Date.now() - started) / 1000)) });
            },
          });
          await runner.rebuild();
          bar.update(Math.max(head, 1));
          bar.stop();
          await runner.stop();
          const s = runner.status();
          process.stdout.write(`${projection.name}: version ${s.version} active, checkpoint ${s.checkpoint ?? 0}, ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
        }
      } finally {
        await stores.close();
      }
    });

  program
    .command('projections')
    .description('list the projections with their active version and checkpoint')
    .action(async () => {
      const stores = await openStores();
      try {
        const head = await stores.events.headPosition();
        for (const p of ALL_PROJECTIONS) {
          const versions = await stores.reads.versions(p.name);
          const active = versions.find((v) => v.active);
          process.stdout.write(`${p.name.padEnd(16)} code v${p.version}  active ${active ? `v${active.version}` : '-'}  checkpoint ${active?.checkpoint ?? '-'} / ${head}\n`);
        }
      } finally {
        await stores.close();
      }
    });
}

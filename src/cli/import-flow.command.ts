import * as fs from 'node:fs';
import * as path from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig } from '../config/config';
import { FlowImporter } from '../flows/flow-importer';
import { FlowsService } from '../flows/flows.service';
import { createApp } from '../main';

/**
 * quadra import-flow <file.zip> --ente <codIpa>: the same as uploading the flow over REST (same checks, events,
 * result files), run in this process with a progress bar instead of a job. Uses the stores named by the
 * environment (DATA_DIR / EVENT_STORE_URL ...).
 */
export function registerImportFlow(program: Command) {
  program
    .command('import-flow')
    .argument('<file>', "the flow ZIP, named '<codIpa>-<IUF>-<versione>.zip'")
    .requiredOption('--ente <codIpa>', 'the ente the flow is loaded for')
    .description('load a MyPay flow of dovuti (modalità per flussi) with a progress bar')
    .action(async (file: string, opts: { ente: string }) => {
      const buffer = fs.readFileSync(file);
      const config = loadConfig();
      const app = await createApp(config, { logger: false });
      await app.init();
      try {
        const flows = app.get(FlowsService);
        const ctx = { correlationId: `cli-import-${Date.now()}`, actor: 'operator:cli', now: new Date().toISOString() };
        const view = await flows.upload(opts.ente, { originalname: path.basename(file), buffer }, ctx, { enqueue: false });
        const bar = new SingleBar({ format: `${view.id.padEnd(20)} [{bar}] {percentage}% | {value}/{total} rows | {rate} rows/s`, hideCursor: true }, Presets.shades_classic);
        const started = Date.now();
        let shown = false;
        const state = await app.get(FlowImporter).run(opts.ente, view.id, (done, total) => {
          if (!shown) bar.start(Math.max(total, 1), 0, { rate: 0 });
          shown = true;
          bar.update(done, { rate: Math.round(done / Math.max(0.001, (Date.now() - started) / 1000)) });
        });
        if (shown) bar.stop();
        if (state.status === 'failed') throw new Error(`${state.error?.code}: ${state.error?.message}`);
        process.stdout.write(
          `${view.id}: ${state.status}, ${state.rowsDone} rows, ${state.accepted} accepted, ${state.rejected} rejected\n` +
            `  scarti: ${path.join(config.dataDir, state.scartiFile ?? '')}\n  IUV:    ${path.join(config.dataDir, state.iuvFile ?? '')}\n`,
        );
      } finally {
        await app.close();
      }
    });
}

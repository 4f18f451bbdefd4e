import * as fs from 'node:fs';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig } from '../config/config';
import { createApp } from '../main';
import { ExportService } from '../reconciliation/export/export.service';
import { RECON_FILTERS, type ReconQueryParams } from '../../projections/reconciliation/reconciliation.queries';

/**
 * quadra export --ente <codIpa> [--iuv ... --data-esito-da ...] --out file.zip: books the same export as
 * POST /riconciliazione/export, runs it in this process and copies the ZIP to --out.
 */
export function registerExport(program: Command) {
  const cmd = program
    .command('export')
    .requiredOption('--ente <codIpa>', 'the ente to export')
    .requiredOption('--out <file.zip>', 'where to write the ZIP with the ";" CSV')
    .description('export the classified records (riconciliazione and anomalie) with their codes');
  for (const f of RECON_FILTERS) cmd.option(`--${kebab(f)} <value>`, `filter ${f}, as in the REST views`);
  cmd.action(async (opts: Record<string, string>) => {
    const filters: ReconQueryParams = {};
    for (const f of RECON_FILTERS) if (opts[f] !== undefined) filters[f] = opts[f];
    const app = await createApp(loadConfig(), { logger: false });
    await app.init();
    try {
      const exports = app.get(ExportService);
      const ctx = { correlationId: `cli-export-${Date.now()}`, actor: 'operator:cli', now: new Date().toISOString() };
      const { id } = await exports.request(opts.ente, filters, ctx);
      const bar = new SingleBar({ format: `export ${id} [{bar}] {value} rows`, hideCursor: true }, Presets.shades_classic);
      bar.start(1, 0);
      for (;;) {
        const s = await exports.status(opts.ente, id);
        bar.setTotal(Math.max(1, s.righe ?? 0));
        bar.update(s.righe ?? 0);
        if (s.stato === 'fallito') throw new Error(`export ${id} failed: ${s.errore}`);
        if (s.stato === 'completato') break;
        await new Promise((r) => setTimeout(r, 200));
      }
      bar.stop();
      fs.copyFileSync(exports.filePath(opts.ente, id), opts.out);
      const s = await exports.status(opts.ente, id);
      process.stdout.write(`export ${id}: ${s.righe} rows written to ${opts.out}\n`);
    } finally {
      await app.close();
    }
  });
}

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

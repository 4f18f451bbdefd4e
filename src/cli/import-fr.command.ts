import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config/config';
import { createApp } from '../main';
import { ReportingImportService } from '../reporting/import/reporting-import.service';

/** quadra import-fr <file> --ente <codIpa>: the same as POST /rendicontazioni (same checks and events), in this process. */
export function registerImportFr(program: Command) {
  program
    .command('import-fr')
    .argument('<file>', 'a FlussoRiversamento XML, raw or base64 inside nodoInviaFlussoRendicontazione / nodoChiediFlussoRendicontazioneRisposta')
    .requiredOption('--ente <codIpa>', 'the ente the flow is loaded for')
    .description('load a reporting flow (FR)')
    .action(async (file: string, opts: { ente: string }) => {
      const bytes = fs.readFileSync(file);
      const app = await createApp(loadConfig(), { logger: false });
      await app.init();
      try {
        const ctx = { correlationId: `cli-import-fr-${Date.now()}`, actor: 'operator:cli', now: new Date().toISOString() };
        const r = await app.get(ReportingImportService).importFr(opts.ente, bytes, { source: 'cli', fileName: path.basename(file) }, ctx);
        process.stdout.write(
          `${r.iuf} (${r.idPSP}): ${r.duplicate ? 'already loaded, nothing recorded' : `${r.rows} rows recorded`} at position ${r.position}\n` +
            r.anomalies.map((a) => `  anomaly ${a.code}: ${a.message}\n`).join(''),
        );
      } finally {
        await app.close();
      }
    });
}

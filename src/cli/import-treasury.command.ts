import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config/config';
import { invalid } from '../kernel/errors';
import { createApp } from '../main';
import { TreasuryImportService } from '../treasury/import/treasury-import.service';
import { parseMappingField, type TreasuryFormat } from '../treasury/import/read-treasury-file';
import { DATE_FORMAT_NAMES, type DateFormat } from '../treasury/parsers/treasury-movement';

const FORMATS: TreasuryFormat[] = ['opi', 'xls', 'csv'];

/** quadra import-treasury <file> --ente <codIpa> [--format --mapping --date-format]: the same as POST /tesoreria, in this process. */
export function registerImportTreasury(program: Command) {
  program
    .command('import-treasury')
    .argument('<file>', 'a giornale di cassa: OPI XML 1.4–1.8, XLS/XLSX with the MyPivot columns, or CSV')
    .requiredOption('--ente <codIpa>', 'the ente the movements are loaded for')
    .option('--format <format>', 'opi | xls | csv (default: detected from the content)')
    .option('--mapping <json>', 'CSV only: JSON of 1-based columns, e.g. {"dataContabile":1,"dataValuta":2,"importo":3,"causale":4}')
    .option('--date-format <format>', `CSV only: ${DATE_FORMAT_NAMES.join(', ')}`)
    .description('load a giornale di cassa (treasury journal)')
    .action(async (file: string, opts: { ente: string; format?: string; mapping?: string; dateFormat?: string }) => {
      if (opts.format !== undefined && !FORMATS.includes(opts.format as TreasuryFormat)) throw invalid('TREASURY_UNKNOWN_FORMAT', 'format', `--format must be one of ${FORMATS.join(', ')}`);
      if (opts.dateFormat !== undefined && !DATE_FORMAT_NAMES.includes(opts.dateFormat as DateFormat))
        throw invalid('CSV_INVALID_MAPPING', 'dateFormat', `--date-format must be one of ${DATE_FORMAT_NAMES.join(', ')}`);
      const options = { format: opts.format as TreasuryFormat | undefined, mapping: parseMappingField(opts.mapping), dateFormat: opts.dateFormat as DateFormat | undefined };
      const bytes = fs.readFileSync(file);
      const app = await createApp(loadConfig(), { logger: false });
      await app.init();
      try {
        const ctx = { correlationId: `cli-import-treasury-${Date.now()}`, actor: 'operator:cli', now: new Date().toISOString() };
        const r = await app.get(TreasuryImportService).importFile(opts.ente, bytes, path.basename(file), options, ctx);
        process.stdout.write(`${JSON.stringify({ ...r, position: r.position.toString(), revision: r.revision.toString() }, null, 2)}\n`);
      } finally {
        await app.close();
      }
    });
}

import type { Command } from 'commander';
import { centsToEuros, eurosToCents } from '../kernel/money';
import { ProjectionRunner } from '../read-store/projection-runner';
import type { EventStore } from '../event-store/event-store.port';
import type { ReadStore } from '../read-store/read-store.port';
import { toCsv } from '../../projections/statistics/statistics.csv';
import { statistics, type StatisticsRow } from '../../projections/statistics/statistics.queries';
import { STAT_DIMENSIONS, STAT_GRANULARITIES, type StatDimension } from '../../projections/statistics/statistics.read-model';
import { statisticsProjection } from '../../projections/statistics/statistics.projection';
import { openStores } from './open-stores';

export interface StatsOptions {
  ente: string;
  by: string;
  from: string;
  to: string;
  granularity: string;
  csv?: boolean;
  catchUp?: boolean;
}

const HEADERS: Record<StatDimension, string> = { total: '', tipoDovuto: 'Tipo dovuto', ufficio: 'Ufficio', capitolo: 'Capitolo', accertamento: 'Accertamento' };

/** A plain-text table: periods down, the three measures across, a total line at the bottom. Amounts in euros. */
export function statsTable(rows: readonly StatisticsRow[], by: StatDimension): string {
  const sum = (pick: (r: StatisticsRow) => { amount: string; count: number }) => [
    centsToEuros(rows.reduce((a, r) => a + eurosToCents(pick(r).amount), 0)),
    String(rows.reduce((a, r) => a + pick(r).count, 0)),
  ];
  const head = ['Periodo', ...(by === 'total' ? [] : [HEADERS[by]]), 'Pagato', 'N.', 'Rendicontato', 'N.', 'Incassato', 'N.'];
  const body = rows.map((r) => [
    r.period,
    ...(by === 'total' ? [] : [r.dimensionValue]),
    r.paid.amount,
    String(r.paid.count),
    r.reported.amount,
    String(r.reported.count),
    r.cashed.amount,
    String(r.cashed.count),
  ]);
  const total = ['Totale', ...(by === 'total' ? [] : ['']), ...sum((r) => r.paid), ...sum((r) => r.reported), ...sum((r) => r.cashed)];
  const all = [head, ...body, total];
  const widths = head.map((_, i) => Math.max(...all.map((row) => row[i].length)));
  const textColumns = by === 'total' ? 1 : 2;
  const line = (row: string[]) => row.map((cell, i) => (i < textColumns ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(head), rule, ...body.map(line), rule, line(total)].join('\n') + '\n';
}

/**
 * Brings the statistics read model up to the end of the log, in this process. Only for embedded mode with the
 * server stopped (the server's own runner does it otherwise; two runners on one projection would compete).
 */
async function catchUp(events: EventStore, reads: ReadStore): Promise<void> {
  const runner = new ProjectionRunner(statisticsProjection, events, reads);
  try {
    await runner.start();
    const head = await events.headPosition();
    if (!(await runner.waitFor(head, 3_600_000))) throw new Error(`the statistics read model did not catch up: ${runner.status().error?.message ?? 'unknown reason'}`);
  } finally {
    await runner.stop();
  }
}

export async function runStats(events: EventStore, reads: ReadStore, opts: StatsOptions, out: { write(s: string): unknown }, err: { write(s: string): unknown }): Promise<void> {
  if (opts.catchUp) await catchUp(events, reads);
  else if ((await reads.activeVersion(statisticsProjection.name)) === undefined)
    throw new Error('the statistics read model has not been built in this read store yet: start the server once, or run again with --catch-up');
  const rows = await statistics(reads, opts.ente, { by: opts.by, granularity: opts.granularity, from: opts.from, to: opts.to }, { by: '--by', granularity: '--granularity', from: '--from', to: '--to' });
  const by = opts.by as StatDimension;
  const [checkpoint, head] = [await reads.getCheckpoint(statisticsProjection.name), await events.headPosition()];
  if ((checkpoint ?? 0n) < head)
    err.write(`note: the statistics read model is at position ${checkpoint ?? 0} of ${head}: start the server or use --catch-up for the latest payments\n`);
  if (opts.csv) {
    out.write(toCsv(rows, by));
    return;
  }
  if (rows.length === 0) {
    out.write(`no payments for ${opts.ente} from ${opts.from} to ${opts.to}\n`);
    return;
  }
  out.write(statsTable(rows, by));
}

/** quadra stats --ente <codIpa> --by tipoDovuto --from 2025-01-01 --to 2025-12-31 [--granularity month] */
export function registerStats(program: Command) {
  program
    .command('stats')
    .description('statistics of an ente: paid (data esito), reported (data regolamento), cashed (data valuta) per period, as a table')
    .requiredOption('--ente <codIpa>', 'the ente')
    .option('--by <dimension>', `one of ${STAT_DIMENSIONS.join(', ')} (all but total count closed accertamenti only)`, 'total')
    .requiredOption('--from <YYYY-MM-DD>', 'first day, included')
    .requiredOption('--to <YYYY-MM-DD>', 'last day, included (at most 20 years after --from)')
    .option('--granularity <g>', `one of ${STAT_GRANULARITIES.join(', ')}`, 'month')
    .option('--csv', 'print the ";" CSV the REST API gives instead of a table')
    .option('--catch-up', 'first bring the statistics read model up to date (embedded mode, server stopped)')
    .action(async (opts: StatsOptions) => {
      const stores = await openStores();
      try {
        await runStats(stores.events, stores.reads, opts, process.stdout, process.stderr);
      } finally {
        await stores.close();
      }
    });
}

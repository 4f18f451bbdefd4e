import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import * as path from 'node:path';
import type { EndOfDayAnomalies } from '../simulator/end-of-day';
import { NodeSimulator } from '../simulator/node-simulator';
import type { EnteStation } from '../simulator/simulated-payment';

const ANOMALY_NAMES: Record<string, keyof EndOfDayAnomalies> = {
  'missing-fr-row': 'missingFrRow',
  'wrong-amount': 'wrongAmount',
  'duplicate-report': 'duplicateReport',
  'missing-riversamento': 'missingRiversamento',
  'riversamento-amount': 'riversamentoDifferentAmount',
  'no-causale': 'movementWithoutCausale',
};

/** "wrong-amount=2,no-causale" → { wrongAmount: 2, movementWithoutCausale: 1 }. */
export function parseAnomalies(value: string | undefined): EndOfDayAnomalies {
  const out: EndOfDayAnomalies = {};
  for (const part of (value ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const [name, count = '1'] = part.split('=');
    const key = ANOMALY_NAMES[name!];
    if (!key) throw new Error(`unknown anomaly "${name}": use ${Object.keys(ANOMALY_NAMES).join(', ')}`);
    if (!/^\d+$/.test(count)) throw new Error(`anomaly ${name}: "${count}" is not a count`);
    out[key] = Number(count);
  }
  return out;
}

async function getJson<T>(url: string, token: string): Promise<T> {
  const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * quadra simulate: plays the pagoPA Node against a running Quadra. Pays up to <n> open dovuti of the ente over
 * the SOAP endpoint, then (with --end-of-day) writes the FRs and OPI journals of the payments made in this run.
 */
export function registerSimulate(program: Command) {
  program
    .command('simulate')
    .description('play the pagoPA Node/PSPs against a running Quadra: pay open dovuti, then write end-of-day FR and OPI files')
    .requiredOption('--ente <codIpa>', 'the ente whose open dovuti are paid')
    .option('--pay <n>', 'how many open dovuti to pay', '10')
    .option('--end-of-day <date>', 'write the FRs and OPI journal for this day (YYYY-MM-DD; default: today) after paying')
    .option('--out <dir>', 'folder for the end-of-day files', './simulator-out')
    .option('--anomalies <list>', `comma-separated, each optionally =count: ${Object.keys(ANOMALY_NAMES).join(', ')}`)
    .option('--psp <idPSP>', 'pay everything through this PSP (default: round-robin over the catalogue)')
    .option('--concurrency <n>', 'concurrent Node connections', '16')
    .option('--url <url>', 'Quadra base URL', 'http://localhost:3000')
    .option('--token <token>', 'admin token or API key of the ente (default: $QUADRA_ADMIN_TOKEN)')
    .action(async (opts: { ente: string; pay: string; endOfDay?: string; out: string; anomalies?: string; psp?: string; concurrency: string; url: string; token?: string }) => {
      const token = opts.token ?? process.env.QUADRA_ADMIN_TOKEN;
      if (!token) throw new Error('give --token or set QUADRA_ADMIN_TOKEN: the simulator reads the ente and its open dovuti over the API');
      const wanted = Number(opts.pay);
      if (!Number.isInteger(wanted) || wanted < 0) throw new Error(`--pay must be a whole number, got "${opts.pay}"`);
      const anomalies = parseAnomalies(opts.anomalies);
      const ente = await getJson<EnteStation & { codIpa: string }>(`${opts.url}/api/v1/enti/${encodeURIComponent(opts.ente)}`, token);
      const notices: string[] = [];
      for (let page = 1; notices.length < wanted; page++) {
        const res = await getJson<{ items: { numeroAvviso: string }[] }>(`${opts.url}/api/v1/enti/${encodeURIComponent(opts.ente)}/dovuti?stato=open&pageSize=200&page=${page}&sort=createdAt`, token);
        notices.push(...res.items.map((i) => i.numeroAvviso));
        if (res.items.length < 200) break;
      }
      const todo = notices.slice(0, wanted);
      const node = new NodeSimulator({ baseUrl: opts.url, concurrency: Number(opts.concurrency) });
      try {
        const bar = new SingleBar({ format: 'paying [{bar}] {percentage}% | {value}/{total} | {failed} refused', hideCursor: true }, Presets.shades_classic);
        bar.start(todo.length, 0, { failed: 0 });
        let failedCount = 0;
        const result = await node.payAll(todo, { ente, ...(opts.psp && { psp: opts.psp }) }, (r) => {
          if (!r.ok) failedCount += 1;
          bar.increment(1, { failed: failedCount });
        });
        bar.stop();
        process.stdout.write(`paid ${result.paid} of ${todo.length} open dovuti of ${opts.ente}${todo.length < wanted ? ` (only ${todo.length} were open)` : ''}\n`);
        for (const f of result.failed.slice(0, 10)) process.stdout.write(`  refused ${f.numeroAvviso}: ${f.error}\n`);
        if (opts.endOfDay !== undefined || opts.anomalies !== undefined) {
          const date = opts.endOfDay ?? node.payments[0]?.paymentDate ?? new Date().toISOString().slice(0, 10);
          const eod = await node.endOfDay(date, { outDir: path.resolve(opts.out), anomalies, codIpaOf: (cf) => (cf === ente.cfEnte ? ente.codIpa : undefined) });
          for (const p of eod.paths) process.stdout.write(`wrote ${p}\n`);
          for (const a of eod.anomalies) process.stdout.write(`anomaly ${a.kind}: ente ${a.cfEnte}${a.iuf ? ` IUF ${a.iuf}` : ''}${a.iuv ? ` IUV ${a.iuv}` : ''}\n`);
        }
      } finally {
        node.close();
      }
    });
}

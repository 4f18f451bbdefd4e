/**
 * npm run bench:console [-- --positions 1000000 --searches 32]
 * The operator console over a big ente, in a real browser. Seeds N positions of one ente straight into a fresh
 * embedded event store (the fast path of bench:projections), starts Quadra in this process on that DATA_DIR with the
 * production web build (web/dist) and waits for every projection to catch up. Then, with playwright-core driving
 * /usr/bin/chromium: the console's first page load (cold), the login, and searches made from the console's form — by
 * codice fiscale, by IUV, by stato + due-date range, and the same sorted by amount from the column header — each
 * timed from submit to the result rows rendered. Baseline: the same searches over the bare REST API from Node fetch.
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { chromium, type Page } from 'playwright-core';
import { SqliteEventStore } from '../src/event-store/sqlite-event-store';
import type { AppendRequest } from '../src/event-store/event-store.port';
import type { EventMetadata } from '../src/kernel/events';
import { buildIuv } from '../src/kernel/identifiers/iuv';
import { numeroAvvisoFromIuv } from '../src/kernel/identifiers/numero-avviso';
import { codiceFiscaleCheckCharacter } from '../src/kernel/identifiers/codice-fiscale';
import { positionStreamId } from '../src/positions/domain/position.streams';
import { createApp } from '../src/main';
import { loadConfig } from '../src/config/config';
import { finalLine, intArg, percentile, round, tempDir, removeTempDir } from './bench-support';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ADMIN = 'bench-admin-token-0123456789';
const ENTE = { codIpa: 'c_bench', cfEnte: '02438750586', denominazione: 'Comune di Bench', segregationCode: '01', idStazione: '02438750586_01', idIntermediario: '02438750586' };
const IBAN = 'IT60X0542811101000000123456';
const OPERATOR = { username: 'bench', password: 'bench-console-password', roles: ['operatore'] };
const CF_COUNT = 50_000;
const YEAR = 2026;

function payerCf(i: number): string {
  const n = String(i % CF_COUNT).padStart(5, '0');
  const base = `RSSMRA${n.slice(0, 2)}A${String(1 + (Number(n.slice(2, 4)) % 28)).padStart(2, '0')}H${String(100 + (Number(n.slice(4)) % 900)).padStart(3, '0')}`;
  return base + codiceFiscaleCheckCharacter(base);
}
const iuvOf = (i: number) => buildIuv('01', String(i + 1).padStart(13, '0'));
const dueDate = (i: number) => `${YEAR}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
/** Creation times spread over a year, so that "newest first" has an order to keep. */
const createdAt = (i: number) => new Date(Date.UTC(YEAR - 1, 0, 1) + (i % 365) * 86_400_000 + (i % 86_400) * 1000).toISOString();

/** 20% paid, 5% cancelled, the rest open: what an ente's year of TARI looks like to the search. */
async function seed(dir: string, positions: number): Promise<number> {
  const events = SqliteEventStore.open(path.join(dir, 'events.db'));
  const meta = (at: string): EventMetadata => ({ correlationId: 'bench', actor: 'system:bench', occurredAt: at, schemaVersion: 1 });
  for (let start = 0; start < positions; start += 10_000) {
    const batch: AppendRequest[] = [];
    for (let i = start; i < Math.min(positions, start + 10_000); i++) {
      const iuv = iuvOf(i);
      const iud = `P-${i}`;
      const importo = 1000 + ((i * 7919) % 90_000);
      const at = createdAt(i);
      const evs: unknown[] = [
        {
          id: randomUUID(),
          type: 'PositionCreated',
          data: { codIpa: ENTE.codIpa, iud, iuv, numeroAvviso: numeroAvvisoFromIuv(iuv), payer: { tipo: 'F', codiceIdentificativo: payerCf(i), anagrafica: `Contribuente ${i % CF_COUNT}` }, importo, dataScadenza: dueDate(i), tipoDovuto: 'TARI', causale: `TARI ${YEAR} ${i}`, datiSpecificiRiscossione: '9/0101100IM/', at },
          metadata: meta(at),
        },
      ];
      if (i % 10 < 2) {
        const paidAt = new Date(Date.parse(at) + 7 * 86_400_000).toISOString();
        evs.push({
          id: randomUUID(),
          type: 'ReceiptReceived',
          data: { codIpa: ENTE.codIpa, iud, iuv, at: paidAt, receiptId: `R${i}`, outcome: 'OK', amount: importo, idPSP: 'BPPIITRRXXX', pspName: 'Poste', paymentDateTime: paidAt, transfers: [{ index: 1, idTransfer: 1, amount: importo, iban: IBAN, cfEnte: ENTE.cfEnte, remittanceInformation: 'TARI' }], channel: 'simulator', expectedAmount: importo, amountMismatch: false, paidAfterCancellation: false, paidAfterExpiry: false },
          metadata: meta(paidAt),
        });
      } else if (i % 20 === 2) {
        evs.push({ id: randomUUID(), type: 'PositionCancelled', data: { codIpa: ENTE.codIpa, iud, iuv, at, reason: 'bench' }, metadata: meta(at) });
      }
      batch.push({ streamId: positionStreamId(ENTE.codIpa, iud), events: evs as never, expectedRevision: 'no_stream' });
    }
    await events.appendBatch(batch);
  }
  const head = Number(await events.headPosition());
  await events.close();
  return head;
}

interface Search {
  kind: 'codice fiscale' | 'IUV' | 'stato + scadenza' | 'stato + scadenza, per importo';
  /** Form fields to fill (label → value) and checkboxes to tick. */
  fill: Record<string, string>;
  stati: string[];
  /** Sort by clicking this column header after the search (a second, timed search). */
  sortBy?: string;
  /** The same search as REST query parameters, for the baseline. */
  query: Record<string, string>;
}

function searches(positions: number, count: number): Search[] {
  const out: Search[] = [];
  const per = Math.max(1, Math.round(count / 4));
  for (let k = 0; k < per; k++) {
    const i = Math.floor((k + 0.5) * (positions / per));
    out.push({ kind: 'codice fiscale', fill: { 'Codice fiscale / P.IVA pagatore': payerCf(i) }, stati: [], query: { codiceFiscale: payerCf(i) } });
    out.push({ kind: 'IUV', fill: { IUV: iuvOf(i) }, stati: [], query: { iuv: iuvOf(i) } });
    const month = (k % 12) + 1;
    const da = `${YEAR}-${String(month).padStart(2, '0')}-01`;
    const a = `${YEAR}-${String(month).padStart(2, '0')}-28`;
    const stato = k % 2 === 0 ? 'paid' : 'open';
    out.push({ kind: 'stato + scadenza', fill: {}, stati: [stato], query: { stato, scadenzaDa: da, scadenzaA: a } });
    out.push({ kind: 'stato + scadenza, per importo', fill: {}, stati: [stato], sortBy: 'Importo', query: { stato, scadenzaDa: da, scadenzaA: a, sort: '-importo' } });
  }
  return out.map((s) => (s.kind === 'stato + scadenza' ? { ...s, fill: { scadenzaDa: s.query.scadenzaDa, scadenzaA: s.query.scadenzaA } } : s));
}

const STATO_LABEL: Record<string, string> = { paid: 'Pagato', open: 'Da pagare' };

/** Submit (or header click) → the result rows of this search painted, timed inside the page. */
async function timed(page: Page, act: () => Promise<void>, urlParts: string[]): Promise<{ ms: number; total: number }> {
  await page.evaluate(`(() => {
    window.__bench = { start: Infinity };
    const mark = () => { window.__bench.start = performance.now(); };
    document.addEventListener('submit', mark, { capture: true, once: true });
    document.addEventListener('click', (e) => { if (e.target.closest && e.target.closest('button.sort')) mark(); }, { capture: true, once: true });
  })()`);
  await act();
  // Rendered: the search page's effect after the rows of this address were painted, and the table not busy any more.
  await page.waitForFunction(
    (parts: string[]) => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const w = globalThis as any;
      return (
        parts.every((p) => w.location.search.includes(p)) &&
        w.quadraTimings?.renderedAt > w.__bench.start &&
        w.document.querySelector('[data-testid="risultati"]')?.getAttribute('aria-busy') === 'false'
      );
    },
    urlParts,
    { timeout: 120_000, polling: 'raf' },
  );
  return (await page.evaluate('({ ms: window.quadraTimings.renderedAt - window.__bench.start, total: window.quadraTimings.total })')) as { ms: number; total: number };
}

async function main() {
  const positions = intArg('positions', 1_000_000);
  const count = intArg('searches', 32);
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (the bench drives it with playwright-core)`);
  if (!fs.existsSync(path.resolve(__dirname, '..', '..', 'web', 'dist', 'index.html')) && !fs.existsSync(path.resolve('web', 'dist', 'index.html')))
    throw new Error('web/dist not found: run "npm run build" first (the bench measures the production build)');
  const dir = tempDir('console');

  console.log(`seeding ${positions} positions of ${ENTE.codIpa} into ${dir} ...`);
  const ts = Date.now();
  const events = await seed(dir, positions);
  const seedSeconds = (Date.now() - ts) / 1000;
  console.log(`  ${events} events written in ${round(seedSeconds, 1)} s`);

  const config = loadConfig({ DATA_DIR: dir, QUADRA_ADMIN_TOKEN: ADMIN, PORT: '0', QUADRA_DEMO: 'off' });
  const app = await createApp(config, { logger: false });
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const admin = { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' };
  const call = async (method: string, url: string, body?: unknown): Promise<Record<string, unknown>> => {
    const res = await fetch(`${base}${url}`, { method, headers: admin, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  try {
    await call('POST', '/api/v1/enti', ENTE);
    await call('PUT', `/api/v1/enti/${ENTE.codIpa}/tipi-dovuto/TARI`, { descrizione: 'TARI', iban: IBAN, tassonomia: '0101100IM' });
    await call('POST', `/api/v1/enti/${ENTE.codIpa}/operatori`, OPERATOR);

    // Every projection must have caught up: a rebuild running next to the searches would time the rebuild.
    console.log('waiting for the projections to catch up ...');
    const tp = Date.now();
    for (;;) {
      type P = { name: string; state: string; eventsBehind: number; rebuild?: unknown };
      const h = (await (await fetch(`${base}/health`)).json()) as { components: { projections?: { projections?: P[] } } };
      const list = h.components.projections?.projections ?? [];
      const behind = list.filter((p) => p.eventsBehind > 0 || p.rebuild !== undefined).map((p) => `${p.name} ${p.state} ${p.eventsBehind}`);
      if (list.length > 0 && behind.length === 0) break;
      if (Date.now() - tp > 3_600_000) throw new Error(`projections still behind after an hour: ${JSON.stringify(behind)}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    const catchUpSeconds = (Date.now() - tp) / 1000;
    const total = (await call('GET', `/api/v1/enti/${ENTE.codIpa}/dovuti?pageSize=1`)).total as number;
    if (total !== positions) throw new Error(`the positions read model holds ${total} dovuti of ${ENTE.codIpa}, expected ${positions}`);
    console.log(`  caught up in ${round(catchUpSeconds, 1)} s`);

    // First page, cold: a new browser context (empty cache), the console's login form.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT' });
    const page = await context.newPage();
    const t0 = Date.now();
    await page.goto(`${base}/console`);
    await page.locator('input[name="codIpa"]').waitFor();
    const firstPageMs = Date.now() - t0;
    const nav = (await page.evaluate("(() => { const n = performance.getEntriesByType('navigation')[0]; return { dom: n.domContentLoadedEventEnd, load: n.loadEventEnd, now: performance.now(), req: n.requestStart, res: n.responseEnd }; })()")) as { dom: number; load: number; now: number; req: number; res: number };

    const resources = (await page.evaluate(
      "performance.getEntriesByType('resource').map((r) => `${new URL(r.name).pathname} ${Math.round(r.startTime)}+${Math.round(r.duration)} ms`).join(', ')",
    )) as string;

    // Log in: the console opens on the newest dovuti of the whole ente (a count over all N).
    await page.getByLabel("Codice IPA dell'ente").fill(ENTE.codIpa);
    await page.getByLabel('Nome utente').fill(OPERATOR.username);
    await page.getByLabel('Password').fill(OPERATOR.password);
    const login = await timed(page, () => page.getByRole('button', { name: 'Accedi' }).click(), []);
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');

    const list = searches(positions, count);
    const ui: Record<string, number[]> = {};
    const rest: Record<string, number[]> = {};
    let previous: Search | undefined;
    for (const s of list) {
      const parts = Object.entries(s.query).map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
      const input = (label: string) => (label.startsWith('scadenza') ? page.locator(`input[name="${label}"]`) : page.getByLabel(label, { exact: true }));
      if (s.sortBy) {
        // The filters of the previous search are on screen: each header click re-runs it sorted (up, then down).
        const up = await timed(page, () => page.getByRole('button', { name: new RegExp(`^${s.sortBy}`) }).click(), ['sort=importo']);
        const down = await timed(page, () => page.getByRole('button', { name: new RegExp(`^${s.sortBy}`) }).click(), ['sort=-importo']);
        (ui[s.kind] ??= []).push(up.ms, down.ms);
      } else {
        // Clear what the previous search typed (not "Azzera filtri": that would run an unfiltered search meanwhile).
        for (const label of Object.keys(previous?.fill ?? {})) await input(label).fill('');
        for (const st of previous?.stati ?? []) await page.getByRole('checkbox', { name: STATO_LABEL[st] }).uncheck();
        for (const [label, value] of Object.entries(s.fill)) await input(label).fill(value);
        for (const st of s.stati) await page.getByRole('checkbox', { name: STATO_LABEL[st] }).check();
        const r = await timed(page, () => page.getByRole('button', { name: 'Cerca' }).click(), parts);
        if (!s.kind.startsWith('stato') && r.total < 1) throw new Error(`the ${s.kind} search ${parts.join('&')} found nothing`);
        (ui[s.kind] ??= []).push(r.ms);
      }
      if (!s.sortBy) previous = s;
      // Baseline: exactly what the page asked (its address carries the query), over REST from Node.
      const q = (await page.evaluate('location.search')) as string;
      const tr = process.hrtime.bigint();
      const res = await fetch(`${base}/api/v1/enti/${ENTE.codIpa}/dovuti${q}`, { headers: { Cookie: cookie, Accept: 'application/json' } });
      await res.json();
      (rest[s.kind] ??= []).push(Number(process.hrtime.bigint() - tr) / 1e6);
      if (!res.ok) throw new Error(`REST ${q}: ${res.status}`);
    }
    await context.close();

    const all = (m: Record<string, number[]>) => Object.values(m).flat().sort((a, b) => a - b);
    const uiAll = all(ui);
    const restAll = all(rest);
    console.log('');
    console.log(`machine      ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (other work on the machine slows every figure)`);
    console.log(`seed         ${positions} positions (${events} events) in ${round(seedSeconds, 1)} s; projections caught up in ${round(catchUpSeconds, 1)} s`);
    console.log(`first page   login form on screen ${round(nav.now)} ms after navigation start (page clock; ${firstPageMs} ms as Playwright sees it); load event ${round(nav.load)} ms, DOMContentLoaded ${round(nav.dom)} ms  (cold context, production build; target < 1000 ms)`);
    console.log(`             requests: /console (document) ${round(nav.req)}+${round(nav.res - nav.req)} ms, ${resources}`);
    console.log(`after login  ${round(login.ms)} ms to the first ${Math.min(50, positions)} of ${login.total} dovuti (newest first, with the total)`);
    for (const kind of Object.keys(ui)) {
      const u = ui[kind].slice().sort((a, b) => a - b);
      const r = rest[kind].slice().sort((a, b) => a - b);
      console.log(`${kind.padEnd(30)} console p50 ${round(percentile(u, 50))} ms  p99 ${round(percentile(u, 99))} ms   REST p50 ${round(percentile(r, 50), 1)} ms  p99 ${round(percentile(r, 99), 1)} ms   (${u.length} searches)`);
    }
    console.log(`all searches                   console p50 ${round(percentile(uiAll, 50))} ms  p99 ${round(percentile(uiAll, 99))} ms   REST p99 ${round(percentile(restAll, 99), 1)} ms  (target: results in < 300 ms over ${positions} positions)`);
    finalLine({
      bench: 'console',
      value: round(percentile(uiAll, 99), 1),
      unit: 'ms',
      baseline: round(percentile(restAll, 99), 1),
      ratio: round(percentile(uiAll, 99) / percentile(restAll, 99), 2),
      positions,
      searches: uiAll.length,
      p50: round(percentile(uiAll, 50), 1),
      firstPageMs: round(nav.now),
      firstPageWallMs: firstPageMs,
      loginToResultsMs: round(login.ms),
      seedSeconds: round(seedSeconds, 1),
      catchUpSeconds: round(catchUpSeconds, 1),
    });
  } finally {
    await browser.close();
    await app.close();
    removeTempDir(dir);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EventStore } from '../src/event-store/event-store.port';

/** Shared by the benchmarks: argument parsing, percentiles and the closing JSON line. */
export function intArg(name: string, fallback: number, min = 1): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
  return v;
}

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return NaN;
  const idx = Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1);
  return sortedMs[Math.max(0, idx)];
}

/** A fresh data folder, removed when the bench exits (a 1,000,000 run leaves gigabytes) unless `--keep` is given. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `quadra-bench-${prefix}-`));
  // Said now, not at exit: the bench's last line stays its JSON figures.
  if (process.argv.includes('--keep')) process.stdout.write(`data in ${dir} (kept: --keep)\n`);
  else process.on('exit', () => removeTempDir(dir));
  return dir;
}

/** Removes a bench's data folder now (a million payments take gigabytes), unless the run asked to --keep it. */
export function removeTempDir(dir: string): void {
  if (!process.argv.includes('--keep')) fs.rmSync(dir, { recursive: true, force: true });
}

export const round = (n: number, digits = 0) => Number(n.toFixed(digits));

export function finalLine(o: { bench: string; value: number; unit: string; baseline: number; ratio: number; [k: string]: unknown }) {
  process.stdout.write(`${JSON.stringify(o)}\n`);
}

/** The baseline of the log-reading benches: the whole log read in order in pages, as the runners read it, and nothing done. */
export async function timePlainLogRead(events: Pick<EventStore, 'readAll'>): Promise<{ events: number; seconds: number; rate: number }> {
  const started = process.hrtime.bigint();
  let after = 0n;
  let read = 0;
  for (;;) {
    const page = await events.readAll({ after, maxCount: 5000 });
    if (page.length === 0) break;
    read += page.length;
    after = page[page.length - 1]!.position;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { events: read, seconds, rate: read / seconds };
}

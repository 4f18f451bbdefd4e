import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store';

const PER_BATCH = 5_000;
const KILL_AT_BATCH = 3;

/** Runs the child until it announces batch `n`, then SIGKILLs it while that batch's transaction is being written. */
function killDuringBatch(file: string, n: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, 'event-store.crash-child.js'), file, String(PER_BATCH)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!killed && stdout.includes(`start ${n}\n`)) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' && killed) resolve();
      else reject(new Error(`child ended before it was killed (code ${code}, signal ${signal}):\n${stderr}`));
    });
  });
}

describe('SqliteEventStore crash safety', () => {
  const dir = mkdtempSync(join(tmpdir(), 'quadra-crash-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a process killed in the middle of appendBatch leaves an intact file holding whole batches only', async () => {
    const file = join(dir, 'events.db');
    await killDuringBatch(file, KILL_AT_BATCH);

    const raw = new Database(file);
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();

    const store = SqliteEventStore.open(file);
    const events = await store.readAll();
    // Every batch announced before the kill was committed (a process crash loses nothing committed in WAL mode),
    // and the one being written is either wholly there or wholly absent.
    expect(events.length % PER_BATCH).toBe(0);
    expect(events.length / PER_BATCH).toBeGreaterThanOrEqual(KILL_AT_BATCH);
    const perBatch = new Map<number, number>();
    for (const e of events) {
      const { batch } = e.data as { batch: number };
      perBatch.set(batch, (perBatch.get(batch) ?? 0) + 1);
    }
    for (const count of perBatch.values()) expect(count).toBe(PER_BATCH);
    expect(events.map((e) => e.position)).toEqual(events.map((_, i) => BigInt(i + 1)));

    // The recovered store takes new writes after the last committed position.
    const head = await store.headPosition();
    const r = await store.append('after-crash', [{ id: '2b6f0c52-8d3e-4a7b-9c1d-0e5f6a7b8c9d', type: 'Recovered', data: {}, metadata: { correlationId: 'c', actor: 'system:test', occurredAt: '2025-03-14T10:15:00.000+01:00', schemaVersion: 1 } }], 'no_stream');
    expect(r.position).toBe(head + 1n);
    await store.close();
  }, 20_000);
});

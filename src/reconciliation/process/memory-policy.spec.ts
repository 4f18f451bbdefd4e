import * as path from 'node:path';
import { spawnWorker } from '../../kernel/spawn-worker';

interface Filled {
  shortAtStart: boolean;
  shortAt?: number;
}

/**
 * Fills a thread's heap of that many MB with live documents (see heap-filler.worker). Its young generation is kept
 * small, as in the process, where it is a few per cent of the limit V8 reports.
 */
async function fillHeap(maxOldGenerationSizeMb: number): Promise<Filled> {
  const worker = spawnWorker(path.resolve(__dirname, '../../../test/helpers'), 'heap-filler.worker', undefined, { maxOldGenerationSizeMb, maxYoungGenerationSizeMb: 4 });
  try {
    return await new Promise<Filled>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`heap filler exited with ${code}`)));
    });
  } finally {
    await worker.terminate();
  }
}

describe('HEAP_MEMORY: when the reconciliation process writes and drops what it holds', () => {
  it('given a heap mostly free, then memory is not short; given ever more documents kept alive, then it is short before the heap runs out', async () => {
    const filled = await fillHeap(160);
    expect(filled.shortAtStart).toBe(false);
    expect(filled.shortAt).toBeDefined();
    // Past the live share (60%), before the last-resort share in use (85%) is much exceeded and V8 gives up.
    expect(filled.shortAt!).toBeGreaterThan(0.5);
    expect(filled.shortAt!).toBeLessThan(0.92);
  }, 60_000);
});

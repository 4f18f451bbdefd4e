import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { HEAP_MEMORY } from '../../src/reconciliation/process/memory-policy';

/**
 * Run in a thread with a small heap (see memory-policy.spec): keeps ever more documents alive, letting the event loop
 * turn between them as the reconciliation process does, and tells at what share of the heap limit HEAP_MEMORY first
 * said memory was short.
 */
async function fill(): Promise<void> {
  const limit = getHeapStatistics().heap_size_limit;
  const shortAtStart = HEAP_MEMORY.isShort();
  const kept: { key: string; codIpa: string; amount: number }[][] = [];
  let shortAt: number | undefined;
  while (shortAt === undefined && getHeapStatistics().used_heap_size < 0.95 * limit) {
    kept.push(Array.from({ length: 2000 }, (_, i) => ({ key: `c_h501|${kept.length}|${i}`, codIpa: 'c_h501', amount: i })));
    await new Promise((resolve) => setImmediate(resolve));
    if (HEAP_MEMORY.isShort()) shortAt = getHeapStatistics().used_heap_size / limit;
  }
  parentPort!.postMessage({ shortAtStart, shortAt });
}

void fill();

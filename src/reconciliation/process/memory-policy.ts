import { constants, PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';

/** When the reconciliation process writes and drops what it holds in memory (see ReconciliationProcess.flushDue). */
export interface MemoryPolicy {
  isShort(): boolean;
  /**
   * Memory short, fewer changed documents than this are not written, nor fewer unchanged ones dropped: the heap
   * shrinks only at the next collection, and until then it still looks short.
   */
  minimum: number;
}

/** Past this share of the V8 heap limit, alive after the last full collection, memory is short. */
const LIVE_SHARE = 0.6;
/** Past this share in use, garbage included, memory is short whatever the last full collection found. */
const USED_SHARE = 0.85;

let liveAfterFullGc = 0;
let observer: PerformanceObserver | undefined;

/**
 * The heap in use right after each full collection: what is alive. The heap in use at any other moment counts the
 * garbage not collected yet, which V8 lets grow to several times what is alive when the limit allows, and would
 * make a process that has room write and read back everything it holds.
 */
function watchFullCollections(): void {
  if (observer) return;
  observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if ((entry as unknown as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) liveAfterFullGc = getHeapStatistics().used_heap_size;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
}

/** V8's heap: short once what was alive after the last full collection passes LIVE_SHARE of the limit (or what is in use, USED_SHARE). */
export const HEAP_MEMORY: MemoryPolicy = {
  isShort() {
    watchFullCollections();
    const h = getHeapStatistics();
    return liveAfterFullGc > LIVE_SHARE * h.heap_size_limit || h.used_heap_size > USED_SHARE * h.heap_size_limit;
  },
  minimum: 50_000,
};

import { readFileSync, readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Linux schedules threads, not processes, and each thread has a nice value of its own: setpriority() given a
 * thread id changes that thread alone. Node exposes no thread id, but /proc/thread-self names it.
 * Elsewhere (no /proc) the thread keeps the process's priority.
 */
function ownThreadId(): number | undefined {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Lowers the calling thread's priority to `nice` (1 to 19, higher yields more); a thread already lower (the whole
 * process started with `nice`) stays as it is. Returns the nice value now in force, or undefined when this platform
 * cannot set it for one thread. Lowering needs no privilege.
 */
export function lowerThisThreadPriority(nice: number): number | undefined {
  if (!Number.isInteger(nice) || nice < 1 || nice > 19) throw new RangeError(`a thread's nice value goes from 1 to 19, got ${nice}`);
  const tid = ownThreadId();
  const current = tid === undefined ? undefined : threadNice(process.pid, tid);
  if (tid === undefined || current === undefined) return undefined;
  if (current >= nice) return current;
  try {
    setPriority(tid, nice);
  } catch {
    return undefined;
  }
  return threadNice(process.pid, tid);
}

/** The nice value of one thread of a process (Linux), from the 19th field of /proc/<pid>/task/<tid>/stat. */
export function threadNice(pid: number, tid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count the fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[16]);
  } catch {
    return undefined;
  }
}

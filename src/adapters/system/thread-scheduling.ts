/**
 * The Linux scheduling policy of the calling thread. Node has no binding for
 * sched_setscheduler(2), so the policy is set with util-linux's `chrt` on this thread's id and
 * read back from /proc to confirm it (ADR 0005, "Background threads at SCHED_IDLE").
 *
 * Why SCHED_IDLE and not only a high niceness: Linux's EEVDF scheduler lets a running thread
 * finish its time slice before a waking one of the same policy takes the CPU, however nice the
 * running one is; with 250 Hz ticks that kept the event loop waiting up to ~4 ms behind a
 * niceness-19 risk worker (measured with `perf sched`). A waking normal thread always preempts a
 * SCHED_IDLE one at once.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readlinkSync } from 'node:fs';

/** `normal`: the ordinary time-sharing policy (with the pool's niceness); `idle`: SCHED_IDLE. */
export type ThreadPolicy = 'normal' | 'idle';

/** Linux's number for SCHED_IDLE (include/uapi/linux/sched.h). */
export const SCHED_IDLE = 5;

/** This thread's id (Linux), or null where /proc/thread-self does not exist. */
export function currentThreadId(): number | null {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : null;
  } catch {
    return null;
  }
}

/** This thread's scheduling policy number (field 41 of /proc/thread-self/stat), or null off Linux. */
export function currentThreadPolicy(): number | null {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'latin1');
    // the command name (field 2) may hold spaces and parentheses: count fields after its last ')'
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const policy = Number(fields[41 - 3]);
    return Number.isInteger(policy) ? policy : null;
  } catch {
    return null;
  }
}

/**
 * Puts the calling thread in SCHED_IDLE. Lowering a thread's own policy needs no privilege.
 * Returns false, changing nothing, where that cannot be done (not Linux, no `chrt`).
 */
export function setCurrentThreadIdle(): boolean {
  const tid = currentThreadId();
  if (tid === null) return false;
  try {
    execFileSync('chrt', ['-i', '-p', '0', String(tid)], { stdio: 'ignore', timeout: 5000 });
  } catch {
    return false;
  }
  return currentThreadPolicy() === SCHED_IDLE;
}

// CPU time of one thread of a process, from /proc (Linux): Switchyard's main thread (its event loop) is
// what bounds its throughput, while the process total also counts its worker and V8's helper threads.
import { readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on every Linux this runs on

/** user + system CPU ms of thread `tid` of process `pid` (the main thread: tid = pid); NaN without /proc */
export function threadCpuMs(pid: number, tid = pid): number {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return NaN;
  }
}

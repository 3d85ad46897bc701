// One or more load processes (load-main.ts) acting as one fleet of simulated devices: the devices are
// split between the processes and so is the rate, for rates one process cannot produce by itself.
import { startLoad, type LoadProc, type LoadStats, type RateChange } from './processes.js';

export interface LoadGroup {
  readonly devices: number;
  readonly processes: readonly LoadProc[];
  /** one change per process, in process order */
  setRate(rate: number): Promise<RateChange[]>;
  /** summed over the processes; changes counts readings that differ from the sensor's previous one */
  stats(): Promise<LoadStats>;
  /** summed CPU ms of the load processes */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** readings/s between two rate changes, each process timed by its own clock */
export function achievedRate(from: readonly RateChange[], to: readonly RateChange[]): number {
  let sent = 0;
  let ms = 0;
  from.forEach((a, i) => {
    const b = to[i];
    if (!b) return;
    sent += b.sent - a.sent;
    ms += b.atMs - a.atMs;
  });
  return from.length > 0 && ms > 0 ? sent / (ms / from.length / 1000) : NaN;
}

export async function startLoadGroup(
  brokerUrl: string,
  devices: number,
  idPrefix: string,
  processes = 1,
): Promise<LoadGroup> {
  const n = Math.max(1, Math.min(processes, devices));
  const shares = Array.from({ length: n }, (_, i) => Math.floor(devices / n) + (i < devices % n ? 1 : 0));
  const procs: LoadProc[] = [];
  try {
    // one after the other: their devices announce themselves as they connect
    for (let i = 0; i < n; i++)
      procs.push(
        await startLoad(brokerUrl, shares[i] ?? 0, 0, `${idPrefix}${n > 1 ? `p${i}-` : ''}`, { countChanges: true }),
      );
  } catch (err) {
    await Promise.all(procs.map((p) => p.stop()));
    throw err;
  }
  return {
    devices,
    processes: procs,
    setRate(rate) {
      return Promise.all(procs.map((p, i) => p.setRate((rate * (shares[i] ?? 0)) / devices)));
    },
    async stats() {
      const all = await Promise.all(procs.map((p) => p.stats()));
      return all.reduce(
        (a, s) => ({ sent: a.sent + s.sent, changes: a.changes + s.changes, behind: a.behind + s.behind }),
        { sent: 0, changes: 0, behind: 0 },
      );
    },
    cpuMs: () => procs.reduce((a, p) => a + p.cpuMs(), 0),
    stop: async () => {
      await Promise.all(procs.map((p) => p.stop()));
    },
  };
}

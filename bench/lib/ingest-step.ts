// One step of the ingest scenario (scenarios/ingest.ts): the devices publish at one offered rate for a few
// seconds while the backlog (state changes sent and not yet on disk) is sampled, then they go quiet and a backlog
// left is timed as it is worked off. Also the wait for Switchyard to settle between steps.
import type { StoredHistory } from './history-db.js';
import { achievedRate, type LoadGroup } from './load-group.js';
import { threadCpuMs } from './proc-stat.js';
import type { SwitchyardProc } from './processes.js';
import type { StorageEngine } from './storage.js';
import { sleep, until } from './stats.js';
import type { BenchContext } from './types.js';

/**
 * Rows the recorder hands over at most in one batch, so what may sit in its buffer or in flight: SQLite's
 * flushes at 500 rows (src/adapters/storage/state-recorder.ts), PostgreSQL's writes up to 2,000 in one statement
 * (src/adapters/storage/pg/state-recorder.ts); both hand their buffer over every 100 ms as well.
 */
export const RECORDER_BATCH: Readonly<Record<StorageEngine, number>> = { sqlite: 500, postgres: 2_000 };

/** CPU used as a share of one core: Switchyard (all threads, and its main thread), the load, the broker, and
 * the PostgreSQL server (all its processes; only with BENCH_STORAGE=postgres) */
export interface StepCpu {
  switchyard: number;
  switchyard_main: number;
  load: number;
  broker: number;
  postgres?: number;
}

export interface IngestStep {
  offered: number;
  achieved: number;
  seconds: number;
  sent: number;
  changes: number;
  /** state changes sent but not on disk when the step ended */
  lag_end: number;
  /** the same after the grace period */
  lag_after_grace: number;
  /** rows/s persisted while that backlog was worked off with the devices quiet (when there was one) */
  drain_rows_per_s?: number;
  /** CPU used meanwhile, as a share of one core (with drain_rows_per_s) */
  drain_cpu?: StepCpu;
  /** readings the load processes were behind their schedule at the end */
  generator_behind: number;
  /** CPU used during the step as a share of one core */
  cpu: StepCpu;
  /** CPU µs of Switchyard's main thread (its event loop) per message */
  main_us_per_msg: number;
  /** CPU µs of the whole Switchyard process (with the history writer thread) per message */
  total_us_per_msg: number;
  /** CPU µs of the PostgreSQL server per message (BENCH_STORAGE=postgres) */
  postgres_us_per_msg?: number;
  /** [seconds into the step, missing rows] every ~0.2 s */
  lag_samples: [number, number][];
  /** least-squares trend of the missing rows, rows/s */
  lag_slope: number;
  kept_up: boolean;
}

/**
 * Waits until the history on disk has not grown for `quietMs` and Switchyard's event loop is nearly idle
 * (under 10% of a core over the last 500 ms: e.g. done announcing new devices to Home Assistant).
 */
export async function settle(
  sy: SwitchyardProc,
  db: StoredHistory,
  quietMs: number,
  timeoutMs = 60_000,
): Promise<void> {
  let last = await db.maxId();
  let since = performance.now();
  const cpu: [number, number][] = [];
  await until(
    'Switchyard to settle',
    async () => {
      const now = await db.maxId();
      const t = performance.now();
      if (now !== last) {
        last = now;
        since = t;
      }
      cpu.push([t, threadCpuMs(sy.pid)]);
      while (cpu.length > 1 && (cpu[0]?.[0] ?? t) < t - 500) cpu.shift();
      const first = cpu[0];
      const busy = first && t - first[0] >= 400 ? (threadCpuMs(sy.pid) - first[1]) / (t - first[0]) : 1;
      return t - since >= quietMs && (busy < 0.1 || Number.isNaN(busy)) ? true : undefined;
    },
    timeoutMs,
    50,
  );
}

/** CPU counters now, to take shares of a core between two of them */
function cpuNow(sy: SwitchyardProc, ctx: BenchContext, load: LoadGroup) {
  return {
    at: performance.now(),
    sy: sy.cpuMs(),
    main: threadCpuMs(sy.pid),
    load: load.cpuMs(),
    broker: ctx.broker.cpuMs(),
    pg: ctx.storage.cpuMs(),
  };
}

/** shares of a core between two readings, over `ms` (default: the time between them) */
function cpuShare(a: ReturnType<typeof cpuNow>, b: ReturnType<typeof cpuNow>, ms = b.at - a.at): StepCpu {
  return {
    switchyard: (b.sy - a.sy) / ms,
    switchyard_main: (b.main - a.main) / ms,
    load: (b.load - a.load) / ms,
    broker: (b.broker - a.broker) / ms,
    ...(Number.isNaN(a.pg) ? {} : { postgres: (b.pg - a.pg) / ms }),
  };
}

export async function runStep(
  sy: SwitchyardProc,
  ctx: BenchContext,
  load: LoadGroup,
  db: StoredHistory,
  rate: number,
  stepMs: number,
  graceMs: number,
): Promise<IngestStep> {
  const batch = RECORDER_BATCH[ctx.storage.engine];
  const s0 = await load.stats();
  const r0 = await db.maxId();
  const cpu0 = cpuNow(sy, ctx, load);
  const started = await load.setRate(rate);
  const t0 = performance.now();
  const lagSamples: [number, number][] = [];
  while (performance.now() - t0 < stepMs - 100) {
    await sleep(Math.min(200, stepMs - (performance.now() - t0)));
    const s = await load.stats();
    lagSamples.push([(performance.now() - t0) / 1000, s.changes - s0.changes - ((await db.maxId()) - r0)]);
  }
  await sleep(Math.max(0, stepMs - (performance.now() - t0)));
  const behind = (await load.stats()).behind;
  const stopped = await load.setRate(0);
  const t1 = performance.now();
  const cpu1 = cpuNow(sy, ctx, load);
  const s1 = await load.stats();
  const r1 = await db.maxId();
  const seconds = (t1 - t0) / 1000;
  const cpu = cpuShare(cpu0, cpu1, t1 - t0);
  const changes = s1.changes - s0.changes;
  const lagEnd = changes - (r1 - r0);
  lagSamples.push([seconds, lagEnd]);
  // the grace, and how fast a backlog is worked off with the devices quiet: until all but one recorder
  // batch is on disk (the last one may wait for the recorder's timer), after the grace if need be
  const target = r0 + changes;
  let drainedAt: number | undefined;
  let drainCpu: StepCpu | undefined;
  let lagAfterGrace = lagEnd;
  for (;;) {
    const rows = await db.maxId();
    const now = performance.now();
    if (drainedAt === undefined && target - rows <= batch) {
      drainedAt = now;
      drainCpu = cpuShare(cpu1, cpuNow(sy, ctx, load));
    }
    if (now - t1 <= graceMs) lagAfterGrace = target - rows;
    if (rows >= target ? now - t1 >= Math.min(graceMs, 200) : now - t1 > (drainedAt === undefined ? 60_000 : graceMs))
      break;
    await sleep(20);
  }
  const drainRows =
    lagEnd > 4 * batch && drainedAt !== undefined && drainedAt - t1 >= 100
      ? (lagEnd - batch) / ((drainedAt - t1) / 1000)
      : undefined;
  const changesPerS = changes / seconds;
  const slope = trend(lagSamples);
  const keptUp =
    slope <= 0.03 * changesPerS && lagEnd <= batch + 0.5 * changesPerS && lagAfterGrace <= Math.max(5, 0.002 * changes);
  const perMsg = (share: number) => (share * (t1 - t0) * 1000) / Math.max(1, s1.sent - s0.sent);
  return {
    offered: rate,
    // by the load processes' clocks, from the rate change to the next: the bench's own clock adds the
    // round trips of the two commands
    achieved: achievedRate(started, stopped),
    seconds,
    sent: s1.sent - s0.sent,
    changes,
    lag_end: lagEnd,
    lag_after_grace: lagAfterGrace,
    ...(drainRows !== undefined ? { drain_rows_per_s: drainRows, ...(drainCpu ? { drain_cpu: drainCpu } : {}) } : {}),
    generator_behind: behind,
    cpu,
    main_us_per_msg: perMsg(cpu.switchyard_main),
    total_us_per_msg: perMsg(cpu.switchyard),
    ...(cpu.postgres !== undefined ? { postgres_us_per_msg: perMsg(cpu.postgres) } : {}),
    lag_samples: lagSamples.map(([t, l]) => [Math.round(t * 100) / 100, l]),
    lag_slope: slope,
    kept_up: keptUp,
  };
}

/** least-squares slope of y over x */
function trend(points: readonly [number, number][]): number {
  const n = points.length;
  if (n < 3) return 0;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const sxy = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return sxx > 0 ? sxy / sxx : 0;
}

export function describe(devices: number, s: IngestStep): string {
  return (
    `${devices} devices, ${s.offered} msg/s offered: ${s.achieved.toFixed(0)} achieved, ${(s.changes / s.seconds).toFixed(0)} changes/s, ` +
    `missing ${s.lag_end} at end (trend ${s.lag_slope.toFixed(0)}/s) / ${s.lag_after_grace} after grace → ${s.kept_up ? 'kept up' : 'BEHIND'}` +
    `${s.drain_rows_per_s !== undefined ? `, worked off at ${s.drain_rows_per_s.toFixed(0)} rows/s` : ''}` +
    `${s.drain_cpu ? ` (meanwhile cpu sy ${s.drain_cpu.switchyard.toFixed(2)}, main ${s.drain_cpu.switchyard_main.toFixed(2)}${s.drain_cpu.postgres !== undefined ? `, postgres ${s.drain_cpu.postgres.toFixed(2)}` : ''})` : ''} ` +
    `(cpu sy ${s.cpu.switchyard.toFixed(2)}, main ${s.cpu.switchyard_main.toFixed(2)} = ${s.main_us_per_msg.toFixed(1)} µs/msg; load ${s.cpu.load.toFixed(2)} broker ${s.cpu.broker.toFixed(2)}` +
    `${s.cpu.postgres !== undefined ? ` postgres ${s.cpu.postgres.toFixed(2)} = ${(s.postgres_us_per_msg ?? NaN).toFixed(1)} µs/msg` : ''})`
  );
}

// Ingest: how many sensor messages per second Switchyard takes in from ESP32 devices while persisting
// every state change in history, for 1, 100 and 1,000 devices. Switchyard runs in its own process; the
// devices (sim/simulated-device.ts) run in load processes (two for 1,000 devices), which skip a device
// whose socket is backed up, so a rate they cannot produce shows as achieved < offered rather than as a
// queue inside them. For each device count the offered rate is stepped up (20,000 to 50,000 msg/s by
// 10,000, 2.5 s each) to the first rate that falls behind, then tried once halfway back. After each step
// the rows on disk (state_history max(id), read from the database file) are compared with the state
// changes the devices sent. A reading equal to its sensor's previous one is not a state change and gets
// no history row (Home Assistant's rule: it only moves last_reported), so the load processes count the
// readings that differ, and that count is what must reach the disk.
//
// A step keeps up when the backlog (state changes sent and not yet on disk, sampled every 200 ms) does
// not grow: its trend over the step, a least-squares slope, stays under 3% of the offered rate of change,
// it ends under half a second of traffic plus one recorder batch, and after a short grace nothing is
// missing. (A single reading of the backlog says little on a shared machine: a pause of a few ms anywhere
// leaves hundreds of messages in flight for a moment.) The highest achieved rate that keeps up is the
// sustained rate; the first offered rate that does not (twice: a failing rate is tried once more) is
// where the backlog starts to grow. A backlog left by a step is worked off with the devices quiet:
// history rows/s meanwhile is what the pipeline persists when it has a queue (in the broker) to work off.
import { join } from 'node:path';
import { openHistoryDb, type HistoryDb } from '../lib/history-db.js';
import { achievedRate, startLoadGroup, type LoadGroup } from '../lib/load-group.js';
import { threadCpuMs } from '../lib/proc-stat.js';
import { clearRetained } from '../lib/retained.js';
import { startSwitchyard, type SwitchyardProc } from '../lib/processes.js';
import { sleep, until } from '../lib/stats.js';
import { figure, type BenchContext, type Figure, type Scenario } from '../lib/types.js';

export const INGEST_TARGET = 20_000;
/** the recorder flushes at this many rows (src/adapters/storage/state-recorder.ts) */
const RECORDER_BATCH = 500;

interface StatusCounts {
  entities: { total: number };
  devices: { total: number };
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
  /** readings the load processes were behind their schedule at the end */
  generator_behind: number;
  /** CPU used during the step as a share of one core */
  cpu: { switchyard: number; switchyard_main: number; load: number; broker: number };
  /** CPU µs of Switchyard's main thread (its event loop) per message */
  main_us_per_msg: number;
  /** CPU µs of the whole Switchyard process (with the history writer thread) per message */
  total_us_per_msg: number;
  /** [seconds into the step, missing rows] every ~0.2 s */
  lag_samples: [number, number][];
  /** least-squares trend of the missing rows, rows/s */
  lag_slope: number;
  kept_up: boolean;
}

export interface IngestRun {
  devices: number;
  load_processes: number;
  steps: IngestStep[];
  /** highest achieved msg/s of a step that kept up */
  sustained: number;
  /** history rows/s written at that step (state changes/s) */
  sustained_rows: number;
  /** that step's CPU per message */
  sustained_cpu?: { main_us_per_msg: number; total_us_per_msg: number };
  /** the first offered rate that did not keep up (undefined: none in the ladder) */
  backlog_from?: number;
  /** rows/s while the backlog of that step drained */
  drain_rows_per_s?: number;
  /** whether the load processes reached the offered rate of every step they kept up with */
  generator_limited: boolean;
}

/**
 * Waits until the history on disk has not grown for `quietMs` and Switchyard's event loop is nearly idle
 * (under 10% of a core over the last 500 ms: e.g. done announcing new devices to Home Assistant).
 */
async function settle(sy: SwitchyardProc, db: HistoryDb, quietMs: number, timeoutMs = 60_000): Promise<void> {
  let last = db.maxId();
  let since = performance.now();
  const cpu: [number, number][] = [];
  await until(
    'Switchyard to settle',
    () => {
      const t = performance.now();
      const now = db.maxId();
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

async function runStep(
  sy: SwitchyardProc,
  ctx: BenchContext,
  load: LoadGroup,
  db: HistoryDb,
  rate: number,
  stepMs: number,
  graceMs: number,
): Promise<IngestStep> {
  const s0 = await load.stats();
  const r0 = db.maxId();
  const cpu0 = { sy: sy.cpuMs(), main: threadCpuMs(sy.pid), load: load.cpuMs(), broker: ctx.broker.cpuMs() };
  const started = await load.setRate(rate);
  const t0 = performance.now();
  const lagSamples: [number, number][] = [];
  while (performance.now() - t0 < stepMs - 100) {
    await sleep(Math.min(200, stepMs - (performance.now() - t0)));
    const s = await load.stats();
    lagSamples.push([(performance.now() - t0) / 1000, s.changes - s0.changes - (db.maxId() - r0)]);
  }
  await sleep(Math.max(0, stepMs - (performance.now() - t0)));
  const behind = (await load.stats()).behind;
  const stopped = await load.setRate(0);
  const t1 = performance.now();
  const s1 = await load.stats();
  const r1 = db.maxId();
  const seconds = (t1 - t0) / 1000;
  const cpu = {
    switchyard: (sy.cpuMs() - cpu0.sy) / (t1 - t0),
    switchyard_main: (threadCpuMs(sy.pid) - cpu0.main) / (t1 - t0),
    load: (load.cpuMs() - cpu0.load) / (t1 - t0),
    broker: (ctx.broker.cpuMs() - cpu0.broker) / (t1 - t0),
  };
  const changes = s1.changes - s0.changes;
  const lagEnd = changes - (r1 - r0);
  lagSamples.push([seconds, lagEnd]);
  // the grace, and how fast a backlog is worked off with the devices quiet: until all but one recorder
  // batch is on disk (the last one may wait for the recorder's 1 s timer), after the grace if need be
  const target = r0 + changes;
  let drainedAt: number | undefined;
  let lagAfterGrace = lagEnd;
  for (;;) {
    const rows = db.maxId();
    const now = performance.now();
    if (drainedAt === undefined && target - rows <= RECORDER_BATCH) drainedAt = now;
    if (now - t1 <= graceMs) lagAfterGrace = target - rows;
    if (rows >= target ? now - t1 >= Math.min(graceMs, 200) : now - t1 > (drainedAt === undefined ? 60_000 : graceMs))
      break;
    await sleep(20);
  }
  const drainRows =
    lagEnd > 4 * RECORDER_BATCH && drainedAt !== undefined && drainedAt - t1 >= 100
      ? (lagEnd - RECORDER_BATCH) / ((drainedAt - t1) / 1000)
      : undefined;
  const changesPerS = changes / seconds;
  const slope = trend(lagSamples);
  const keptUp =
    slope <= 0.03 * changesPerS &&
    lagEnd <= RECORDER_BATCH + 0.5 * changesPerS &&
    lagAfterGrace <= Math.max(5, 0.002 * changes);
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
    ...(drainRows !== undefined ? { drain_rows_per_s: drainRows } : {}),
    generator_behind: behind,
    cpu,
    main_us_per_msg: (cpu.switchyard_main * (t1 - t0) * 1000) / Math.max(1, s1.sent - s0.sent),
    total_us_per_msg: (cpu.switchyard * (t1 - t0) * 1000) / Math.max(1, s1.sent - s0.sent),
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

export async function ingestRun(
  sy: SwitchyardProc,
  ctx: BenchContext,
  db: HistoryDb,
  devices: number,
  loadProcesses: number,
  ladder: readonly number[],
  stepMs: number,
  graceMs: number,
): Promise<IngestRun> {
  const before = await sy.get<StatusCounts>('/api/system/status');
  const load = await startLoadGroup(ctx.broker.url, devices, `bench-ingest-${devices}-`, loadProcesses);
  const steps: IngestStep[] = [];
  try {
    await until(
      'Switchyard to register the devices',
      async () =>
        (await sy.get<StatusCounts>('/api/system/status')).devices.total >= before.devices.total + devices
          ? true
          : undefined,
      120_000,
      100,
    );
    await settle(sy, db, 1_500);
    // warm up the JIT and the sockets on every device at a low rate, not measured
    await load.setRate(Math.min(2_000, devices * 30));
    await sleep(1_000);
    await load.setRate(0);
    await settle(sy, db, 1_200);

    let sustained = 0;
    let sustainedRows = 0;
    let sustainedCpu: IngestRun['sustained_cpu'];
    let backlogFrom: number | undefined;
    let drainRows: number | undefined;
    let generatorLimited = false;
    /** a step at `rate`; a failing rate is tried once more (the machine is shared); false when it fell behind */
    const attempt = async (rate: number): Promise<boolean> => {
      let step = await runStep(sy, ctx, load, db, rate, stepMs, graceMs);
      steps.push(step);
      ctx.log(describe(devices, step));
      const noteDrain = (st: IngestStep) => {
        if (st.drain_rows_per_s !== undefined) drainRows = Math.max(drainRows ?? 0, st.drain_rows_per_s);
      };
      noteDrain(step);
      if (!step.kept_up) {
        await settle(sy, db, 1_200);
        step = await runStep(sy, ctx, load, db, rate, stepMs, graceMs);
        steps.push(step);
        noteDrain(step);
        ctx.log(`${describe(devices, step)} (retry)`);
      }
      if (!step.kept_up) {
        await settle(sy, db, 1_200);
        return false;
      }
      if (step.achieved > sustained) {
        sustained = step.achieved;
        sustainedRows = step.changes / step.seconds;
        sustainedCpu = { main_us_per_msg: step.main_us_per_msg, total_us_per_msg: step.total_us_per_msg };
      }
      // the load could not produce the offered rate: higher offers would measure the generator
      if (step.achieved < 0.95 * rate) generatorLimited = true;
      await settle(sy, db, 600);
      return true;
    };
    // up the coarse ladder to the first rate that falls behind, then once halfway back
    let lastOk = 0;
    for (const rate of ladder) {
      if (await attempt(rate)) {
        lastOk = rate;
        if (generatorLimited) break;
        continue;
      }
      backlogFrom = rate;
      const mid = Math.round((lastOk + rate) / 2 / 500) * 500;
      if (mid > lastOk && mid < rate && !(await attempt(mid))) backlogFrom = mid;
      break;
    }
    if (drainRows !== undefined)
      ctx.log(`${devices} devices: a backlog drained at up to ${drainRows.toFixed(0)} rows/s`);
    return {
      devices,
      load_processes: load.processes.length,
      steps,
      sustained,
      sustained_rows: sustainedRows,
      ...(sustainedCpu ? { sustained_cpu: sustainedCpu } : {}),
      ...(backlogFrom !== undefined ? { backlog_from: backlogFrom } : {}),
      ...(drainRows !== undefined ? { drain_rows_per_s: drainRows } : {}),
      generator_limited: generatorLimited,
    };
  } finally {
    await load.stop();
  }
}

function describe(devices: number, s: IngestStep): string {
  return (
    `${devices} devices, ${s.offered} msg/s offered: ${s.achieved.toFixed(0)} achieved, ${(s.changes / s.seconds).toFixed(0)} changes/s, ` +
    `missing ${s.lag_end} at end (trend ${s.lag_slope.toFixed(0)}/s) / ${s.lag_after_grace} after grace → ${s.kept_up ? 'kept up' : 'BEHIND'}` +
    `${s.drain_rows_per_s !== undefined ? `, worked off at ${s.drain_rows_per_s.toFixed(0)} rows/s` : ''} ` +
    `(cpu sy ${s.cpu.switchyard.toFixed(2)}, main ${s.cpu.switchyard_main.toFixed(2)} = ${s.main_us_per_msg.toFixed(1)} µs/msg; load ${s.cpu.load.toFixed(2)} broker ${s.cpu.broker.toFixed(2)})`
  );
}

export const ingestScenario: Scenario = {
  name: 'ingest',
  description: 'sustained ESP32 sensor msg/s with every state change persisted, for 1, 100 and 1,000 devices',
  async run(ctx) {
    const stepMs = ctx.quick ? 1_500 : 2_500;
    const graceMs = 1_200; // the recorder hands its batch over at least once a second
    // coarse, then one step halfway between the last rate kept up with and the first that was not
    // (10,000 msg/s is only tried when 20,000 is not kept up with: the warm-up has run the pipeline slower)
    // (up to 50,000: about what one load process publishes through one connection)
    const ladder = [20_000, 30_000, 40_000, 50_000];
    const fleets: { devices: number; processes: number }[] = [
      { devices: 1, processes: 1 },
      { devices: 100, processes: 1 },
      // two load processes: one tops out near 35–45k msg/s across 1,000 connections on this machine
      { devices: 1_000, processes: 2 },
    ];
    const dataDir = join(ctx.workDir, 'ingest', 'data');
    const cleared = await clearRetained(ctx.broker.url);
    if (cleared > 0) ctx.log(`cleared ${cleared} retained messages left on the broker`);
    const sy = await startSwitchyard({
      brokerUrl: ctx.broker.url,
      dataDir,
      automationsDir: join(ctx.workDir, 'ingest', 'automations'),
      env: { SWITCHYARD_DEVICE_TIMEOUT_S: '3600' },
    });
    const db = await openHistoryDb(dataDir);
    const runs: IngestRun[] = [];
    try {
      for (const f of fleets) runs.push(await ingestRun(sy, ctx, db, f.devices, f.processes, ladder, stepMs, graceMs));
    } finally {
      db.close();
      await sy.stop();
      await clearRetained(ctx.broker.url);
    }
    const { floor } = ctx;
    const figures: Figure[] = [];
    for (const r of runs) {
      const changeShare = r.sustained > 0 ? r.sustained_rows / r.sustained : NaN;
      const limit =
        r.backlog_from !== undefined
          ? `backlog grows from ${r.backlog_from.toLocaleString('en-US')} msg/s offered`
          : r.generator_limited
            ? 'load generator at its limit'
            : 'no backlog within the ladder';
      figures.push(
        figure({
          name: `sustained msg/s, ${r.devices.toLocaleString('en-US')} device${r.devices === 1 ? '' : 's'}`,
          value: r.sustained,
          unit: 'msg/s',
          floor: floor.throughput,
          floorRef: 'floor throughput',
          target: { op: '>=', value: INGEST_TARGET, text: 'ingest ≥ 20,000 msg/s with everything persisted' },
          note: `${r.sustained_rows.toFixed(0)} history rows/s (${(changeShare * 100).toFixed(0)}% of readings change state); ${limit}`,
        }),
      );
    }
    for (const r of runs) {
      if (!r.sustained_cpu) continue;
      figures.push(
        figure({
          name: `Switchyard event-loop CPU per message, ${r.devices.toLocaleString('en-US')} device${r.devices === 1 ? '' : 's'}`,
          value: r.sustained_cpu.main_us_per_msg,
          unit: 'µs',
          floor: 1e6 / floor.throughput,
          floorRef: 'floor µs per message (1 s ÷ throughput)',
          note: `at ${r.sustained.toFixed(0)} msg/s; ${r.sustained_cpu.total_us_per_msg.toFixed(1)} µs with the history writer thread; main thread, from /proc`,
        }),
      );
    }
    const drains = runs.filter((r) => r.drain_rows_per_s !== undefined);
    const best = drains.sort((a, b) => (b.drain_rows_per_s ?? 0) - (a.drain_rows_per_s ?? 0))[0];
    if (best?.drain_rows_per_s !== undefined) {
      figures.push(
        figure({
          name: 'backlog drain, history rows/s',
          value: best.drain_rows_per_s,
          unit: 'rows/s',
          floor: floor.throughput,
          floorRef: 'floor throughput',
          note: `${best.devices} devices, devices quiet, queue in the broker`,
        }),
      );
    }
    return { scenario: 'ingest', figures, details: { step_ms: stepMs, grace_ms: graceMs, ladder, runs } };
  },
};

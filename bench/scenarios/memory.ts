// Memory: Switchyard's resident set size (from /proc) with 1,000 ESP32 devices (3 sensors, 5 actuators and
// 4 diagnostics each: ~12,000 entities) after a minute of ordinary traffic (every sensor reports once a
// second: ~3,000 msg/s, each state change persisted), against the same Switchyard idle with no devices,
// measured first in the same process. Its own Switchyard: the ingest scenario's bursts would leave their
// high-water mark in the heap and say nothing about steady use.
import { join } from 'node:path';
import { openHistoryDb } from '../lib/history-db.js';
import { achievedRate, startLoadGroup } from '../lib/load-group.js';
import { startSwitchyard, type SwitchyardProc } from '../lib/processes.js';
import { threadCpuMs } from '../lib/proc-stat.js';
import { clearRetained } from '../lib/retained.js';
import { median, sleep, until } from '../lib/stats.js';
import { figure, type Figure, type Scenario } from '../lib/types.js';

export const MEMORY_DEVICES = 1_000;
/** each device's 3 sensors once a second */
export const MEMORY_RATE = 3 * MEMORY_DEVICES;
const MB = 1024 * 1024;

interface Status {
  entities: { total: number };
  devices: { total: number };
  /** being added to the status (names have varied): read whichever is there */
  process?: {
    rss_bytes?: number;
    rss_mb?: number;
    heap_used_bytes?: number;
    heap_used_mb?: number;
    heap_total_bytes?: number;
  };
}

/** heap used in MB from /api/system/status, when it reports it */
const heapUsedMb = (p: Status['process']): number | undefined =>
  p?.heap_used_mb ?? (p?.heap_used_bytes !== undefined ? p.heap_used_bytes / MB : undefined);

/** the median of a few RSS readings over ~1 s (RSS moves with every GC) */
export async function steadyRss(sy: SwitchyardProc): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    samples.push(sy.rss());
    await sleep(200);
  }
  return median(samples);
}

/** waits until Switchyard's event loop used under 10% of a core over 1 s (done announcing, etc.) */
export async function quiet(sy: SwitchyardProc, timeoutMs = 60_000): Promise<void> {
  await until(
    'Switchyard to go quiet',
    async () => {
      const c0 = threadCpuMs(sy.pid);
      const t0 = performance.now();
      await sleep(1_000);
      const busy = (threadCpuMs(sy.pid) - c0) / (performance.now() - t0);
      return busy < 0.1 || Number.isNaN(busy) ? true : undefined;
    },
    timeoutMs,
    0,
  );
}

export const memoryScenario: Scenario = {
  name: 'memory',
  description: `RSS with ${MEMORY_DEVICES.toLocaleString('en-US')} devices (~12,000 entities) after a minute at ${MEMORY_RATE.toLocaleString('en-US')} msg/s, against idle`,
  async run(ctx) {
    const trafficS = ctx.quick ? 10 : 60;
    const dataDir = join(ctx.workDir, 'memory', 'data');
    // an idle Switchyard must find nothing on the broker: no devices, no discovery configs of earlier runs
    const cleared = await clearRetained(ctx.broker.url);
    if (cleared > 0) ctx.log(`cleared ${cleared} retained messages left on the broker`);
    const sy = await startSwitchyard({
      brokerUrl: ctx.broker.url,
      dataDir,
      automationsDir: join(ctx.workDir, 'memory', 'automations'),
      env: { SWITCHYARD_DEVICE_TIMEOUT_S: '3600' },
    });
    const db = await openHistoryDb(dataDir);
    try {
      // idle: started, past the announcer's start-up window (5 s), nothing connected but the broker
      await sleep(6_000);
      await quiet(sy);
      const idleRss = await steadyRss(sy);
      const idleStatus = await sy.get<Status>('/api/system/status');
      ctx.log(`idle: RSS ${(idleRss / MB).toFixed(1)} MB`);

      const t0 = performance.now();
      const load = await startLoadGroup(ctx.broker.url, MEMORY_DEVICES, 'bench-mem-', 1);
      let counts: { devices: number; entities: number; rest_entities: number; rest_devices: number };
      let afterRegistration: number;
      let final: number;
      let peak = 0;
      let sent = 0;
      let changes = 0;
      let persisted = 0;
      let heap: Status['process'] | undefined;
      let heapUnderTraffic: number | undefined;
      try {
        const registered = await until(
          'the devices to register',
          async () => {
            const s = await sy.get<Status>('/api/system/status');
            return s.devices.total >= idleStatus.devices.total + MEMORY_DEVICES ? s : undefined;
          },
          120_000,
          250,
        );
        await quiet(sy);
        // and every state written so far on disk, so the rows counted below are the traffic's
        let rows = -1;
        await until('the history to settle', async () => {
          const now = db.maxId();
          if (now === rows) return true;
          rows = now;
          await sleep(3_000);
          return undefined;
        });
        afterRegistration = await steadyRss(sy);
        ctx.log(
          `${registered.devices.total} devices, ${registered.entities.total} entities registered in ${((performance.now() - t0) / 1000).toFixed(1)} s: RSS ${(afterRegistration / MB).toFixed(1)} MB`,
        );

        const s0 = await load.stats();
        const r0 = db.maxId();
        const started = await load.setRate(MEMORY_RATE);
        const tTraffic = performance.now();
        while (performance.now() - tTraffic < trafficS * 1000) {
          await sleep(1_000);
          peak = Math.max(peak, sy.rss());
        }
        final = await steadyRss(sy); // still under traffic: the figure is RSS while working
        heapUnderTraffic = heapUsedMb((await sy.get<Status>('/api/system/status')).process);
        const achieved = achievedRate(started, await load.setRate(0));
        const s1 = await load.stats();
        sent = s1.sent - s0.sent;
        changes = s1.changes - s0.changes;
        await sleep(1_500); // the recorder's flush interval, then every change should be on disk
        persisted = db.maxId() - r0;
        ctx.log(
          `after ${trafficS} s at ${achieved.toFixed(0)} msg/s: RSS ${(final / MB).toFixed(1)} MB (peak ${(peak / MB).toFixed(1)}); ${persisted} of ${changes} state changes on disk`,
        );
        const status = await sy.get<Status>('/api/system/status');
        heap = status.process;
        // the REST lists last: answering them allocates, and RSS was read before
        const entities = await sy.get<{ count: number }>('/api/entities');
        const devices = await sy.get<{ count: number }>('/api/devices');
        counts = {
          devices: status.devices.total,
          entities: status.entities.total,
          rest_entities: entities.count,
          rest_devices: devices.count,
        };
      } finally {
        await load.stop();
      }

      const figures: Figure[] = [
        figure({
          name: `RSS, ${counts.devices.toLocaleString('en-US')} devices / ${counts.entities.toLocaleString('en-US')} entities, after ${trafficS} s of traffic`,
          value: final / MB,
          unit: 'MB',
          floor: idleRss / MB,
          floorRef: 'idle Switchyard RSS',
          target: { op: '<=', value: 150, text: 'RSS ≤ 150 MB at 1,000 devices / 10,000 entities' },
          note: `${MEMORY_RATE} msg/s offered; peak ${(peak / MB).toFixed(0)} MB; ${(afterRegistration / MB).toFixed(0)} MB once registered`,
        }),
        figure({
          name: 'RSS idle, no devices',
          value: idleRss / MB,
          unit: 'MB',
          target: { op: '<=', value: 100, text: 'idle RSS ≤ 100 MB (issue 22)' },
          note: 'the baseline of the ratio above',
        }),
        figure({
          name: 'entities registered (REST)',
          value: counts.rest_entities,
          unit: 'entities',
          note: `${counts.rest_devices} devices in GET /api/devices`,
        }),
      ];
      const idleHeap = heapUsedMb(idleStatus.process);
      if (heapUnderTraffic !== undefined) {
        figures.push(
          figure({
            name: `heap used, after ${trafficS} s of traffic`,
            value: heapUnderTraffic,
            unit: 'MB',
            ...(idleHeap !== undefined ? { floor: idleHeap, floorRef: 'idle heap used' } : {}),
            note: 'process.memoryUsage().heapUsed via /api/system/status: live objects and garbage not yet collected',
          }),
        );
      }
      return {
        scenario: 'memory',
        figures,
        details: {
          devices: MEMORY_DEVICES,
          rate: MEMORY_RATE,
          traffic_s: trafficS,
          idle_rss_mb: idleRss / MB,
          registered_rss_mb: afterRegistration / MB,
          final_rss_mb: final / MB,
          peak_rss_mb: peak / MB,
          counts,
          sent,
          state_changes: changes,
          history_rows_written: persisted,
          heap_under_traffic_mb: heapUnderTraffic ?? null,
          process_after: heap ?? null,
          process_idle: idleStatus.process ?? null,
        },
      };
    } finally {
      db.close();
      await sy.stop();
      await clearRetained(ctx.broker.url);
    }
  },
};

// Large Zigbee2MQTT network: about 4,800 devices announcing 40,000 entities of every platform Zigbee2MQTT
// uses, plus their device triggers, published retained while Switchyard runs (a bridge announcing its whole
// network), then one JSON state per device. Measured: how long after the last config is acknowledged every
// entity is listed by REST, and Switchyard's resident memory once the states are in and it has gone quiet.
// Also reported: the diagnostics the network left (a config Switchyard refuses is one there).
import { join } from 'node:path';
import { connect } from '../lib/mqtt.js';
import { freePort, startSwitchyard } from '../lib/processes.js';
import { clearRetained } from '../lib/retained.js';
import { sleep, until } from '../lib/stats.js';
import { figure, type Scenario } from '../lib/types.js';
import { LARGE_KINDS, stateFor } from '../lib/z2m-large.js';
import { clearConfigs, publishConfigs, untilEntities, z2mConfigs, type DiscoveryConfig } from '../lib/z2m.js';
import { threadCpuMs } from '../lib/proc-stat.js';
import { quiet, steadyRss } from './memory.js';

export const LARGE_ENTITIES = 40_000;
const MB = 1024 * 1024;

/** the configs of the network: whole devices until `entities` entity configs (device triggers on top) */
function network(entities: number): { configs: DiscoveryConfig[]; devices: string[] } {
  const all = z2mConfigs(Math.ceil(entities * 1.4), 'homeassistant', 'large', LARGE_KINDS);
  const configs: DiscoveryConfig[] = [];
  let count = 0;
  for (const c of all) {
    if (c.platform !== 'device_automation') {
      if (count === entities) break;
      count++;
    }
    configs.push(c);
  }
  const devices = [...new Set(configs.map((c) => c.topic.split('/')[2] as string))];
  return { configs, devices };
}

export const largeNetworkScenario: Scenario = {
  name: 'large',
  description: `large Zigbee2MQTT network: ${LARGE_ENTITIES.toLocaleString('en-US')} entities of every platform + device triggers, retained, then a state per device → all listed, RSS`,
  optional: true,
  async run(ctx) {
    const total = ctx.quick ? 4_000 : LARGE_ENTITIES;
    const { configs, devices } = network(total);
    const triggers = configs.filter((c) => c.platform === 'device_automation').length;
    const platforms = [...new Set(configs.map((c) => c.platform))].sort();
    const bytes = configs.reduce((s, c) => s + c.payload.length, 0);
    ctx.log(
      `${total} entities and ${triggers} device triggers from ${devices.length} devices (${platforms.join(', ')}), ${(bytes / MB).toFixed(1)} MiB`,
    );
    const dir = join(ctx.workDir, 'large-network');
    // BENCH_LARGE_BROKER=embedded: the network goes to Switchyard's own broker (the zero-setup default, npm start)
    const embedded = process.env.BENCH_LARGE_BROKER === 'embedded';
    const brokerPort = embedded ? await freePort() : 0;
    const brokerUrl = embedded ? `mqtt://127.0.0.1:${brokerPort}` : ctx.broker.url;
    if (embedded) ctx.log(`on Switchyard's embedded broker (port ${brokerPort})`);
    const sy = await startSwitchyard({
      brokerUrl: embedded ? '' : ctx.broker.url,
      dataDir: join(dir, 'data'),
      automationsDir: join(dir, 'automations'),
      ...(embedded ? { env: { SWITCHYARD_BROKER_PORT: String(brokerPort) } } : {}),
    });
    const pub = await connect(brokerUrl);
    const names = deviceNames(configs);
    const stateTopics = devices.map((ieee) => `zigbee2mqtt/${names.get(ieee) ?? ieee}`);
    try {
      const idle = await steadyRss(sy);
      // availability first, retained, as Zigbee2MQTT publishes it when it starts
      await pub.publishAsync('zigbee2mqtt/bridge/state', '{"state":"online"}', { qos: 1, retain: true });
      await Promise.all(
        stateTopics.map((t) => pub.publishAsync(`${t}/availability`, '{"state":"online"}', { qos: 1, retain: true })),
      );
      const t0 = performance.now();
      const cpu0 = threadCpuMs(sy.pid);
      await publishConfigs(pub, configs);
      const published = performance.now();
      const listed = await untilEntities(sy.get, total, 300_000);
      const allListed = performance.now();
      // Switchyard's main thread: its CPU time varies less than the wall clock on a shared host
      const stormCpu = threadCpuMs(sy.pid) - cpu0;
      ctx.log(
        `all ${listed} listed ${((allListed - published) / 1000).toFixed(2)} s after the last config was acknowledged (${((allListed - t0) / 1000).toFixed(1)} s after the first); main thread CPU ${(stormCpu / 1000).toFixed(1)} s`,
      );
      const afterConfigs = await steadyRss(sy);

      // one state per device, Zigbee2MQTT's JSON with every property
      const kindOf = (n: number) => LARGE_KINDS[n % LARGE_KINDS.length];
      // the marker: the last device that announced a linkquality sensor (the network may end mid-device); its
      // state goes last, and messages on one connection arrive in order
      const withLq = new Set(
        configs.filter((c) => c.topic.endsWith('/large_linkquality/config')).map((c) => c.topic.split('/')[2]),
      );
      let last = stateTopics.length - 1;
      while (last > 0 && !withLq.has(devices[last] as string)) last--;
      const order = [...stateTopics.keys()].filter((n) => n !== last).concat(last);
      for (let i = 0; i < order.length; i++) {
        const n = order[i] as number;
        const kind = kindOf(n);
        // QoS 1: a broker may drop QoS 0 messages to a subscriber still busy with the storm, and every state must count
        if (kind) void pub.publishAsync(stateTopics[n] as string, JSON.stringify(stateFor(kind, n)), { qos: 1 });
        if (i % 500 === 499) await new Promise((r) => setImmediate(r));
      }
      const lastLq = String(100 + (last % 150));
      const marker = `large_${devices[last]}_linkquality`;
      let seen: unknown;
      await until(
        'the last state to arrive',
        async () => {
          const list = await sy.get<{ entities: { entity_id: string; state: string }[] }>(
            `/api/entities?q=${encodeURIComponent(marker)}`,
          );
          seen = list.entities;
          return list.entities.some((e) => e.state === lastLq) ? true : undefined;
        },
        120_000,
        100,
      ).catch((err: unknown) => {
        throw new Error(`${(err as Error).message}: waiting for ${marker} = ${lastLq}, found ${JSON.stringify(seen)}`);
      });
      await quiet(sy);
      await sleep(1_000);
      const rss = await steadyRss(sy);
      const status = await sy.get<{ entities: { total: number }; process?: Record<string, number> }>(
        '/api/system/status',
      );
      const proc = status.process;
      if (proc)
        ctx.log(
          `memory: heap used ${proc['heap_used_mb']} MB of ${proc['heap_total_mb']} MB, external ${proc['external_mb']} MB`,
        );
      const diagnostics = await sy.get<{
        total: number;
        counts: unknown;
        diagnostics: { code: string; reason: string }[];
      }>('/api/discovery/diagnostics?limit=1000');
      const reasons = new Map<string, number>();
      for (const d of diagnostics.diagnostics)
        reasons.set(
          `${d.code}: ${d.reason.replace(/'[^']*'/g, "'…'").slice(0, 160)}`,
          (reasons.get(`${d.code}: ${d.reason.replace(/'[^']*'/g, "'…'").slice(0, 160)}`) ?? 0) + 1,
        );
      for (const [reason, count] of reasons) ctx.log(`  ${count}× ${reason}`);
      const deviceCount = (await sy.get<{ count: number }>('/api/devices')).count;
      ctx.log(
        `RSS ${(idle / MB).toFixed(0)} MB idle → ${(afterConfigs / MB).toFixed(0)} MB with the configs → ${(rss / MB).toFixed(0)} MB with states; ${deviceCount} devices, ${diagnostics.total} diagnostics`,
      );
      return {
        scenario: 'large',
        figures: [
          figure({
            name: `${total} entities: last config acknowledged → all listed`,
            value: (allListed - published) / 1000,
            unit: 's',
            target:
              total === LARGE_ENTITIES
                ? { op: '<=', value: 5, text: 'all listed ≤ 5 s after the last config' }
                : undefined,
          }),
          figure({ name: `${total} entities: first config → all listed`, value: (allListed - t0) / 1000, unit: 's' }),
          figure({
            name: `${total} entities: Switchyard main-thread CPU, first config → all listed`,
            value: stormCpu / 1000,
            unit: 's',
          }),
          figure({
            name: `RSS with ${total} entities and a state each`,
            value: rss / MB,
            unit: 'MB',
            target: total === LARGE_ENTITIES ? { op: '<=', value: 300, text: 'RSS ≤ 300 MB' } : undefined,
          }),
          figure({ name: 'RSS idle (same process, before the network)', value: idle / MB, unit: 'MB' }),
        ],
        details: {
          entities: total,
          listed: status.entities.total,
          devices: devices.length,
          devices_listed: deviceCount,
          device_triggers: triggers,
          platforms,
          bytes,
          rss_idle_mb: idle / MB,
          rss_after_configs_mb: afterConfigs / MB,
          rss_mb: rss / MB,
          diagnostics: diagnostics.total,
          diagnostic_counts: diagnostics.counts,
          diagnostic_reasons: Object.fromEntries(reasons),
        },
      };
    } finally {
      await pub.endAsync();
      await sy.stop();
      if (!embedded) {
        await clearConfigs(ctx.broker.url, configs);
        await clearRetained(ctx.broker.url);
      }
    }
  },
};

/** each device's Zigbee2MQTT friendly name (by ieee), read back from its sensors' state topics */
function deviceNames(configs: readonly DiscoveryConfig[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const c of configs) {
    const ieee = c.topic.split('/')[2] as string;
    if (names.has(ieee) || c.platform !== 'sensor') continue;
    const p = JSON.parse(c.payload) as Record<string, unknown>;
    const state = p['state_topic'] ?? p['stat_t'];
    if (typeof state === 'string') names.set(ieee, state.slice('zigbee2mqtt/'.length));
  }
  return names;
}

// Discovery storm: 10,000 retained Zigbee2MQTT-like discovery configs (about 1,700 devices with several
// entities each, half of them abbreviated) → the time until every entity is listed by GET /api/entities.
// (a) the configs are published while Switchyard runs (a bridge announcing everything at once);
// (b) they are already retained when Switchyard starts on an empty data dir (a new install or a lost
// database; a restart with its database is the start-up scenario). The floor is a bare subscriber on
// the same broker receiving the same 10,000 messages: (a) from the first publish, (b) from subscribe.
// Three rounds (one with BENCH_QUICK), medians reported: a storm is a few seconds of CPU on a shared machine.
import { join } from 'node:path';
import { connect } from '../lib/mqtt.js';
import { startSwitchyard } from '../lib/processes.js';
import { bareSubscriberMs, clearConfigs, publishConfigs, untilEntities, z2mConfigs } from '../lib/z2m.js';
import { median } from '../lib/stats.js';
import { clearRetained } from '../lib/retained.js';
import { figure, type Scenario } from '../lib/types.js';

export const DISCOVERY_ENTITIES = 10_000;

/** The data dir the storm leaves behind (10,000 persisted entities), for the start-up scenario to reuse. */
export let discoveredDataDir: { dir: string; entities: number } | undefined;

const TARGET = { op: '<=' as const, value: 2, text: 'discovery storm of 10,000 configs ≤ 2 s (issue 22)' };

export const discoveryScenario: Scenario = {
  name: 'discovery',
  description: `storm of ${DISCOVERY_ENTITIES.toLocaleString('en-US')} retained Zigbee2MQTT-like discovery configs → all listed by REST`,
  async run(ctx) {
    // only this scenario's configs on the broker: an earlier scenario's ESP32 devices (the automation background's
    // 100 left their retained capabilities) would be bridged and announced by every Switchyard started here
    const cleared = await clearRetained(ctx.broker.url);
    if (cleared > 0) ctx.log(`cleared ${cleared} retained messages left on the broker`);
    const total = ctx.quick ? 2_000 : DISCOVERY_ENTITIES;
    const configs = z2mConfigs(total);
    const devices = new Set(configs.map((c) => c.topic.split('/')[2])).size;
    const bytes = configs.reduce((s, c) => s + c.payload.length, 0);
    ctx.log(`${total} configs from ${devices} devices, ${(bytes / 1048576).toFixed(1)} MiB`);
    const rounds = ctx.quick ? 1 : 3;
    const floorsLive: number[] = [];
    const floorsRetained: number[] = [];
    const lives: number[] = [];
    const retaineds: number[] = [];
    const healthy: number[] = [];
    let rssLive = 0;
    try {
      for (let round = 0; round < rounds; round++) {
        // the floor, both ways, on the same broker and the same messages
        await clearConfigs(ctx.broker.url, configs);
        floorsLive.push(await bareSubscriberMs(ctx.broker.url, configs, true));
        floorsRetained.push(await bareSubscriberMs(ctx.broker.url, configs, false));
        await clearConfigs(ctx.broker.url, configs);

        // (a) published while Switchyard runs
        const dirA = join(ctx.workDir, `discovery-live-${round}`);
        const a = await startSwitchyard({
          brokerUrl: ctx.broker.url,
          dataDir: join(dirA, 'data'),
          automationsDir: join(dirA, 'automations'),
        });
        try {
          const before = (await a.get<{ count: number }>('/api/entities')).count;
          const pub = await connect(ctx.broker.url);
          const t0 = performance.now();
          await publishConfigs(pub, configs);
          const published = performance.now() - t0;
          await untilEntities(a.get, before + total);
          lives.push(performance.now() - t0);
          rssLive = a.rss();
          await pub.endAsync();
          ctx.log(
            `(a) live: all ${total} listed after ${(lives.at(-1) as number).toFixed(0)} ms (published in ${published.toFixed(0)} ms; bare subscriber ${(floorsLive.at(-1) as number).toFixed(0)} ms), RSS ${(rssLive / 1048576).toFixed(0)} MB`,
          );
        } finally {
          await a.stop();
        }

        // (b) already retained when Switchyard starts on an empty data dir
        const dirB = join(ctx.workDir, `discovery-retained-${round}`);
        const t0 = performance.now();
        const b = await startSwitchyard({
          brokerUrl: ctx.broker.url,
          dataDir: join(dirB, 'data'),
          automationsDir: join(dirB, 'automations'),
        });
        try {
          await untilEntities(b.get, total);
          retaineds.push(performance.now() - t0);
          healthy.push(b.startMs);
          ctx.log(
            `(b) retained: all ${total} listed ${(retaineds.at(-1) as number).toFixed(0)} ms after spawn (healthy after ${b.startMs.toFixed(0)} ms; bare subscriber ${(floorsRetained.at(-1) as number).toFixed(0)} ms)`,
          );
        } finally {
          await b.stop();
        }
        discoveredDataDir = { dir: join(dirB, 'data'), entities: total };
      }
      const liveMs = median(lives);
      const retainedMs = median(retaineds);
      const floorLive = median(floorsLive);
      const floorRetained = median(floorsRetained);

      return {
        scenario: 'discovery',
        figures: [
          figure({
            name: `(a) ${total} configs published live → all listed (median of ${rounds})`,
            value: liveMs / 1000,
            unit: 's',
            floor: floorLive / 1000,
            floorRef: 'bare subscriber, same burst',
            target: total === DISCOVERY_ENTITIES ? TARGET : undefined,
          }),
          figure({
            name: `(b) ${total} configs already retained, spawn → all listed (median of ${rounds})`,
            value: retainedMs / 1000,
            unit: 's',
            floor: floorRetained / 1000,
            floorRef: 'bare subscriber, retained',
            target: total === DISCOVERY_ENTITIES ? TARGET : undefined,
          }),
          figure({ name: 'bare subscriber, burst published live', value: floorLive / 1000, unit: 's' }),
          figure({ name: 'bare subscriber, already retained', value: floorRetained / 1000, unit: 's' }),
        ],
        details: {
          configs: total,
          devices,
          bytes,
          rounds,
          live_ms: lives,
          retained_ms: retaineds,
          retained_healthy_ms: healthy,
          floor_live_ms: floorsLive,
          floor_retained_ms: floorsRetained,
          rss_after_live_mb: rssLive / 1048576,
        },
      };
    } finally {
      await clearConfigs(ctx.broker.url, configs);
    }
  },
};

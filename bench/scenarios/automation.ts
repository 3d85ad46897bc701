// Automation latency: a sensor message in → a numeric_state automation → the switch command out, through
// Switchyard in its own process, idle and with a background of other devices whose every reading
// Switchyard also ingests and persists. Compared with the floor's round trip: both are two broker hops.
// Also a burst, for throughput: as fast as one client can publish, how many actions per second come out.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import { connect } from '../lib/mqtt.js';
import { startLoad, startSwitchyard, type SwitchyardProc } from '../lib/processes.js';
import { sleep, summarize, until } from '../lib/stats.js';
import { figure, type BenchContext, type Figure, type Scenario } from '../lib/types.js';

/** The flow every peer runs too: sensor on bench/probe, above 25 → "ON" on bench/fan/set. */
export const PROBE_TOPIC = 'bench/probe';
export const FAN_TOPIC = 'bench/fan/set';
export const BACKGROUND_RATE = 5_000;
export const BACKGROUND_DEVICES = 100;

const AUTOMATION = `# numeric_state: runs when sensor.bench_probe crosses above 25
- id: bench_fan_on_when_hot
  alias: Fan on when the probe is hot
  triggers:
    - trigger: numeric_state
      entity_id: sensor.bench_probe
      above: 25
  actions:
    - action: switch.turn_on
      target:
        entity_id: switch.bench_fan
  # as many runs at once as a burst can start (Node-RED has no such bound); the default 10 drops runs
  mode: parallel
  max: 50000
`;

/**
 * Sequential triggers: publish 20 (below, re-arms the crossing) then 30 (crosses) and time from the 30
 * to the command. Works for any implementation that turns "above 25" into a message on FAN_TOPIC.
 */
export async function triggerLatency(url: string, count: number): Promise<number[]> {
  const sensor = await connect(url);
  const fan = await connect(url);
  await fan.subscribeAsync(FAN_TOPIC);
  let resolveCommand: (() => void) | undefined;
  fan.on('message', () => resolveCommand?.());
  const samples: number[] = [];
  for (let i = -200; i < count; i++) {
    sensor.publish(PROBE_TOPIC, '20');
    const got = new Promise<void>((r) => (resolveCommand = r));
    const t = performance.now();
    sensor.publish(PROBE_TOPIC, String(30 + (i % 5)));
    const timeout = sleep(5_000).then(() => 'timeout' as const);
    if ((await Promise.race([got, timeout])) === 'timeout')
      throw new Error(`no command on ${FAN_TOPIC} within 5 s (trigger ${i})`);
    if (i >= 0) samples.push(performance.now() - t);
  }
  await Promise.all([sensor.endAsync(), fan.endAsync()]);
  return samples;
}

/** A burst of `crossings` below/above pairs as fast as one client publishes; commands/s at the switch. */
export async function burstThroughput(url: string, crossings: number): Promise<{ rate: number; received: number }> {
  const sensor = await connect(url);
  const fan = await connect(url);
  await fan.subscribeAsync(FAN_TOPIC);
  let received = 0;
  let last = performance.now();
  fan.on('message', () => {
    received++;
    last = performance.now();
  });
  const t0 = performance.now();
  for (let i = 0; i < crossings; i++) {
    sensor.publish(PROBE_TOPIC, '20');
    sensor.publish(PROBE_TOPIC, '30');
    if (i % 500 === 499) await new Promise((r) => setImmediate(r));
  }
  // done when every command arrived, or when none has arrived for 2 s
  await until(
    'the burst to drain',
    () => (received >= crossings || performance.now() - last > 2_000 ? true : undefined),
    120_000,
    20,
  );
  const rate = received / ((last - t0) / 1000);
  await Promise.all([sensor.endAsync(), fan.endAsync()]);
  return { rate, received };
}

async function announce(client: MqttClient): Promise<void> {
  await client.publishAsync(
    'homeassistant/sensor/bench_probe/config',
    JSON.stringify({
      name: 'Bench Probe',
      unique_id: 'bench_probe',
      state_topic: PROBE_TOPIC,
      unit_of_measurement: '°C',
      device_class: 'temperature',
    }),
    { qos: 1, retain: true },
  );
  await client.publishAsync(
    'homeassistant/switch/bench_fan/config',
    JSON.stringify({ name: 'Bench Fan', unique_id: 'bench_fan', command_topic: FAN_TOPIC }),
    { qos: 1, retain: true },
  );
}

export async function startAutomationTarget(ctx: BenchContext, name: string): Promise<SwitchyardProc> {
  const automationsDir = join(ctx.workDir, name, 'automations');
  const sy = await startSwitchyard({
    brokerUrl: ctx.broker.url,
    dataDir: join(ctx.workDir, name, 'data'),
    automationsDir,
    // the probe is one synthetic device sending thousands of messages a second (a flood by the per-device rate
    // limit's defaults, which would hold it back); the limit stays on, high enough to measure its check on every
    // message without holding anything back
    env: { SWITCHYARD_DEVICE_RATE_LIMIT: '1000000', SWITCHYARD_DEVICE_RATE_BURST: '1000000' },
  });
  writeFileSync(join(automationsDir, 'bench.yaml'), AUTOMATION);
  await sy.post('/api/automations/reload', {});
  const client = await connect(ctx.broker.url);
  await announce(client);
  await client.endAsync();
  await until('the bench entities', async () => {
    const list = await sy.get<{ entities: { entity_id: string }[] }>('/api/entities?q=bench_');
    const ids = new Set(list.entities.map((e) => e.entity_id));
    return ids.has('sensor.bench_probe') && ids.has('switch.bench_fan') ? true : undefined;
  });
  return sy;
}

export const automationScenario: Scenario = {
  name: 'automation',
  description: `sensor → numeric_state automation → switch command, idle and with ${BACKGROUND_RATE.toLocaleString('en-US')} msg/s of other devices`,
  async run(ctx) {
    const triggers = ctx.quick ? 1_000 : 10_000;
    const sy = await startAutomationTarget(ctx, 'automation');
    const figures: Figure[] = [];
    try {
      const idle = await triggerLatency(ctx.broker.url, triggers);
      const idleS = summarize(idle);
      ctx.log(`idle: p50 ${idleS.p50.toFixed(3)} ms, p99 ${idleS.p99.toFixed(3)} ms`);

      const load = await startLoad(ctx.broker.url, BACKGROUND_DEVICES, BACKGROUND_RATE, 'bench-bg-');
      let busy: number[];
      let before = 0;
      let after = 0;
      try {
        await sleep(2_000); // Switchyard announces the background devices; let that settle
        before = await load.sent();
        const t = performance.now();
        busy = await triggerLatency(ctx.broker.url, triggers);
        after = await load.sent();
        ctx.log(`background: ${((after - before) / ((performance.now() - t) / 1000)).toFixed(0)} msg/s achieved`);
      } finally {
        await load.stop();
      }
      const busyS = summarize(busy);
      ctx.log(`with background: p50 ${busyS.p50.toFixed(3)} ms, p99 ${busyS.p99.toFixed(3)} ms`);

      const burst = await burstThroughput(ctx.broker.url, ctx.quick ? 5_000 : 25_000);
      ctx.log(`burst: ${burst.rate.toFixed(0)} actions/s (${burst.received} received)`);

      const { floor } = ctx;
      figures.push(
        figure({
          name: 'trigger→action p50, idle',
          value: idleS.p50,
          unit: 'ms',
          floor: floor.processRttP50,
          floorRef: 'round trip p50, B in its own process',
          target: {
            op: '<=',
            value: 2 * floor.processRttP50,
            text: 'p50 ≤ 2 × floor round trip p50 (B in its own process)',
          },
        }),
        figure({
          name: 'trigger→action p50, idle (against the in-process responder)',
          value: idleS.p50,
          unit: 'ms',
          floor: floor.rttP50,
          floorRef: 'round trip p50, B in the measuring process',
          note: 'the stricter reading of the floor; wake-ups of a second process are not in it',
        }),
        figure({
          name: 'trigger→action p99, idle',
          value: idleS.p99,
          unit: 'ms',
          floor: floor.processRttP99,
          floorRef: 'round trip p99, B in its own process',
        }),
        figure({
          name: `trigger→action p50, ${BACKGROUND_RATE} msg/s background`,
          value: busyS.p50,
          unit: 'ms',
          floor: floor.processRttP50,
          floorRef: 'round trip p50, B in its own process',
        }),
        figure({
          name: `trigger→action p99, ${BACKGROUND_RATE} msg/s background`,
          value: busyS.p99,
          unit: 'ms',
          floor: floor.processRttP99,
          floorRef: 'round trip p99, B in its own process',
          target: { op: '<=', value: 3, text: 'p99 ≤ 3 ms with 5,000 msg/s background' },
        }),
        figure({
          name: 'burst: actions/s',
          value: burst.rate,
          unit: 'actions/s',
          floor: floor.throughput,
          floorRef: 'floor throughput',
        }),
      );
      return {
        scenario: 'automation',
        figures,
        distributions: [
          { label: 'Switchyard trigger→action, idle', samples: idle },
          { label: `Switchyard trigger→action, ${BACKGROUND_RATE} msg/s background`, samples: busy },
        ],
        details: {
          triggers,
          background_devices: BACKGROUND_DEVICES,
          background_sent: after - before,
          burst_received: burst.received,
          rss_after_mb: sy.rss() / 1048576,
        },
      };
    } finally {
      await sy.stop();
    }
  },
};

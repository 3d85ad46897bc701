// The soak (issue 21, `npm run soak`, not part of `npm test`): Switchyard started as `npm start` runs it, against the
// bench broker (Mosquitto when installed), fed 2,000 state messages a second by Zigbee2MQTT-shaped devices for an
// hour while devices leave (their discovery configs cleared) and new ones join, with an automation running on every
// change of one sensor. Every 10 s it reads /api/system/status: RSS, event-loop delay (p99 of the current minute),
// active handles and event-bus listeners. After a warm-up it compares the first and the last quarter of the run:
// RSS and event-loop delay must not grow by more than 10 % (the delay by 10 % or 1 ms, as sub-millisecond figures
// are noise), handles and listeners must not grow. Writes bench/results/soak.json.
//
//   npm run soak -- [--minutes 60] [--rate 2000] [--devices 200]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { background, connect } from './lib/mqtt.js';
import { ROOT, startBroker, startSwitchyard } from './lib/processes.js';
import { sleep } from './lib/stats.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '60' },
    rate: { type: 'string', default: '2000' },
    devices: { type: 'string', default: '200' },
  },
});
const minutes = Number(values.minutes);
const rate = Number(values.rate);
const deviceCount = Number(values.devices);
const SAMPLE_MS = 10_000;
const CHURN_MS = 30_000;
const CHURN = Math.max(1, Math.round(deviceCount / 40));

const log = (line: string) => process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);

interface Sample {
  readonly at_s: number;
  readonly rss_mb: number;
  readonly heap_used_mb: number;
  readonly event_loop_delay_p99_ms: number;
  readonly active_resources: number;
  readonly bus_listeners: number;
  readonly received_per_s: number;
  readonly entities: number;
}

/** The three discovery configs of one Zigbee2MQTT-shaped device (a plug: temperature, power, switch). */
function configs(n: number): [string, string][] {
  const id = `soak_${n}`;
  const device = { identifiers: [`zigbee2mqtt_${id}`], name: `Soak ${n}` };
  const base = { state_topic: `zigbee2mqtt/${id}`, device, availability_topic: 'zigbee2mqtt/bridge/state' };
  return [
    [
      `homeassistant/sensor/${id}/temperature/config`,
      JSON.stringify({
        ...base,
        name: 'Temperature',
        unique_id: `${id}_temperature`,
        device_class: 'temperature',
        unit_of_measurement: '°C',
        value_template: '{{ value_json.temperature }}',
      }),
    ],
    [
      `homeassistant/sensor/${id}/power/config`,
      JSON.stringify({
        ...base,
        name: 'Power',
        unique_id: `${id}_power`,
        device_class: 'power',
        unit_of_measurement: 'W',
        value_template: '{{ value_json.power }}',
      }),
    ],
    [
      `homeassistant/switch/${id}/switch/config`,
      JSON.stringify({
        ...base,
        name: null,
        unique_id: `${id}_switch`,
        command_topic: `zigbee2mqtt/${id}/set`,
        value_template: '{{ value_json.state }}',
      }),
    ],
  ];
}

const AUTOMATION = `- id: soak_probe
  alias: Soak probe
  triggers:
    - trigger: state
      entity_id: sensor.soak_0_temperature
  actions:
    - action: switch.turn_on
      target:
        entity_id: switch.soak_1
`;

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'switchyard-soak-'));
  const broker = await startBroker(join(work, 'broker'));
  const automationsDir = join(work, 'automations');
  mkdirSync(automationsDir, { recursive: true });
  writeFileSync(join(automationsDir, 'soak.yaml'), AUTOMATION);
  const sy = await startSwitchyard({ brokerUrl: broker.url, dataDir: join(work, 'data'), automationsDir });
  log(`broker: ${broker.kind}; Switchyard healthy in ${sy.startMs.toFixed(0)} ms; ${minutes} min at ${rate} msg/s`);
  const client = await connect(broker.url);
  await client.publishAsync('zigbee2mqtt/bridge/state', 'online', { qos: 1, retain: true });

  let next = 0;
  const live: number[] = [];
  const join_ = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const n = next++;
      for (const [topic, payload] of configs(n)) await client.publishAsync(topic, payload, { qos: 1, retain: true });
      live.push(n);
    }
  };
  const leave = async (count: number) => {
    // device 0 and 1 carry the automation: they stay
    for (const n of live.splice(2, count))
      for (const [topic] of configs(n)) await client.publishAsync(topic, '', { qos: 1, retain: true });
  };
  await join_(deviceCount);

  const load = background(rate, (i) => {
    const n = live[i % live.length] as number;
    const payload = `{"temperature":${(20 + (i % 50) / 10).toFixed(1)},"power":${i % 300},"state":"${i % 7 === 0 ? 'OFF' : 'ON'}"}`;
    client.publish(`zigbee2mqtt/soak_${n}`, payload);
  });
  const churn = setInterval(() => {
    void leave(CHURN).then(() => join_(CHURN));
  }, CHURN_MS);

  const samples: Sample[] = [];
  const t0 = performance.now();
  const end = t0 + minutes * 60_000;
  while (performance.now() < end) {
    await sleep(SAMPLE_MS);
    const status = await sy.get<{
      process: Omit<Sample, 'at_s' | 'received_per_s' | 'entities'>;
      messages: { received_per_s: number };
      entities?: { total?: number };
    }>('/api/system/status');
    const s: Sample = {
      at_s: Math.round((performance.now() - t0) / 1000),
      rss_mb: status.process.rss_mb,
      heap_used_mb: status.process.heap_used_mb,
      event_loop_delay_p99_ms: status.process.event_loop_delay_p99_ms,
      active_resources: status.process.active_resources,
      bus_listeners: status.process.bus_listeners,
      received_per_s: status.messages.received_per_s,
      entities: status.entities?.total ?? 0,
    };
    samples.push(s);
    log(
      `${s.at_s} s: rss ${s.rss_mb} MB, heap ${s.heap_used_mb} MB, loop p99 ${s.event_loop_delay_p99_ms} ms, handles ${s.active_resources}, listeners ${s.bus_listeners}, ${s.received_per_s} msg/s in, ${s.entities} entities`,
    );
  }
  clearInterval(churn);
  load.stop();
  await client.endAsync();
  await sy.stop();
  await broker.stop();
  rmSync(work, { recursive: true, force: true });

  // warm-up: the first 10 % (at least 2 min) fills caches and the history database's pages
  const warm = samples.filter((s) => s.at_s >= Math.max(120, minutes * 6));
  const q = Math.max(1, Math.floor(warm.length / 4));
  const first = warm.slice(0, q);
  const last = warm.slice(-q);
  const figure = (key: keyof Sample) => ({
    first: mean(first.map((s) => s[key])),
    last: mean(last.map((s) => s[key])),
  });
  const rss = figure('rss_mb');
  const loop = figure('event_loop_delay_p99_ms');
  const handles = {
    first: Math.max(...first.map((s) => s.active_resources)),
    last: Math.max(...last.map((s) => s.active_resources)),
  };
  const listeners = {
    first: Math.max(...first.map((s) => s.bus_listeners)),
    last: Math.max(...last.map((s) => s.bus_listeners)),
  };
  // growth is what a leak looks like; a figure that falls is flat enough
  const checks = {
    rss_flat: rss.last <= rss.first * 1.1,
    loop_flat: loop.last <= Math.max(loop.first * 1.1, loop.first + 1),
    handles_flat: handles.last <= handles.first,
    listeners_flat: listeners.last <= listeners.first,
  };
  const result = {
    minutes,
    rate,
    devices: deviceCount,
    churn_per_30s: CHURN,
    rss,
    loop,
    handles,
    listeners,
    checks,
    samples,
  };
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'results', 'soak.json'), `${JSON.stringify(result, null, 2)}\n`);
  const pct = (f: { first: number; last: number }) => `${(((f.last - f.first) / f.first) * 100).toFixed(1)} %`;
  log(`RSS ${rss.first.toFixed(1)} → ${rss.last.toFixed(1)} MB (${pct(rss)}): ${checks.rss_flat ? 'flat' : 'GREW'}`);
  log(
    `loop p99 ${loop.first.toFixed(2)} → ${loop.last.toFixed(2)} ms (${pct(loop)}): ${checks.loop_flat ? 'flat' : 'GREW'}`,
  );
  log(`handles ${handles.first} → ${handles.last}: ${checks.handles_flat ? 'flat' : 'GREW'}`);
  log(`listeners ${listeners.first} → ${listeners.last}: ${checks.listeners_flat ? 'flat' : 'GREW'}`);
  log('wrote bench/results/soak.json');
  if (!Object.values(checks).every(Boolean)) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});

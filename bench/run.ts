// `npm run bench`: Switchyard's ingest and command path against a baseline measured in the same run
// (the same embedded broker with a bare mqtt.js subscriber). Figures are ratios; the machine is shared.
import mqtt, { type MqttClient } from 'mqtt';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app.js';
import { parseSettings } from '../src/config/settings.js';
import { silentLogger } from '../src/core/logger.js';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20_000);
const SENSORS = 100;
const COMMANDS = Number(process.env.BENCH_COMMANDS ?? 300);

const connect = (port: number): Promise<MqttClient> => mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 0 });
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;

async function baselineIngest(port: number): Promise<number> {
  const sub = await connect(port);
  const pub = await connect(port);
  let seen = 0;
  const done = new Promise<void>((resolve) => sub.on('message', () => ++seen === MESSAGES && resolve()));
  await sub.subscribeAsync('bench/base/#');
  const t0 = performance.now();
  for (let i = 0; i < MESSAGES; i++) pub.publish(`bench/base/${i % SENSORS}`, String(i));
  await done;
  const rate = MESSAGES / ((performance.now() - t0) / 1000);
  await Promise.all([sub.endAsync(), pub.endAsync()]);
  return rate;
}

async function switchyardIngest(app: ReturnType<typeof createApp>, port: number): Promise<number> {
  const pub = await connect(port);
  for (let s = 0; s < SENSORS; s++) {
    await pub.publishAsync(`homeassistant/sensor/bench${s}/config`, JSON.stringify({ name: `Bench ${s}`, unique_id: `bench${s}`, state_topic: `bench/sy/${s}`, value_template: '{{ value_json.v }}', unit_of_measurement: 'W' }), { qos: 1 });
  }
  while (app.registry.entities().length < SENSORS) await new Promise((r) => setTimeout(r, 20));
  let seen = 0;
  const done = new Promise<void>((resolve) => app.bus.on('state_changed', () => {
    if (++seen === MESSAGES) resolve();
  }));
  const t0 = performance.now();
  for (let i = 0; i < MESSAGES; i++) pub.publish(`bench/sy/${i % SENSORS}`, `{"v": ${i}}`);
  await done;
  const rate = MESSAGES / ((performance.now() - t0) / 1000);
  await pub.endAsync();
  return rate;
}

async function roundTrips(port: number, send: (i: number) => Promise<void>, topic: string): Promise<number[]> {
  const device = await connect(port);
  await device.subscribeAsync(topic);
  const times: number[] = [];
  for (let i = 0; i < COMMANDS; i++) {
    const got = new Promise<void>((resolve) => device.once('message', () => resolve()));
    const t0 = performance.now();
    await send(i);
    await got;
    times.push(performance.now() - t0);
  }
  await device.endAsync();
  return times;
}

/** Two-hop floor (a client that answers every message) against the same two hops through a rule. */
async function automationLatency(app: ReturnType<typeof createApp>, port: number): Promise<{ echo: number[]; rule: number[] }> {
  const responder = await connect(port);
  await responder.subscribeAsync('bench/echo/in');
  responder.on('message', (topic, payload) => topic === 'bench/echo/in' && responder.publish('bench/echo/out', payload));
  const sensor = await connect(port);
  const echo = await roundTrips(port, (i) => sensor.publishAsync('bench/echo/in', String(i)).then(() => undefined), 'bench/echo/out');
  await responder.endAsync();

  await sensor.publishAsync('homeassistant/sensor/bench_probe/config', JSON.stringify({ name: 'Bench Probe', unique_id: 'bench_probe', state_topic: 'bench/probe' }), { qos: 1 });
  await sensor.publishAsync('homeassistant/switch/bench_fan/config', JSON.stringify({ name: 'Bench Fan', unique_id: 'bench_fan', command_topic: 'bench/fan/set' }), { qos: 1 });
  while (!app.registry.entity('sensor.bench_probe') || !app.registry.entity('switch.bench_fan')) await new Promise((r) => setTimeout(r, 20));
  const rule = await roundTrips(port, async (i) => {
    await sensor.publishAsync('bench/probe', '20'); // below: re-arms the crossing
    await new Promise((r) => setImmediate(r));
    await sensor.publishAsync('bench/probe', String(30 + (i % 5)));
  }, 'bench/fan/set');
  await sensor.endAsync();
  return { echo, rule };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-bench-'));
  const port = await freePort();
  const automationsDir = join(dir, 'automations');
  mkdirSync(automationsDir);
  writeFileSync(
    join(automationsDir, 'bench.yaml'),
    'id: bench_rule\ntriggers:\n  - trigger: numeric_state\n    entity_id: sensor.bench_probe\n    above: 25\nactions:\n  - action: switch.turn_on\n    target:\n      entity_id: switch.bench_fan\nmode: parallel\nmax: 100\n',
  );
  const app = createApp(parseSettings({ data_dir: dir, automations_dir: automationsDir, http_host: '127.0.0.1', http_port: await freePort(), broker_port: port }), { version: 'bench', log: silentLogger });
  await app.start();
  try {
    const base = await baselineIngest(port);
    const ingest = await switchyardIngest(app, port);
    console.log(`ingest, ${MESSAGES} QoS 0 state messages over ${SENSORS} sensors:`);
    console.log(`  bare broker → subscriber       ${base.toFixed(0)} msg/s (baseline)`);
    console.log(`  through Switchyard (template, state, history)  ${ingest.toFixed(0)} msg/s = ${(ingest / base).toFixed(2)} × baseline`);

    await app.mqtt.publish('homeassistant/switch/bench_relay/config', JSON.stringify({ name: 'Bench Relay', unique_id: 'bench_relay', command_topic: 'bench/relay/set' }), { qos: 1 });
    while (!app.registry.entity('switch.bench_relay')) await new Promise((r) => setTimeout(r, 20));
    const pub = await connect(port);
    const raw = await roundTrips(port, (i) => pub.publishAsync('bench/raw', String(i)).then(() => undefined), 'bench/raw');
    const api = await roundTrips(port, async (i) => {
      const res = await app.http.app.inject({ method: 'POST', url: `/api/actions/switch/${i % 2 ? 'turn_off' : 'turn_on'}`, payload: { entity_id: 'switch.bench_relay' } });
      if (res.statusCode !== 200) throw new Error(res.body);
    }, 'bench/relay/set');
    await pub.endAsync();
    console.log(`command path, ${COMMANDS} sequential commands (ms, p50 / p99):`);
    console.log(`  raw publish → device            ${percentile(raw, 0.5).toFixed(2)} / ${percentile(raw, 0.99).toFixed(2)} (baseline)`);
    console.log(`  POST /api/actions → device      ${percentile(api, 0.5).toFixed(2)} / ${percentile(api, 0.99).toFixed(2)} = ${(percentile(api, 0.5) / percentile(raw, 0.5)).toFixed(2)} × baseline p50`);
    const rule = await automationLatency(app, port);
    console.log(`automation trigger → action, ${COMMANDS} crossings of a numeric_state rule (ms, p50 / p99):`);
    console.log(`  echo client A → B → A (two hops, no logic)  ${percentile(rule.echo, 0.5).toFixed(2)} / ${percentile(rule.echo, 0.99).toFixed(2)} (baseline)`);
    console.log(`  sensor → Switchyard rule → switch command   ${percentile(rule.rule, 0.5).toFixed(2)} / ${percentile(rule.rule, 0.99).toFixed(2)} = ${(percentile(rule.rule, 0.5) / percentile(rule.echo, 0.5)).toFixed(2)} × baseline p50`);
    console.log(`history rows written: ${app.persistence.recorder.written + app.persistence.recorder.pending}`);
  } finally {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();

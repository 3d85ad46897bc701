// The automation engine on real parts: the whole app (embedded broker, MQTT connection, SQLite,
// discovery, command router) with entities announced through real discovery configs, a real mqtt.js
// client playing the devices, traces in a real SQLite database, automations in a temp folder.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { vi } from 'vitest';
import { createFolderAutomationEngine, type FolderEngineDeps } from '../../../src/adapters/automations/file-source.js';
import type { AutomationEngine } from '../../../src/automations/engine.js';
import { createAlertStore } from '../../../src/adapters/storage/alert-store.js';
import { openDatabase, type Database } from '../../../src/adapters/storage/database.js';
import { automationTraces } from '../../../src/adapters/storage/migrations/0003-automation-traces.js';
import { migrations } from '../../../src/adapters/storage/migrations/index.js';
import { createTraceStore } from '../../../src/adapters/storage/trace-store.js';
import type { AlertStore } from '../../../src/core/alerts.js';
import type { AutomationTrace, TraceStore } from '../../../src/core/automation-ports.js';
import { systemClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { settleThrough } from '../../helpers/markers.js';
import { collect } from '../../helpers/mqtt-client.js';
import { eventually } from '../../helpers/net.js';

/** The entities every harness announces: [discovery topic, config]. */
const DEVICES: [string, Record<string, unknown>][] = [
  [
    'homeassistant/sensor/temp/config',
    { name: 'Temperature', unique_id: 'temp', state_topic: 'st/temperature', unit_of_measurement: '°C' },
  ],
  [
    'homeassistant/sensor/humidity/config',
    { name: 'Humidity', unique_id: 'hum', state_topic: 'st/humidity', unit_of_measurement: '%' },
  ],
  ['homeassistant/binary_sensor/door/config', { name: 'Door', unique_id: 'door', state_topic: 'st/door' }],
  [
    'homeassistant/switch/fan/config',
    { name: 'Fan', unique_id: 'fan', command_topic: 'cmd/fan', state_topic: 'st/fan' },
  ],
  // no state topic: optimistic, its state follows the commands at once (with the command's context)
  ['homeassistant/switch/pump/config', { name: 'Pump', unique_id: 'pump', command_topic: 'cmd/pump' }],
  ['homeassistant/switch/valve/config', { name: 'Valve', unique_id: 'valve', command_topic: 'cmd/valve' }],
  [
    'homeassistant/light/lamp/config',
    { name: 'Lamp', unique_id: 'lamp', command_topic: 'cmd/lamp', brightness_command_topic: 'cmd/lamp/brightness' },
  ],
];

export const ENTITIES = [
  'sensor.temperature',
  'sensor.humidity',
  'binary_sensor.door',
  'switch.fan',
  'switch.pump',
  'switch.valve',
  'light.lamp',
];

export interface Harness {
  readonly t: TestApp;
  readonly engine: AutomationEngine;
  readonly dir: string;
  readonly traces: TraceStore;
  readonly alerts: AlertStore;
  /** every message published on cmd/# and out/# (commands and mqtt.publish actions) */
  readonly seen: { topic: string; payload: string; retain: boolean }[];
  /** publishes as a device (QoS 1, so it has reached the broker when this resolves) */
  send(topic: string, payload: string): Promise<void>;
  /** publishes a state and waits until the entity has it */
  setState(entityId: string, topic: string, payload: string, expected?: string): Promise<void>;
  write(name: string, text: string): void;
  /**
   * Waits, by markers (test/helpers/markers.ts), until what the device client sent has reached the app's
   * triggers, the runs it started have ended (not with `runs: false`: runs that wait), what they published
   * has come back to the app's own triggers (and those runs have ended), and all of it has reached `seen`.
   */
  flush(options?: { runs?: boolean }): Promise<void>;
  /** messages seen on `topic` */
  on(topic: string): string[];
  /** the newest traces of an automation, full */
  fullTraces(id: string): AutomationTrace[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  watch?: boolean;
  engine?: Partial<FolderEngineDeps>;
}

/** Polls without timers (works while timers are faked): yields to I/O between checks. */
export async function until<T>(check: () => T, timeoutMs = 5_000): Promise<T> {
  const end = performance.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (performance.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setImmediate(r));
  }
}

/** Fakes only what time-based behaviour uses; sockets and setImmediate stay real. */
export function fakeTime(now?: Date): void {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    ...(now ? { now } : {}),
  });
}

export async function startHarness(
  files: Readonly<Record<string, string>>,
  options: HarnessOptions = {},
): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-engine-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true }); // names may have folders: blueprints/automation/…
    writeFileSync(join(dir, name), text);
  }
  const t = await startTestApp();
  // collect() records every message this client receives, so it also gets out/# once subscribed
  const seen = await collect(t.client, 'cmd/#');
  await t.client.subscribeAsync('out/#', { qos: 1 });
  const tracesDb: Database = await openDatabase(':memory:', {
    ...migrations,
    '0003-automation-traces': automationTraces,
  });
  const traces = createTraceStore(tracesDb.sqlite, { keep: 20 });
  const alerts = createAlertStore(t.app.database.sqlite, systemClock, t.app.bus);
  for (const [topic, config] of DEVICES) await t.client.publishAsync(topic, JSON.stringify(config), { qos: 1 });
  await eventually(() => ENTITIES.every((id) => t.app.registry.entity(id) !== undefined));
  const engine = createFolderAutomationEngine({
    dir,
    bus: t.app.bus,
    states: t.app.states,
    registry: t.app.registry,
    commands: t.app.commands,
    messages: t.app.mqtt,
    alerts,
    traces,
    clock: systemClock,
    log: silentLogger,
    watch: options.watch ?? false,
    ...options.engine,
  });
  await engine.start();
  const all = () => seen;
  return {
    t,
    engine,
    dir,
    traces,
    alerts,
    get seen() {
      return all();
    },
    send: async (topic, payload) => {
      await t.client.publishAsync(topic, payload, { qos: 1 });
    },
    async setState(entityId, topic, payload, expected = payload) {
      await t.client.publishAsync(topic, payload, { qos: 1 });
      await until(() => t.app.states.get(entityId)?.state === expected);
    },
    write: (name, text) => writeFileSync(join(dir, name), text),
    async flush({ runs = true } = {}) {
      await settleThrough(t.client, t.app.mqtt, runs ? () => engine.whenIdle() : undefined);
    },
    on: (topic) =>
      all()
        .filter((m) => m.topic === topic)
        .map((m) => m.payload),
    fullTraces: (id) =>
      traces
        .list(id)
        .map((s) => traces.get(id, s.run_id))
        .filter((x): x is AutomationTrace => x !== undefined),
    async close() {
      vi.useRealTimers();
      await engine.stop();
      await t.close();
      await tracesDb.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

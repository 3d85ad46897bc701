// Every MCP tool through the SDK's real client (in-memory transport) against the real app: a real broker,
// SQLite, discovery entities, automations and a simulated ESP32 device.
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedDevice } from '../../../sim/simulated-device.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { collect } from '../../helpers/mqtt-client.js';
import { eventually } from '../../helpers/net.js';
import { connectInMemory, depsFrom, populate } from './helpers.js';

let t: TestApp;
let device: SimulatedDevice;
let client: Client;
let closeClient: () => Promise<void>;

beforeAll(async () => {
  t = await startTestApp();
  device = await populate(t);
  ({ client, close: closeClient } = await connectInMemory(depsFrom(t)));
}, 30_000);

afterAll(async () => {
  await closeClient?.();
  await device?.stop().catch(() => undefined);
  await t?.close();
});

interface Result {
  isError?: boolean;
  structuredContent?: any;
  content: { type: string; text?: string }[];
}

async function call(name: string, args: Record<string, unknown> = {}): Promise<Result> {
  return (await client.callTool({ name, arguments: args })) as Result;
}
async function ok(name: string, args: Record<string, unknown> = {}): Promise<any> {
  const r = await call(name, args);
  if (r.isError) throw new Error(`${name} failed: ${r.content[0]?.text}`);
  expect(JSON.parse(r.content[0]?.text ?? 'null')).toEqual(r.structuredContent);
  return r.structuredContent;
}
async function fails(name: string, args: Record<string, unknown> = {}): Promise<string> {
  const r = await call(name, args);
  expect(r.isError).toBe(true);
  return r.content.map((c) => c.text ?? '').join('\n');
}

const EXPECTED_TOOLS = [
  'search_entities',
  'get_entity',
  'list_devices',
  'get_device',
  'list_areas',
  'get_history',
  'control_entities',
  'get_alerts',
  'acknowledge_alert',
  'get_system_status',
  'list_automations',
  'get_automation',
  'trigger_automation',
  'process_command',
  'set_automation_enabled',
  'get_automation_traces',
  'mqtt_list_topics',
  'mqtt_publish',
  'mqtt_subscribe_collect',
  'mqtt_get_capture',
  'mqtt_connections',
];

describe('mcp tools over the in-memory transport', () => {
  it('lists every tool in a fixed order, each with a title, description, annotations, an output schema and described arguments', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(EXPECTED_TOOLS);
    for (const tool of tools) {
      expect(tool.title, tool.name).toBeTruthy();
      expect(tool.description?.length, tool.name).toBeGreaterThan(60);
      expect(tool.outputSchema, tool.name).toBeDefined();
      expect(tool.annotations, tool.name).toMatchObject({
        readOnlyHint: expect.any(Boolean),
        destructiveHint: expect.any(Boolean),
        idempotentHint: expect.any(Boolean),
        openWorldHint: expect.any(Boolean),
      });
      for (const [arg, schema] of Object.entries(
        (tool.inputSchema.properties ?? {}) as Record<string, { description?: string }>,
      )) {
        expect(schema.description, `${tool.name}.${arg}`).toBeTruthy();
      }
    }
    const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
    expect(byName.get_entity?.annotations?.readOnlyHint).toBe(true);
    expect(byName.mqtt_publish?.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
      openWorldHint: true,
    });
  });

  it('search_entities: fuzzy words, filters and pagination', async () => {
    const typo = await ok('search_entities', { query: 'kichen temprature' });
    expect(typo.items[0]).toMatchObject({
      entity_id: 'sensor.kitchen_temperature',
      state: '22.5',
      unit: '°C',
      area: 'Kitchen',
      available: true,
    });
    const lights = await ok('search_entities', { domain: 'light' });
    expect(lights.items.map((i: any) => i.entity_id)).toEqual(
      expect.arrayContaining(['light.bedroom_lamp', 'light.kitchen_ceiling']),
    );
    const kitchenLights = await ok('search_entities', { area: 'kitchen', domain: 'light' });
    expect(kitchenLights.items.map((i: any) => i.entity_id)).toContain('light.kitchen_ceiling');
    expect(kitchenLights.items.map((i: any) => i.entity_id)).not.toContain('light.bedroom_lamp');
    const first = await ok('search_entities', { domain: 'light', limit: 1 });
    expect(first.items).toHaveLength(1);
    expect(first.total).toBeGreaterThan(1);
    const second = await ok('search_entities', { domain: 'light', limit: 1, cursor: first.next_cursor });
    expect(second.items[0].entity_id).not.toBe(first.items[0].entity_id);
    expect(await fails('search_entities', { cursor: 'garbage' })).toMatch(/Invalid cursor/);
    expect(await fails('search_entities', { limit: 5000 })).toMatch(/limit/);
  });

  it('get_entity: state, attributes and allowed actions with ranges; unknown ids come back with the closest ids', async () => {
    const res = await ok('get_entity', {
      entity_ids: ['number.simulated_esp32_kitchen_target_temperature', 'light.kichen_ceiling'],
    });
    const number = res.entities[0];
    expect(number.actions.set_value.params.value).toMatchObject({ type: 'number', min: 5, max: 30 });
    expect(res.not_found).toEqual([
      { entity_id: 'light.kichen_ceiling', suggestions: expect.arrayContaining(['light.kitchen_ceiling']) },
    ]);
    const unknown = await fails('get_entity', { entity_ids: ['light.kichen_ceiling'] });
    expect(unknown).toMatch(/Unknown entity "light.kichen_ceiling"\. Closest: light\.kitchen_ceiling/);
    expect(unknown).toMatch(/search_entities/);
    const full = await ok('get_entity', { entity_ids: ['switch.attic_fan'], detail: 'full' });
    expect(full.entities[0]).toMatchObject({
      discovery_topic: 'homeassistant/switch/af/config',
      source: expect.any(String),
      actions: { turn_on: expect.any(Object) },
    });
    expect(await fails('get_entity', { entity_ids: [] })).toMatch(/entity_ids/);
  });

  it('list_devices, get_device and list_areas', async () => {
    const devices = await ok('list_devices', { query: 'simulated' });
    const esp = devices.items.find((d: any) => d.source === 'esp32');
    expect(esp).toMatchObject({ device_id: 'switchyard_kitchen', online: true });
    expect(esp.entity_count).toBeGreaterThan(3);
    const detail = await ok('get_device', { device_id: 'switchyard_kitchen' });
    expect(detail.live).toMatchObject({ online: true });
    expect(detail.entities.map((e: any) => e.entity_id)).toContain('switch.simulated_esp32_kitchen_relay');
    expect(await fails('get_device', { device_id: 'switchyard_kitchn' })).toMatch(
      /Unknown device "switchyard_kitchn"\. Closest: switchyard_kitchen/,
    );
    const areas = await ok('list_areas');
    const kitchen = areas.areas.find((a: any) => a.area === 'Kitchen');
    expect(kitchen.domains).toEqual(expect.arrayContaining(['light', 'sensor']));
    expect(kitchen.entity_count).toBeGreaterThanOrEqual(2);
  });

  it('get_history: raw changes and bucketed min/mean/max, bounded', async () => {
    await eventually(
      async () =>
        (
          await t.app.persistence.history.history(
            'sensor.kitchen_temperature',
            new Date(Date.now() - 60_000),
            new Date(),
          )
        ).length >= 3,
    );
    const raw = await ok('get_history', { entity_ids: ['sensor.kitchen_temperature'], minutes: 10, mode: 'raw' });
    const series = raw.series[0];
    expect(series).toMatchObject({
      entity_id: 'sensor.kitchen_temperature',
      mode: 'raw',
      unit: '°C',
      truncated: false,
    });
    expect(series.points.map((p: any) => p.value)).toEqual(expect.arrayContaining([20.5, 21, 22.5]));
    expect(series.summary).toMatchObject({ min: 20.5, max: 22.5, last: '22.5' });
    const capped = await ok('get_history', {
      entity_ids: ['sensor.kitchen_temperature'],
      minutes: 10,
      mode: 'raw',
      max_points: 2,
    });
    expect(capped.series[0]).toMatchObject({ truncated: true });
    expect(capped.series[0].points).toHaveLength(2);
    const agg = await ok('get_history', {
      entity_ids: ['sensor.kitchen_temperature'],
      minutes: 10,
      mode: 'aggregate',
      max_points: 5,
    });
    expect(agg.series[0].mode).toBe('aggregate');
    expect(agg.series[0].points.length).toBeLessThanOrEqual(6);
    const all = agg.series[0].points;
    expect(Math.min(...all.map((b: any) => b.min))).toBe(20.5);
    expect(Math.max(...all.map((b: any) => b.max))).toBe(22.5);
    expect(await fails('get_history', { entity_ids: ['sensor.kitchen_temprature'] })).toMatch(
      /Closest: sensor\.kitchen_temperature/,
    );
    expect(
      await fails('get_history', {
        entity_ids: ['sensor.kitchen_temperature'],
        minutes: 5,
        start: '2026-01-01T00:00:00Z',
      }),
    ).toMatch(/minutes or start/);
    expect(await fails('get_history', { entity_ids: ['sensor.kitchen_temperature'], start: 'yesterday' })).toMatch(
      /start/,
    );
  });

  it('control_entities: switches the ESP32 relay and sees the confirmed state', async () => {
    const res = await ok('control_entities', {
      target: { entity_ids: ['switch.simulated_esp32_kitchen_relay'] },
      action: 'turn_on',
      wait_seconds: 5,
    });
    expect(res.results[0]).toMatchObject({
      entity_id: 'switch.simulated_esp32_kitchen_relay',
      state_before: 'off',
      state_after: 'on',
      confirmed: true,
    });
    expect(res.results[0].published.length).toBeGreaterThan(0);
    expect(device.commandsReceived.at(-1)).toMatchObject({ actuatorId: 'relay', outcome: 'ok' });
    const entity = await ok('get_entity', { entity_ids: ['switch.simulated_esp32_kitchen_relay'] });
    expect(entity.entities[0].state).toBe('on');
  });

  it('control_entities: area + domain targets, dry runs, and errors that name allowed values', async () => {
    const commands = await collect(t.client, 'lights/+/set');
    const dry = await ok('control_entities', {
      target: { area: 'kitchen', domain: 'light' },
      action: 'turn_on',
      dry_run: true,
    });
    // the ESP32 device is in the kitchen too
    expect(dry).toMatchObject({
      dry_run: true,
      targets: ['light.kitchen_ceiling', 'light.simulated_esp32_kitchen_lamp'],
      results: [],
    });
    const done = await ok('control_entities', {
      target: { area: 'Kitchen', domain: 'light' },
      action: 'turn_on',
      wait_seconds: 3,
    });
    expect(done.targets).toEqual(['light.kitchen_ceiling', 'light.simulated_esp32_kitchen_lamp']);
    expect(done.results.map((r: any) => [r.entity_id, r.state_after, r.confirmed])).toEqual([
      ['light.kitchen_ceiling', 'on', true],
      ['light.simulated_esp32_kitchen_lamp', 'on', true],
    ]);
    await eventually(() => commands.some((c) => c.topic === 'lights/kc/set'));
    expect(commands.some((c) => c.topic === 'lights/bl/set')).toBe(false);

    expect(
      await fails('control_entities', {
        target: { entity_ids: ['number.simulated_esp32_kitchen_target_temperature'] },
        action: 'set_value',
        data: { value: 31 },
      }),
    ).toMatch(/value must be number 5\.\.30.*got 31.*Nothing was sent/);
    expect(
      await fails('control_entities', {
        target: { entity_ids: ['select.simulated_esp32_kitchen_mode'] },
        action: 'select_option',
        data: { option: 'turbo' },
      }),
    ).toMatch(/eco, comfort, boost/);
    expect(
      await fails('control_entities', { target: { entity_ids: ['sensor.kitchen_temperature'] }, action: 'turn_on' }),
    ).toMatch(/sensor\.kitchen_temperature/);
    expect(
      await fails('control_entities', { target: { entity_ids: ['light.kitchen_cieling'] }, action: 'turn_on' }),
    ).toMatch(/Closest: light\.kitchen_ceiling/);
    expect(await fails('control_entities', { target: { area: 'kitchn' }, action: 'turn_on' })).toMatch(
      /Closest areas: Kitchen/,
    );
    expect(
      await fails('control_entities', {
        target: { area: 'kitchen', entity_ids: ['light.kitchen_ceiling'] },
        action: 'turn_on',
      }),
    ).toMatch(/exactly one of entity_ids, device_id or area/);
    expect(
      await fails('control_entities', {
        target: { entity_ids: ['switch.attic_fan'] },
        action: 'turn_on',
        data: { brightness: 3 },
      }),
    ).toMatch(/'brightness' is not a parameter/);
    expect(
      await fails('control_entities', { target: { entity_ids: ['switch.attic_fan'] }, action: 'Turn On' }),
    ).toMatch(/action/);
  });

  it('get_alerts and acknowledge_alert', async () => {
    const raised = t.app.persistence.alerts.raise({
      severity: 'error',
      type: 'device_error',
      message: 'sensor failed',
      device_id: 'switchyard_kitchen',
      entity_id: null,
    });
    const active = await ok('get_alerts', { severity: ['error'] });
    expect(active.alerts.map((a: any) => a.id)).toContain(raised.id);
    const acked = await ok('acknowledge_alert', { alert_ids: [raised.id] });
    expect(acked.acknowledged[0]).toMatchObject({ id: raised.id, acknowledged_at: expect.any(String) });
    expect((await ok('get_alerts')).alerts.map((a: any) => a.id)).not.toContain(raised.id);
    expect((await ok('get_alerts', { active_only: false })).alerts.map((a: any) => a.id)).toContain(raised.id);
    expect(await fails('acknowledge_alert', { alert_ids: [999_999] })).toMatch(/No alert with id 999999.*get_alerts/);
  });

  it('get_system_status', async () => {
    const status = await ok('get_system_status');
    expect(status).toMatchObject({
      status: 'ok',
      version: 'test',
      mqtt: { connected: true, broker: 'embedded' },
      database: { ok: true },
      automations: { total: 1, enabled: 1 },
    });
    expect(status.entities.total).toBeGreaterThan(5);
    expect(status.devices.by_source.esp32).toBe(1);
    expect(status.devices.online + status.devices.offline).toBe(status.devices.total);
    expect(status.devices.online).toBeGreaterThanOrEqual(1);
    // the messages the test setup published were counted, and their states written to history
    expect(status.messages.received_total).toBeGreaterThan(10);
    expect(status.messages.published_total).toBeGreaterThan(10);
    expect(status.history.rows_written + status.history.rows_pending).toBeGreaterThan(5);
    expect(status.process.rss_mb).toBeGreaterThan(10);
    expect(status.process.event_loop_delay_p99_ms).toBeGreaterThanOrEqual(0);
  });

  it('automations: list, get, trigger, traces, enable/disable; unknown ids get suggestions', async () => {
    const list = await ok('list_automations', { query: 'kitchen' });
    expect(list.items).toEqual([expect.objectContaining({ id: 'fan_when_hot', enabled: true })]);
    const one = await ok('get_automation', { id: 'fan_when_hot' });
    expect(one).toMatchObject({ id: 'fan_when_hot', alias: 'Fan on when the kitchen is hot', running: 0 });
    expect(JSON.stringify(one.config)).toMatch(/switch\.attic_fan/);
    expect(await fails('get_automation', { id: 'fan_when_hott' })).toMatch(
      /Unknown automation "fan_when_hott"\. Closest: fan_when_hot/,
    );

    const fan = await collect(t.client, 'attic/fan/set');
    const run = await ok('trigger_automation', { id: 'fan_when_hot', skip_condition: true });
    expect(run).toMatchObject({ id: 'fan_when_hot', run_id: expect.any(String) });
    await eventually(() => fan.length === 1);
    const traces = await eventually(async () => {
      const r = await ok('get_automation_traces', { id: 'fan_when_hot' });
      return r.runs.length > 0 && r.runs[0].finish ? r : undefined;
    });
    expect(traces.runs[0]).toMatchObject({ run_id: run.run_id, outcome: 'finished' });
    const trace = await ok('get_automation_traces', { id: 'fan_when_hot', run_id: run.run_id });
    expect(trace.trace).toMatchObject({ run_id: run.run_id, steps: expect.any(Array) });
    expect(await fails('get_automation_traces', { id: 'fan_when_hot', run_id: 'nope' })).toMatch(
      new RegExp(`Recent run ids: ${run.run_id}`),
    );

    const off = await ok('set_automation_enabled', { ids: ['fan_when_hot'], enabled: false });
    expect(off.results[0]).toMatchObject({ id: 'fan_when_hot', enabled: false });
    expect((await ok('list_automations', { enabled: false })).items).toHaveLength(1);
    const on = await ok('set_automation_enabled', { ids: ['fan_when_hot'], enabled: true });
    expect(on.results[0].enabled).toBe(true);
    expect(await fails('set_automation_enabled', { ids: ['nope'], enabled: true })).toMatch(
      /Unknown automation "nope"/,
    );
  });

  it('mqtt_publish: qos and retain, a 1 MiB payload works, a larger one and unsafe topics are refused', async () => {
    const got = await collect(t.client, 'lab/#');
    const small = await ok('mqtt_publish', { topic: 'lab/hello', payload: '{"x":1}', qos: 1, retain: false });
    expect(small).toEqual({ published: true, topic: 'lab/hello', bytes: 7, qos: 1, retain: false, connection: 'main' });
    const big = 'x'.repeat(1024 * 1024);
    expect(await ok('mqtt_publish', { topic: 'lab/big', payload: big, qos: 2 })).toMatchObject({
      bytes: 1048576,
      qos: 2,
    });
    await eventually(() => got.some((m) => m.topic === 'lab/big' && m.payload.length === 1048576), 10_000);
    expect(await fails('mqtt_publish', { topic: 'lab/big', payload: `${big}x` })).toMatch(
      /1048577 bytes; the limit is 1048576/,
    );
    expect(await fails('mqtt_publish', { topic: 'lab/+/x', payload: 'a' })).toMatch(/wildcard/);
    expect(await fails('mqtt_publish', { topic: 'homeassistant/switch/x/config', payload: '' })).toMatch(
      /discovery prefix.*allow_discovery: true/,
    );
    expect(
      await ok('mqtt_publish', { topic: 'homeassistant/switch/x/config', payload: '', allow_discovery: true }),
    ).toMatchObject({ published: true });
    expect(await fails('mqtt_publish', { topic: 'lab/q', payload: 'a', qos: 3 })).toMatch(/qos/);
    const bin = await ok('mqtt_publish', {
      topic: 'lab/bin',
      payload: Buffer.from([0, 255, 1]).toString('base64'),
      encoding: 'base64',
      retain: true,
    });
    expect(bin).toMatchObject({ bytes: 3, retain: true });
  });

  it('mqtt_subscribe_collect: collects live and retained messages, bounded by count', async () => {
    await t.client.publishAsync('probe/retained', 'kept', { qos: 1, retain: true });
    // the app's `#` subscription (topic index) sees the live copy; wait for it so only the retained copy is collected
    await eventually(() => t.app.topics.get('probe/retained'));
    const pending = ok('mqtt_subscribe_collect', { filters: ['probe/#'], duration_s: 5, max_messages: 3 });
    setTimeout(() => {
      void t.client.publishAsync('probe/a', 'one', { qos: 1 });
      void t.client.publishAsync('probe/b', Buffer.from([0xff, 0xfe]), { qos: 1 });
    }, 300);
    const res = await pending;
    expect(res).toMatchObject({ count: 3, ended_by: 'max_messages' });
    expect(res.messages).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ topic: 'probe/retained', payload: 'kept', retain: true }),
        expect.objectContaining({ topic: 'probe/a', payload: 'one', encoding: 'utf8' }),
        expect.objectContaining({
          topic: 'probe/b',
          encoding: 'base64',
          payload: Buffer.from([0xff, 0xfe]).toString('base64'),
        }),
      ]),
    );
    const quiet = await ok('mqtt_subscribe_collect', { filters: ['silent/+'], duration_s: 0.3 });
    expect(quiet).toMatchObject({ count: 0, ended_by: 'duration' });
    expect(await fails('mqtt_subscribe_collect', { filters: ['a/#/b'] })).toMatch(
      /'#' must be a whole level and the last one \(in "a\/#\/b"\)/,
    );
    expect(await fails('mqtt_subscribe_collect', { filters: ['a/#'], duration_s: 400 })).toMatch(/duration_s/);
  });

  it('get_system_status counts a device that loses power as offline (runs last: the device stays down)', async () => {
    const before = await ok('get_system_status');
    // the simulated ESP32 goes away: it is offline, named for get_device
    device.kill();
    const after = await eventually(async () => {
      const s = await ok('get_system_status');
      return s.devices.offline >= 1 && s.devices.offline_ids.some((id: string) => id.includes(device.deviceId))
        ? s
        : undefined;
    });
    expect(after.devices.online).toBe(before.devices.online - 1);
    expect(after.devices.offline).toBe(before.devices.offline + 1);
  });

  it('an unknown tool is a protocol error, not a tool result', async () => {
    await expect(client.callTool({ name: 'no_such_tool', arguments: {} })).rejects.toThrow(/no_such_tool/);
  });
});

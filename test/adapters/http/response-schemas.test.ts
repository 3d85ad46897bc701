// The response schemas in /api/openapi.json are true: real answers of the whole app (embedded broker, SQLite,
// a simulated ESP32 device, MQTT discovery, the automation engine) are checked against the zod schema each
// route declared, the very object the document is generated from. A field the schema does not declare fails
// too (zod drops it, so the parsed answer differs), and every documented JSON answer must be exercised.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createSimulatedDevice, type SimulatedDevice } from '../../../sim/simulated-device.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { eventually } from '../../helpers/net.js';

let t: TestApp;
let device: SimulatedDevice;
const checked = new Set<string>();

beforeAll(async () => {
  t = await startTestApp();
  device = createSimulatedDevice({
    url: `mqtt://127.0.0.1:${t.brokerPort}`,
    deviceId: 'kitchen',
    intervalMs: 100,
    statusIntervalMs: 100,
  });
  await device.start();
  await t.client.publishAsync(
    'homeassistant/switch/af/config',
    JSON.stringify({
      unique_id: 'af',
      name: 'Fan',
      command_topic: 'loft/fan/set',
      device: { identifiers: ['loft'], name: 'Loft', suggested_area: 'Loft' },
    }),
    { qos: 1 },
  );
  await t.client.publishAsync(
    'homeassistant/sensor/at/config',
    JSON.stringify({
      unique_id: 'at',
      name: 'Temperature',
      state_topic: 'loft/temp',
      unit_of_measurement: '°C',
      device: { identifiers: ['loft'], name: 'Loft' },
    }),
    { qos: 1 },
  );
  await t.client.publishAsync('homeassistant/sensor/broken/config', 'not json', { qos: 1 });
  await eventually(() => t.app.registry.entity('sensor.loft_temperature') && t.app.registry.entity('switch.loft_fan'));
  await t.client.publishAsync('loft/temp', '21.5', { qos: 1 });
  await eventually(() => t.app.registry.device('switchyard_kitchen') && t.app.esp32.session('kitchen')?.online);
}, 30_000);

afterAll(async () => {
  await device?.stop();
  await t?.close();
});

/** Throws unless `body` is exactly what `schema` describes: right types and no undeclared field. */
function expectConforms(schema: z.ZodType | undefined, body: unknown, what: string): void {
  if (!schema) throw new Error(`${what} declares no response schema`);
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new Error(
      `${what} answered outside its schema:\n${z.prettifyError(parsed.error)}\n${JSON.stringify(body).slice(0, 2000)}`,
    );
  expect(parsed.data, `${what}: an answer field the schema does not declare`).toEqual(body);
}

/** Calls a route and checks the status and answer against what the route declared. */
async function call(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  pattern: string,
  url = pattern,
  payload?: unknown,
): Promise<any> {
  const route = t.app.http.routes.find((r) => r.method === method && r.url === pattern);
  if (!route?.doc) throw new Error(`no documented route ${method} ${pattern}`);
  const res = await t.app.http.app.inject({
    method,
    url,
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(route.doc.status ?? 200);
  const body: unknown = res.json();
  expectConforms(route.doc.response, body, `${method} ${pattern}`);
  checked.add(`${method} ${pattern}`);
  return body;
}

const YAML = `- id: schema_check
  alias: Schema check
  triggers:
    - trigger: state
      entity_id: switch.loft_fan
      to: "on"
  conditions:
    - condition: state
      entity_id: switch.loft_fan
      state: "on"
  actions:
    - action: switch.turn_off
      target:
        entity_id: switch.loft_fan
`;

describe('declared response schemas against real answers', () => {
  it('the check itself fails on a wrong type, a missing field and an undeclared field', () => {
    const schema = z.object({ count: z.number().int(), items: z.array(z.object({ id: z.string() })) });
    expect(() => expectConforms(schema, { count: 1, items: [{ id: 'a' }] }, 'ok')).not.toThrow();
    expect(() => expectConforms(schema, { count: '1', items: [] }, 'type')).toThrow(/outside its schema/);
    expect(() => expectConforms(schema, { items: [] }, 'missing')).toThrow(/outside its schema/);
    expect(() => expectConforms(schema, { count: 1, items: [{ id: 'a', extra: true }] }, 'extra')).toThrow(
      /does not declare/,
    );
    expect(() => expectConforms(undefined, {}, 'none')).toThrow(/declares no response schema/);
  });

  it('health, status, the log, areas, discovery diagnostics and the document itself', async () => {
    expect(await call('GET', '/api/health')).toMatchObject({ status: 'ok' });
    await call('GET', '/api/system/status');
    expect((await call('GET', '/api/logs', '/api/logs?level=debug')).entries.length).toBeGreaterThan(0);
    expect((await call('GET', '/api/areas')).areas.length).toBeGreaterThan(0);
    await eventually(async () => ((await call('GET', '/api/discovery/diagnostics')).count > 0 ? true : undefined));
    await call('GET', '/api/openapi.json');
  });

  it('entities, devices and an action on a real ESP32 relay', async () => {
    expect((await call('GET', '/api/entities')).count).toBeGreaterThan(10);
    const relay = (await call('GET', '/api/entities', '/api/entities?q=relay')).entities[0].entity_id as string;
    const detail = await call('GET', '/api/entities/:entity_id', `/api/entities/${relay}`);
    expect(Object.keys(detail.actions)).toContain('turn_on');
    expect((await call('GET', '/api/entities/:entity_id', '/api/entities/switch.loft_fan')).device).toMatchObject({
      name: 'Loft',
    });
    await eventually(async () =>
      (await call('GET', '/api/entities/:entity_id/history', '/api/entities/sensor.loft_temperature/history')).count > 0
        ? true
        : undefined,
    );

    await eventually(async () =>
      (
        await call(
          'GET',
          '/api/entities/:entity_id/history/buckets',
          '/api/entities/sensor.loft_temperature/history/buckets?bucket_seconds=60',
        )
      ).count > 0
        ? true
        : undefined,
    );
    expect((await call('GET', '/api/devices')).count).toBe(2);
    expect(await call('GET', '/api/devices/:id', '/api/devices/switchyard_kitchen')).toMatchObject({
      online: true,
      counters: expect.any(Object),
    });
    await call('GET', '/api/devices/:id', `/api/devices/${t.app.registry.entity('switch.loft_fan')?.device_id}`);

    const acted = await call('POST', '/api/actions/:domain/:action', '/api/actions/switch/turn_on', {
      entity_id: [relay, 'switch.loft_fan'],
    });
    expect(acted.results).toHaveLength(2);
  });

  it('alerts: list and acknowledge', async () => {
    const raised = t.app.persistence.alerts.raise({
      severity: 'warning',
      type: 'device_timeout',
      message: 'Loft went silent',
      device_id: null,
      entity_id: 'switch.loft_fan',
    });
    expect((await call('GET', '/api/alerts', '/api/alerts?active=true')).count).toBeGreaterThan(0);
    expect(
      (await call('POST', '/api/alerts/:id/acknowledge', `/api/alerts/${raised.id}/acknowledge`)).acknowledged_at,
    ).toEqual(expect.any(String));
  });

  it('automations: authoring, list, details, runs and traces', async () => {
    expect((await call('POST', '/api/automations/validate', '/api/automations/validate', { yaml: YAML })).ok).toBe(
      true,
    );
    const saved = await call('PUT', '/api/automations/files/:name', '/api/automations/files/schema_check', {
      yaml: YAML,
    });
    await call('GET', '/api/automations');
    await call('GET', '/api/automations/:id', '/api/automations/schema_check');
    await call('GET', '/api/automations/diagnostics');
    await call('POST', '/api/automations/reload');
    await call('POST', '/api/automations/:id/disable', '/api/automations/schema_check/disable');
    await call('POST', '/api/automations/:id/enable', '/api/automations/schema_check/enable');
    await call('POST', '/api/actions/:domain/:action', '/api/actions/switch/turn_off', {
      entity_id: 'switch.loft_fan',
    });
    // one run stopped by its condition (a condition trace), one that runs its action (a step trace)
    await call('POST', '/api/automations/:id/trigger', '/api/automations/schema_check/trigger', {
      skip_condition: false,
    });
    await call('POST', '/api/automations/:id/trigger', '/api/automations/schema_check/trigger', {});
    const traces = await eventually(async () => {
      const list = await call('GET', '/api/automations/:id/traces', '/api/automations/schema_check/traces');
      return list.count === 2 ? list.traces : undefined;
    });
    const full = await Promise.all(
      traces.map((trace: { run_id: string }) =>
        call('GET', '/api/automations/:id/traces/:run_id', `/api/automations/schema_check/traces/${trace.run_id}`),
      ),
    );
    expect(full.map((trace) => [trace.conditions.length, trace.steps.length > 0]).sort()).toEqual([
      [0, true],
      [1, false],
    ]);
    // its trigger sees the fan turned on: an evaluation that fired, linked to its run
    await call('POST', '/api/actions/:domain/:action', '/api/actions/switch/turn_on', { entity_id: 'switch.loft_fan' });
    await eventually(async () => {
      const found = await call('GET', '/api/automations/:id/evaluations', '/api/automations/schema_check/evaluations');
      return found.evaluations.some((e: { run_id: string | null }) => e.run_id !== null) ? true : undefined;
    });
    await call(
      'DELETE',
      '/api/automations/files/:name',
      `/api/automations/files/schema_check?expected_hash=${saved.hash}`,
    );
  });

  it('raw MQTT: publish, topics, connections, captures', async () => {
    await call('POST', '/api/mqtt/publish', '/api/mqtt/publish', {
      topic: 'schema/check',
      payload: 'hi',
      retain: true,
    });
    await eventually(async () =>
      (await call('GET', '/api/mqtt/topics', '/api/mqtt/topics?filter=schema/%23')).total === 1 ? true : undefined,
    );
    await call('GET', '/api/mqtt/connections');
    const started = await call('POST', '/api/mqtt/captures', '/api/mqtt/captures', {
      filters: ['schema/#'],
      duration_s: 30,
    });
    await t.client.publishAsync('schema/check', 'live', { qos: 1 });
    await eventually(async () =>
      (await call('GET', '/api/mqtt/captures/:id', `/api/mqtt/captures/${started.capture_id}?wait_seconds=0`)).count ===
      2
        ? true
        : undefined,
    );
    await call('DELETE', '/api/mqtt/captures/:id', `/api/mqtt/captures/${started.capture_id}`);
  });

  it('webhooks, a conversation command and a tag scan', async () => {
    await call('GET', '/api/webhooks');
    await call('POST', '/api/conversation/process', '/api/conversation/process', { text: 'hello there' });
    await call('POST', '/api/tags/scan', '/api/tags/scan', { tag_id: 'schema-tag' });
    await call('POST', '/api/conversation/process', '/api/conversation/process', { text: 'turn on the loft fan' });
    await call('GET', '/api/intents/donation');
  });

  it('every documented JSON answer was checked above', () => {
    const documented = t.app.http.routes.filter((r) => r.doc?.response).map((r) => `${r.method} ${r.url}`);
    expect(documented.length).toBeGreaterThan(30);
    expect(documented.filter((r) => !checked.has(r))).toEqual([]);
  });
});

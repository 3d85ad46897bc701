// "Why didn't it fire?" (issue 20) through the whole app: entities discovered on the embedded broker, automations in
// automations_dir, states published by a real mqtt.js client, and the answer read over REST
// (`GET /api/automations/:id/evaluations`, in the OpenAPI document) and through MCP (`get_automation_traces` with
// `evaluations: true`, the SDK's real client over a real socket).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { settleThrough } from '../helpers/markers.js';
import { collect } from '../helpers/mqtt-client.js';
import { eventually } from '../helpers/net.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const AUTOMATIONS = `
- id: porch_light
  triggers:
    - trigger: state
      entity_id: binary_sensor.porch_motion
      to: "on"
      id: motion
  actions:
    - action: switch.turn_on
      target: {entity_id: switch.porch_light}
- id: heating
  triggers:
    - trigger: numeric_state
      entity_id: sensor.hall_temperature
      below: 18
  actions:
    - action: switch.turn_on
      target: {entity_id: switch.porch_light}
`;

describe("why didn't it fire, over REST and MCP", () => {
  it('lists the last evaluations with their reasons, links the run a fire started, filters by entity', async () => {
    t = await startTestApp();
    const app = t;
    const commands = await collect(app.client, 'porch/light/set');
    const configs: [string, Record<string, unknown>][] = [
      ['homeassistant/binary_sensor/porch/config', { name: 'Porch motion', unique_id: 'pm', state_topic: 'porch/m' }],
      ['homeassistant/sensor/hall/config', { name: 'Hall temperature', unique_id: 'ht', state_topic: 'hall/t' }],
      ['homeassistant/switch/porch/config', { name: 'Porch light', unique_id: 'pl', command_topic: 'porch/light/set' }],
    ];
    for (const [topic, config] of configs) await app.client.publishAsync(topic, JSON.stringify(config), { qos: 1 });
    await eventually(async () => (await app.get('/api/entities')).body.count === 3);
    writeFileSync(join(app.dataDir, 'automations', 'porch.yaml'), AUTOMATIONS);
    await app.post('/api/automations/reload', {});
    await eventually(async () => (await app.get('/api/automations')).body.count === 2);

    for (const payload of ['ON', 'OFF']) await app.client.publishAsync('porch/m', payload, { qos: 1 });
    for (const payload of ['19', '17.5', '16']) await app.client.publishAsync('hall/t', payload, { qos: 1 });
    await eventually(() => commands.length === 2);
    await settleThrough(app.client, app.app.mqtt, () => app.app.automations.whenIdle());

    const porch = await app.get('/api/automations/porch_light/evaluations?entity_id=binary_sensor.porch_motion');
    expect(porch.status).toBe(200);
    expect(porch.body).toMatchObject({ automation_id: 'porch_light', count: 2 });
    const [off, on] = porch.body.evaluations;
    expect(off).toMatchObject({
      trigger: { idx: 0, id: 'motion', platform: 'state' },
      entity_id: 'binary_sensor.porch_motion',
      attribute: null,
      from: 'on',
      to: 'off',
      outcome: 'not_matched',
      reason: 'to_mismatch',
      sentence: 'to: "on" wanted, new state was "off"',
      run_id: null,
      trace: false,
    });
    expect(Date.parse(off.time)).toBeGreaterThan(Date.parse(on.time) - 1);
    expect(on).toMatchObject({
      outcome: 'fired',
      sentence: 'matched → fired: run started',
      run_status: 'started',
      trace: true,
    });
    // the link leads to the run's trace
    const trace = await app.get(`/api/automations/porch_light/traces/${on.run_id}`);
    expect(trace.body).toMatchObject({
      outcome: 'finished',
      trigger: { description: 'state of binary_sensor.porch_motion' },
    });

    const heating = (await app.get('/api/automations/heating/evaluations?limit=5')).body;
    expect(heating.evaluations.map((e: { sentence: string }) => e.sentence)).toEqual([
      'value 16, but it was already below 18 (no crossing)',
      'matched → fired: run started',
      'value 19 not below 18',
    ]);
    expect((await app.get('/api/automations/heating/evaluations?limit=1')).body.count).toBe(1);
    expect((await app.get('/api/automations/heating/evaluations?entity_id=sensor.elsewhere')).body).toMatchObject({
      count: 0,
      evaluations: [],
    });

    // wrong input: an unknown automation names the closest, a limit out of range is refused
    const unknown = await app.get('/api/automations/heatin/evaluations');
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toMatch(/Closest: heating/);
    expect((await app.get('/api/automations/heating/evaluations?limit=0')).status).toBe(400);

    // the OpenAPI document describes the route with its query
    const doc = (await app.get('/api/openapi.json')).body;
    const route = doc.paths['/api/automations/{id}/evaluations'].get;
    expect(route.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['entity_id', 'id', 'limit']);

    // MCP: the traces tool answers the same evaluations when asked
    const client = new Client({ name: 'switchyard-e2e', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${app.app.http.port}/mcp`)));
    try {
      const result = await client.callTool({
        name: 'get_automation_traces',
        arguments: { id: 'porch_light', evaluations: true, entity_id: 'binary_sensor.porch_motion' },
      });
      expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
      const answer = result.structuredContent as { runs: unknown[]; evaluations: { sentence: string }[] };
      expect(answer.runs).toHaveLength(1);
      expect(answer.evaluations.map((e) => e.sentence)).toEqual([
        'to: "on" wanted, new state was "off"',
        'matched → fired: run started',
      ]);
    } finally {
      await client.close();
    }
  }, 30_000);
});

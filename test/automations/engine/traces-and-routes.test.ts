// Traces of runs (failed conditions show which condition and the values compared) and the REST
// routes over the engine, through fastify's inject().
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildHttpApp } from '../../../src/adapters/http/http-server.js';
import { registerAutomationRoutes, type AutomationApiDeps } from '../../../src/adapters/http/routes/automations.js';
import { silentLogger } from '../../../src/core/logger.js';
import { startHarness, until, type Harness } from './harness.js';

let h: Harness | undefined;
let api: FastifyInstance | undefined;
afterEach(async () => {
  await api?.close();
  await h?.close();
  h = undefined;
  api = undefined;
});

const guarded = `
id: guarded_fan
alias: Fan, but only when the door is shut
triggers:
  - trigger: state
    entity_id: sensor.humidity
    id: humid
conditions:
  - condition: numeric_state
    entity_id: sensor.humidity
    above: 60
  - condition: state
    entity_id: binary_sensor.door
    state: "off"
actions:
  - action: switch.turn_on
    target:
      entity_id: switch.fan
`;

async function withApi(h: Harness): Promise<FastifyInstance> {
  const deps: AutomationApiDeps = h.engine;
  const app = buildHttpApp({
    log: silentLogger,
    host: '127.0.0.1',
    port: 0,
    apiToken: undefined,
    health: () => ({
      status: 'ok',
      version: 't',
      uptime_s: 0,
      mqtt: { connected: true, broker: 'embedded' },
      database: { ok: true },
    }),
    routes: [(app) => registerAutomationRoutes(app, deps)],
  });
  await app.ready();
  return app;
}

const call = async (method: 'GET' | 'POST', url: string, payload?: object) => {
  const res = await api!.inject({ method, url, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.json() as any };
};

describe('traces', () => {
  it('a run whose conditions failed shows which condition failed and the values compared', async () => {
    h = await startHarness({ 'guarded.yaml': guarded });
    await h.setState('binary_sensor.door', 'st/door', 'ON', 'on');
    await h.setState('sensor.humidity', 'st/humidity', '72');
    await until(() => h!.engine.traces('guarded_fan').length === 1);
    await h.flush();
    expect(h.on('cmd/fan')).toEqual([]);
    const [trace] = h.fullTraces('guarded_fan');
    expect(trace).toMatchObject({
      outcome: 'failed_conditions',
      steps: [],
      trigger: { id: 'humid', platform: 'state', description: 'state of sensor.humidity' },
    });
    expect(trace?.conditions).toEqual([
      {
        path: 'condition/0',
        condition: 'numeric_state',
        result: true,
        compared: { entity_id: 'sensor.humidity', value: 72, raw: '72', above: 60 },
      },
      {
        path: 'condition/1',
        condition: 'state',
        result: false,
        compared: expect.objectContaining({ entity_id: 'binary_sensor.door', value: 'on', wanted: ['off'] }),
      },
    ]);
    expect(h.engine.list()[0]).toMatchObject({ last_outcome: 'failed_conditions', last_ran: null });
    expect(h.engine.list()[0]?.last_triggered).toBe(trace?.start);

    await h.setState('binary_sensor.door', 'st/door', 'OFF', 'off');
    await h.setState('sensor.humidity', 'st/humidity', '75');
    await until(() => h!.on('cmd/fan').length === 1);
  });
});

describe('the runs list', () => {
  it('is newest first by when each run started, as Home Assistant lists them, though a long run is stored when it ends', async () => {
    h = await startHarness({
      'runs.yaml': `
id: long_and_short
mode: parallel
triggers:
  - trigger: mqtt
    topic: in/go
actions:
  - if:
      - condition: template
        value_template: "{{ trigger.payload == 'long' }}"
    then:
      - wait_for_trigger:
          - trigger: mqtt
            topic: in/release
  - action: mqtt.publish
    data: {topic: out/end, payload: "{{ trigger.payload }}"}
`,
      'keep.yaml': 'id: keep\ntriggers: [{trigger: mqtt, topic: in/release, payload: never}]\nactions: []\n',
    });
    api = await withApi(h);
    await h.send('in/go', 'long');
    await until(() => h!.engine.get('long_and_short')?.runs.length === 1);
    // the short run starts at a later millisecond and ends first
    const t = Date.now();
    await until(() => Date.now() > t + 1);
    await h.send('in/go', 'short');
    await until(() => h!.on('out/end').length === 1);
    await h.send('in/release', 'x');
    await until(() => h!.on('out/end').length === 2);
    expect(h.on('out/end')).toEqual(['short', 'long']);
    // stored in the order the runs ended: the long one last, so newest by storage
    const stored = h.engine.traces('long_and_short').map((r) => r.run_id);
    const listed = (await call('GET', '/api/automations/long_and_short/traces')).body.traces as {
      run_id: string;
      start: string;
    }[];
    expect(listed.map((r) => r.run_id)).toEqual([...stored].reverse());
    expect(listed[0]!.start > listed[1]!.start).toBe(true);
  });
});

describe('automation routes', () => {
  it('list, details, diagnostics, trigger, enable/disable, reload, traces', async () => {
    h = await startHarness({
      'guarded.yaml': guarded,
      'broken.yaml':
        'id: broken\ntriggers:\n  - trigger: state\n    entity_id: sensor.humidity\n    below: 3\nactions: []\n',
    });
    api = await withApi(h);

    const list = await call('GET', '/api/automations');
    expect(list.status).toBe(200);
    expect(list.body.automations).toEqual([
      expect.objectContaining({
        id: 'guarded_fan',
        alias: 'Fan, but only when the door is shut',
        enabled: true,
        mode: 'single',
        file: 'guarded.yaml',
        last_triggered: null,
        last_outcome: null,
        error_count: 0,
      }),
    ]);

    const diagnostics = await call('GET', '/api/automations/diagnostics');
    expect(diagnostics.body.errors).toBeGreaterThanOrEqual(1);
    expect(diagnostics.body.diagnostics).toContainEqual(
      expect.objectContaining({ file: 'broken.yaml', line: 5, column: 5, severity: 'error', automation_id: 'broken' }),
    );

    const one = await call('GET', '/api/automations/guarded_fan');
    expect(one.body).toMatchObject({
      id: 'guarded_fan',
      line: 2,
      column: 1,
      runs: [],
      config: { mode: 'single', triggers: [{ trigger: 'state', entity_id: ['sensor.humidity'] }] },
    });
    expect((await call('GET', '/api/automations/nope')).status).toBe(404);

    // conditions are skipped by default (as Home Assistant's automation.trigger does)
    const run = await call('POST', '/api/automations/guarded_fan/trigger', {});
    expect(run.body).toMatchObject({ status: 'started', run_id: expect.any(String) });
    await h.flush();
    expect(h.on('cmd/fan')).toEqual(['ON']);
    const checked = await call('POST', '/api/automations/guarded_fan/trigger', {
      skip_condition: false,
      variables: { who: 'api' },
    });
    expect(checked.body.status).toBe('failed_conditions');
    expect((await call('POST', '/api/automations/guarded_fan/trigger', { skip_conditions: true })).status).toBe(400);
    expect((await call('POST', '/api/automations/nope/trigger', {})).status).toBe(404);

    const traces = await call('GET', '/api/automations/guarded_fan/traces');
    expect(traces.body.traces.map((t: { outcome: string }) => t.outcome)).toEqual(['failed_conditions', 'finished']);
    const full = await call('GET', `/api/automations/guarded_fan/traces/${run.body.run_id}`);
    expect(full.body).toMatchObject({
      run_id: run.body.run_id,
      outcome: 'finished',
      conditions_skipped: true,
      context: { origin: 'automation:guarded_fan' },
    });
    expect(full.body.steps[0].result.results[0].published).toEqual([
      { topic: 'cmd/fan', payload: 'ON', qos: 0, retain: false },
    ]);
    expect((await call('GET', '/api/automations/guarded_fan/traces/nope')).status).toBe(404);
    expect((await call('GET', '/api/automations/nope/traces')).status).toBe(404);
    expect((await call('GET', '/api/automations/guarded_fan/traces?limit=0')).status).toBe(400);

    expect((await call('POST', '/api/automations/guarded_fan/disable')).body).toMatchObject({ enabled: false });
    expect((await call('GET', '/api/automations')).body.automations[0].enabled).toBe(false);
    expect((await call('POST', '/api/automations/guarded_fan/enable')).body).toMatchObject({ enabled: true });

    h.write(
      'broken.yaml',
      'id: broken\ntriggers:\n  - trigger: state\n    entity_id: sensor.humidity\nactions:\n  - stop: fixed\n',
    );
    const reloaded = await call('POST', '/api/automations/reload');
    expect(reloaded.body).toMatchObject({
      result: { added: ['broken'], changed: [], removed: [], unchanged: 1 },
      errors: 0,
    });
    expect((await call('GET', '/api/automations')).body.count).toBe(2);
  });
});

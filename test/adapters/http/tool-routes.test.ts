// REST parity with the MCP tools: areas, system status, raw MQTT (publish, topics, captures) and
// automation authoring, through the app's own routes (inject) with the same rules as the tools.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { eventually } from '../../helpers/net.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  await t.client.publishAsync(
    'homeassistant/switch/af/config',
    JSON.stringify({ unique_id: 'af', name: 'Attic Fan', command_topic: 'attic/fan/set' }),
    { qos: 1 },
  );
  await eventually(() => t.app.registry.entity('switch.attic_fan'));
}, 30_000);

afterAll(async () => {
  await t?.close();
});

const put = async (url: string, body: unknown) => {
  const res = await t.app.http.app.inject({ method: 'PUT', url, payload: body as object });
  return { status: res.statusCode, body: res.json() };
};

const YAML = `- id: rest_saved
  alias: Saved over REST
  triggers:
    - trigger: state
      entity_id: switch.attic_fan
      to: "on"
  actions:
    - action: switch.turn_off
      target:
        entity_id: switch.attic_fan
`;

describe('REST parity with the MCP tools', () => {
  it('GET /api/areas and GET /api/system/status', async () => {
    const areas = await t.get('/api/areas');
    expect(areas.status).toBe(200);
    expect(areas.body).toMatchObject({ areas: expect.any(Array), entities_without_area: expect.any(Number) });
    const status = await t.get('/api/system/status');
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({
      status: expect.any(String),
      mqtt: { connected: true },
      entities: { total: expect.any(Number) },
      automations: expect.any(Object),
    });
    expect((await t.get('/api/mqtt/connections')).body.connections[0]).toMatchObject({
      connection_id: 'main',
      connected: true,
    });
  });

  it('POST /api/mqtt/publish applies the tool rules: no wildcards, ≤ 1 MiB, discovery prefix only with allow_discovery', async () => {
    const ok = await t.post('/api/mqtt/publish', { topic: 'rest/pub/x', payload: 'hi', qos: 1 });
    expect(ok).toMatchObject({
      status: 200,
      body: { published: true, topic: 'rest/pub/x', bytes: 2, qos: 1, retain: false },
    });
    expect((await t.post('/api/mqtt/publish', { topic: 'rest/+/x', payload: 'hi' })).status).toBe(400);
    const disc = await t.post('/api/mqtt/publish', { topic: 'homeassistant/switch/zz/config', payload: '' });
    expect(disc.status).toBe(400);
    expect(disc.body.message).toMatch(/allow_discovery/);
    const big = 'x'.repeat(1024 * 1024);
    expect((await t.post('/api/mqtt/publish', { topic: 'rest/pub/big', payload: big })).status).toBe(200);
    const tooBig = await t.post('/api/mqtt/publish', { topic: 'rest/pub/big', payload: `${big}y` });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.message).toMatch(/limit is 1048576 bytes/);
    expect((await t.post('/api/mqtt/publish', { payload: 'no topic' })).status).toBe(400);
  });

  it('GET /api/mqtt/topics lists the topic index', async () => {
    await t.client.publishAsync('rest/topics/a', '1', { qos: 1 });
    await eventually(async () => (await t.get('/api/mqtt/topics?filter=rest/topics/%2B')).body.total === 1);
    const r = await t.get('/api/mqtt/topics?filter=rest/topics/%2B&include_payload=true&limit=10');
    expect(r.body.topics[0]).toMatchObject({ topic: 'rest/topics/a', payload_preview: '1', count: 1 });
    expect((await t.get('/api/mqtt/topics?filter=a/%23/b')).status).toBe(400);
    expect((await t.get('/api/mqtt/topics?limit=0')).status).toBe(400);
  });

  it('POST /api/mqtt/captures starts a capture; GET /api/mqtt/captures/:id reads it', async () => {
    const started = await t.post('/api/mqtt/captures', { filters: ['rest/cap/#'], duration_s: 30, max_messages: 2 });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ capture_id: expect.stringMatching(/^cap_/), status: 'running' });
    const id = started.body.capture_id as string;
    await t.client.publishAsync('rest/cap/1', 'a', { qos: 1 });
    await t.client.publishAsync('rest/cap/2', 'b', { qos: 1 });
    const done = await t.get(`/api/mqtt/captures/${id}?wait_seconds=5`);
    expect(done.body).toMatchObject({ status: 'done', ended_by: 'max_messages', total: 2 });
    expect((await t.get(`/api/mqtt/captures/${id}?from=1`)).body.messages).toEqual([
      expect.objectContaining({ topic: 'rest/cap/2', payload: 'b' }),
    ]);
    expect((await t.get('/api/mqtt/captures/cap_unknown')).status).toBe(404);
    expect((await t.post('/api/mqtt/captures', { filters: ['a/#'], duration_s: 301 })).status).toBe(400);
    const other = await t.post('/api/mqtt/captures', { filters: ['rest/x'] });
    expect((await t.delete(`/api/mqtt/captures/${other.body.capture_id}`)).body).toMatchObject({
      status: 'done',
      ended_by: 'stopped',
    });
  });

  it('automation authoring: validate, save with expected_hash, delete', async () => {
    const v = await t.post('/api/automations/validate', { yaml: YAML });
    expect(v).toMatchObject({ status: 200, body: { ok: true, ids: ['rest_saved'] } });
    const bad = await t.post('/api/automations/validate', { yaml: '- id: x\n  triggers: nope\n' });
    expect(bad.body.ok).toBe(false);
    const created = await put('/api/automations/files/rest_file', { yaml: YAML });
    expect(created).toMatchObject({
      status: 200,
      body: { file: 'rest_file.yaml', created: true, ids: ['rest_saved'], reloaded: true, loaded: ['rest_saved'] },
    });
    const again = await put('/api/automations/files/rest_file', { yaml: YAML });
    expect(again.status).toBe(400);
    expect(again.body.message).toMatch(/expected_hash/);
    const updated = await put('/api/automations/files/rest_file', {
      yaml: YAML.replace('Saved over REST', 'Saved twice'),
      expected_hash: created.body.hash,
    });
    expect(updated).toMatchObject({ status: 200, body: { created: false } });
    expect((await t.get('/api/automations/rest_saved')).body.alias).toBe('Saved twice');
    expect((await t.delete(`/api/automations/files/rest_file?expected_hash=${created.body.hash}`)).status).toBe(400);
    const del = await t.delete(`/api/automations/files/rest_file?expected_hash=${updated.body.hash}`);
    expect(del).toMatchObject({ status: 200, body: { file: 'rest_file.yaml', removed_ids: ['rest_saved'] } });
    expect((await t.get('/api/automations/rest_saved')).status).toBe(404);
    expect((await t.delete(`/api/automations/files/rest_file?expected_hash=${updated.body.hash}`)).status).toBe(404);
    expect((await put('/api/automations/files/..%2Fetc', { yaml: YAML })).status).toBe(400);
  });
});

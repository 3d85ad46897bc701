// /api/webhook/:webhook_id on the whole app (its own engine over a folder of automations), through fastify's
// inject() and a real socket. Cases from Home Assistant's tests/components/webhook/test_trigger.py (json, form
// data, query, several automations on one id, allowed methods) and test_init.py (unknown ids answer 200, HEAD,
// 405, local_only refuses remote callers).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { settleThrough } from '../../helpers/markers.js';
import { collect } from '../../helpers/mqtt-client.js';

const AUTOMATIONS = `
- id: json
  triggers:
    - trigger: webhook
      webhook_id: json_webhook
  actions:
    - action: mqtt.publish
      data:
        topic: out/json
        payload: "{{ trigger.platform }} {{ trigger.webhook_id }} {{ trigger.json.hello }} {{ trigger.id }} {{ trigger.query.q | default('') }}"
- id: form
  triggers:
    - trigger: webhook
      webhook_id: post_webhook
      allowed_methods: [post, get]
      local_only: false
  actions:
    - action: mqtt.publish
      data:
        topic: out/form
        payload: "{{ trigger.data.hello | default('-') }} {{ trigger.query.hello | default('-') }} {{ trigger.headers['x-test'] | default('-') }}"
- id: twice_a
  triggers:
    - trigger: webhook
      webhook_id: shared
  actions:
    - action: mqtt.publish
      data: { topic: out/shared, payload: a }
- id: twice_b
  triggers:
    - trigger: webhook
      webhook_id: "{{ 'sha' ~ 'red' }}"
  actions:
    - action: mqtt.publish
      data: { topic: out/shared, payload: b }
`;

let t: TestApp | undefined;
let dir: string | undefined;
afterEach(async () => {
  await t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  t = undefined;
  dir = undefined;
});

async function start(settings: Record<string, unknown> = {}) {
  dir = mkdtempSync(join(tmpdir(), 'switchyard-webhooks-'));
  writeFileSync(join(dir, 'automations.yaml'), AUTOMATIONS);
  t = await startTestApp({ automations_dir: dir, ...settings });
  const app = t;
  const seen = await collect(app.client, 'out/#');
  const flush = () => settleThrough(app.client, app.app.mqtt, () => app.app.automations.whenIdle());
  const hook = (
    method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    options: { payload?: string; headers?: Record<string, string>; remoteAddress?: string } = {},
  ) => app.app.http.app.inject({ method, url, ...options });
  return { app, seen, flush, hook };
}

describe('webhooks', () => {
  it('fires with the JSON body and the query (test_webhook_json, test_webhook_query)', async () => {
    const { seen, flush, hook } = await start();
    const res = await hook('POST', '/api/webhook/json_webhook?q=yes', {
      payload: JSON.stringify({ hello: 'world' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    await flush();
    expect(seen.map((m) => m.payload)).toEqual(['webhook json_webhook world 0 yes']);
  });

  it('fires with form data, query and headers; allowed methods and local_only: false (test_webhook_post)', async () => {
    const { seen, flush, hook } = await start();
    await hook('POST', '/api/webhook/post_webhook', {
      payload: 'hello=world',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-test': 'yes' },
      remoteAddress: '203.0.113.7',
    });
    await flush(); // mode single: the next request would find this run going
    await hook('GET', '/api/webhook/post_webhook?hello=there');
    const put = await hook('PUT', '/api/webhook/post_webhook', { payload: 'hello=no' });
    expect(put.statusCode).toBe(405);
    await flush();
    expect(seen.map((m) => m.payload)).toEqual(['world - yes', '- there -']);
  });

  it('runs every automation on an id, its id a template (test_webhook_multiple, test_webhook_template)', async () => {
    const { seen, flush, hook } = await start();
    await hook('POST', '/api/webhook/shared');
    await flush();
    expect(seen.map((m) => m.payload).sort()).toEqual(['a', 'b']);
  });

  it('answers as Home Assistant: unknown ids 200 and counted, HEAD 200, 405, remote callers refused', async () => {
    const { app, seen, flush, hook } = await start();
    const unknown = await hook('POST', '/api/webhook/nobody_home', { payload: 'x' });
    expect([unknown.statusCode, unknown.body]).toEqual([200, '']);
    expect((await hook('HEAD', '/api/webhook/json_webhook')).statusCode).toBe(200);
    expect((await hook('GET', '/api/webhook/json_webhook')).statusCode).toBe(405);
    expect((await hook('DELETE', '/api/webhook/json_webhook')).statusCode).toBe(404);
    const remote = await hook('POST', '/api/webhook/json_webhook', {
      payload: '{"hello":"internet"}',
      headers: { 'content-type': 'application/json' },
      remoteAddress: '203.0.113.7',
    });
    expect(remote.statusCode).toBe(200);
    const broken = await hook('POST', '/api/webhook/json_webhook', {
      payload: '{not json',
      headers: { 'content-type': 'application/json' },
    });
    expect(broken.statusCode).toBe(200);
    await flush();
    expect(seen).toEqual([]);
    const list = await app.get('/api/webhooks');
    expect(list.body.webhooks).toEqual(
      expect.arrayContaining([
        { webhook_id: 'json_webhook', allowed_methods: ['POST', 'PUT'], local_only: true, triggers: 1 },
        { webhook_id: 'shared', allowed_methods: ['POST', 'PUT'], local_only: true, triggers: 2 },
      ]),
    );
    expect(list.body.counts).toMatchObject({ unknown: 1, head: 1, method_not_allowed: 1, not_local: 1, error: 1 });
    expect(list.body.unknown_ids).toEqual({ nobody_home: 1 });
  });

  it('refuses remote IPv6 and accepts private ranges (util/network.py is_local)', async () => {
    const { seen, flush, hook } = await start();
    for (const remoteAddress of ['192.168.1.20', '10.1.2.3', '172.30.32.2', 'fd00::1', '::ffff:192.168.1.2', '::1']) {
      await hook('POST', '/api/webhook/shared', { remoteAddress });
      await flush(); // mode single
    }
    for (const remoteAddress of ['2001:db8::1', '100.64.1.1', '8.8.8.8', '::ffff:8.8.8.8'])
      await hook('POST', '/api/webhook/shared', { remoteAddress });
    await flush();
    expect(seen).toHaveLength(12);
  });

  it('needs no token over a real socket while the rest of the API does', async () => {
    const { app, seen, flush } = await start({ api_token: 'secret-token' });
    const send = (path: string, body: string) =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port: app.app.http.port,
            path,
            method: 'POST',
            headers: { 'content-type': 'application/json' },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    expect(await send('/api/webhook/json_webhook', '{"hello":"socket"}')).toBe(200);
    expect(await send('/api/conversation/process', '{"text":"hi"}')).toBe(401);
    await flush();
    expect(seen.map((m) => m.payload)).toEqual(['webhook json_webhook socket 0']);
    const big = 'x'.repeat(1024 * 1024 + 10);
    expect(await send('/api/webhook/json_webhook', big)).toBe(413);
  });
});

// /api/openapi.json and /api/docs: every registered route appears, path parameters come from the URL,
// self-described routes bring their zod schemas; and the real app's document lists its REST and MCP routes,
// each with its summary, its request body and its answer schema (response-schemas.test.ts checks the answers).
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildHttpApp } from '../../../src/adapters/http/http-server.js';
import type { HealthReport } from '../../../src/adapters/http/routes/health.js';
import { openApiPath } from '../../../src/adapters/http/routes/openapi.js';
import { MqttPublishInput, MqttPublishOutput } from '../../../src/usecases/mqtt-publish.js';
import { silentLogger } from '../../../src/core/logger.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';

const healthy: HealthReport = {
  status: 'ok',
  version: '1.2.3',
  uptime_s: 4,
  mqtt: { connected: true, broker: 'embedded' },
  database: { ok: true },
};

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

function app(apiToken?: string) {
  return buildHttpApp({
    log: silentLogger,
    host: '127.0.0.1',
    port: 0,
    apiToken,
    health: () => healthy,
    routes: [
      (a) => {
        a.get('/api/things/:thing_id/parts/:part', async () => ({ ok: true }));
        a.post(
          '/api/widgets',
          {
            config: {
              openapi: {
                summary: 'Create a widget',
                query: z.object({ dry_run: z.boolean().optional().describe('only check') }),
                body: z.object({ name: z.string().min(1) }),
                response: z.object({ id: z.number() }),
              },
            },
          },
          async () => ({ id: 1 }),
        );
        a.route({ method: ['POST', 'GET'], url: '/mcp', handler: async () => ({}) });
      },
    ],
  });
}

describe('openapi', () => {
  it('converts fastify paths', () => {
    expect(openApiPath('/api/automations/:id/traces/:run_id')).toEqual({
      path: '/api/automations/{id}/traces/{run_id}',
      params: ['id', 'run_id'],
    });
  });

  it('lists every route with path parameters, self-described schemas and honest defaults', async () => {
    const res = await app().inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc).toMatchObject({ openapi: '3.1.0', info: { title: 'Switchyard', version: '1.2.3' } });
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/docs',
      '/api/health',
      '/api/openapi.json',
      '/api/things/{thing_id}/parts/{part}',
      '/api/widgets',
      '/mcp',
    ]);
    expect(Object.keys(doc.paths['/mcp']).sort()).toEqual(['get', 'post']);
    expect(doc.paths['/api/health'].head).toBeUndefined();
    const thing = doc.paths['/api/things/{thing_id}/parts/{part}'].get;
    expect(thing.parameters).toEqual([
      { name: 'thing_id', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'part', in: 'path', required: true, schema: { type: 'string' } },
    ]);
    expect(thing.requestBody).toBeUndefined();
    expect(thing.responses['200']).toEqual({ description: 'Success' });
    const widgets = doc.paths['/api/widgets'].post;
    expect(widgets.summary).toBe('Create a widget');
    expect(widgets.parameters).toEqual([
      {
        name: 'dry_run',
        in: 'query',
        required: false,
        schema: { type: 'boolean', description: 'only check' },
        description: 'only check',
      },
    ]);
    expect(widgets.requestBody.content['application/json'].schema).toMatchObject({
      type: 'object',
      properties: { name: { type: 'string', minLength: 1 } },
      required: ['name'],
    });
    expect(widgets.responses['200'].content['application/json'].schema).toMatchObject({
      properties: { id: { type: 'number' } },
    });
    expect(doc.paths['/api/health'].get.security).toEqual([]);
  });

  it('serves a self-contained HTML page; both need the token like the rest of the API', async () => {
    const a = app('s3cret-token');
    expect((await a.inject({ method: 'GET', url: '/api/docs' })).statusCode).toBe(401);
    expect((await a.inject({ method: 'GET', url: '/api/openapi.json' })).statusCode).toBe(401);
    const res = await a.inject({ method: 'GET', url: '/api/docs', headers: { authorization: 'Bearer s3cret-token' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('<code>/api/things/{thing_id}/parts/{part}</code>');
    expect(res.body).toContain('Create a widget');
    // the body and answer columns: top-level fields, ? for optional ones
    expect(res.body).toMatch(
      /<code>\/api\/widgets<\/code>.*<td>JSON: <small>name<\/small><\/td><td>200: <small>id<\/small><\/td>/,
    );
    expect(res.body).toMatch(
      /<code>\/api\/health<\/code>.*<td>—<\/td><td>200: <small>status, version, uptime_s, mqtt, database, reasons\[\]\?<\/small><\/td>/,
    );
    expect(res.body).not.toMatch(/<script|https?:\/\//);
  });

  it('the real app documents its REST routes and /mcp', async () => {
    t = await startTestApp();
    const { status, body } = await t.get('/api/openapi.json');
    expect(status).toBe(200);
    expect(body.paths).toHaveProperty('/api/automations/{id}/traces/{run_id}');
    expect(body.paths['/api/automations/{id}/trigger'].post.summary).toMatch(/Run an automation now/);
    expect(body.paths['/api/actions/{domain}/{action}'].post.parameters.map((p: { name: string }) => p.name)).toEqual([
      'domain',
      'action',
    ]);
    expect(body.paths['/mcp'].post).toBeDefined();
    expect(body.info.version).toBe('test');
  });

  it('the real app gives every operation a summary, its body and a JSON answer schema', async () => {
    t = await startTestApp();
    const { body: doc } = await t.get('/api/openapi.json');
    // answers that are not JSON: the HTML pages, the MCP endpoint (JSON-RPC, defined by the MCP SDK), a 204, a picture
    const NOT_JSON = new Set([
      'get /',
      'get /api/docs',
      'post /mcp',
      'get /mcp',
      'delete /mcp',
      'delete /api/devices/{id}',
      'get /api/entities/{entity_id}/image',
      // Home Assistant's webhook URL: an empty answer whatever the body was
      'get /api/webhook/{webhook_id}',
      'head /api/webhook/{webhook_id}',
      'post /api/webhook/{webhook_id}',
      'put /api/webhook/{webhook_id}',
    ]);
    // POSTs that take no body
    const NO_BODY = new Set([
      'post /api/alerts/{id}/acknowledge',
      'post /api/automations/reload',
      'post /api/automations/{id}/enable',
      'post /api/automations/{id}/disable',
      'post /mcp',
      // any body, read as Home Assistant reads it (JSON or form data)
      'post /api/webhook/{webhook_id}',
      'put /api/webhook/{webhook_id}',
    ]);
    const operations = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ key: `${method} ${path}`, method, path, op })),
    );
    expect(operations.length).toBeGreaterThan(35);
    for (const { key, method, path, op } of operations) {
      expect(op.summary, key).not.toBe(`${method.toUpperCase()} ${path}`);
      const [status, answer] =
        Object.entries(op.responses as Record<string, any>).find(([code]) => /^2/.test(code)) ?? [];
      if (NOT_JSON.has(key)) {
        expect(answer?.content?.['application/json'], key).toBeUndefined();
      } else {
        expect(status, key).toMatch(/^20[02]$/);
        expect(answer.content['application/json'].schema, key).toMatchObject({
          type: 'object',
          properties: expect.any(Object),
        });
      }
      if (method === 'post' || method === 'put') {
        if (NO_BODY.has(key)) expect(op.requestBody, key).toBeUndefined();
        else
          expect(op.requestBody?.content['application/json'].schema, key).toMatchObject({
            type: 'object',
            properties: expect.any(Object),
          });
      }
    }
    // nested schemas are inline: a local $ref would not resolve inside the document
    expect(JSON.stringify(doc)).not.toContain('$defs');

    // the tool-backed routes carry the MCP tool's own schema objects, documented with their descriptions
    const publish = t.app.http.routes.find((r) => r.method === 'POST' && r.url === '/api/mqtt/publish');
    expect(publish?.doc?.body).toBe(MqttPublishInput);
    expect(publish?.doc?.response).toBe(MqttPublishOutput);
    expect(doc.paths['/api/mqtt/publish'].post.requestBody).toMatchObject({
      required: true,
      content: {
        'application/json': { schema: { required: ['topic', 'payload'], properties: { qos: { default: 0 } } } },
      },
    });
    expect(doc.paths['/api/automations/files/{name}'].put.requestBody.content['application/json'].schema).toMatchObject(
      { required: ['yaml'], properties: { expected_hash: { pattern: '^[0-9a-f]{64}$' } } },
    );
    expect(
      doc.paths['/api/automations/files/{name}'].put.requestBody.content['application/json'].schema.properties,
    ).not.toHaveProperty('name');
    expect(doc.paths['/api/automations/files/{name}'].delete.parameters).toContainEqual(
      expect.objectContaining({
        name: 'expected_hash',
        in: 'query',
        required: false,
        schema: expect.objectContaining({ pattern: '^[0-9a-f]{64}$' }),
      }),
    );
    // a body the handler may leave out ({} will do) is optional
    expect(doc.paths['/api/automations/{id}/trigger'].post.requestBody.required).toBe(false);
    expect(doc.paths['/api/actions/{domain}/{action}'].post.requestBody.required).toBe(true);
    expect(doc.paths['/api/mqtt/captures'].post.responses['202'].content['application/json'].schema.required).toContain(
      'capture_id',
    );
    // what the document says is what the handler checks: the same schema object validates
    const limit = doc.paths['/api/alerts'].get.parameters.find((p: { name: string }) => p.name === 'limit');
    expect(limit.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 1000 });
    expect((await t.get('/api/alerts?limit=1001')).status).toBe(400);
    expect((await t.get('/api/alerts?limit=1000')).status).toBe(200);
    expect(
      doc.paths['/api/entities/{entity_id}'].get.responses['200'].content['application/json'].schema.properties.actions,
    ).toBeDefined();
  });
});

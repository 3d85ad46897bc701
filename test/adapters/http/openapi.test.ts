// /api/openapi.json and /api/docs: every registered route appears, path parameters come from the URL,
// self-described routes bring their zod schemas; and the real app's document lists its REST and MCP routes.
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildHttpApp } from '../../../src/adapters/http/http-server.js';
import type { HealthReport } from '../../../src/adapters/http/routes/health.js';
import { openApiPath } from '../../../src/adapters/http/routes/openapi.js';
import { silentLogger } from '../../../src/core/logger.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';

const healthy: HealthReport = { status: 'ok', version: '1.2.3', uptime_s: 4, mqtt: { connected: true, broker: 'embedded' }, database: { ok: true } };

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
          { config: { openapi: { summary: 'Create a widget', query: z.object({ dry_run: z.boolean().optional().describe('only check') }), body: z.object({ name: z.string().min(1) }), response: z.object({ id: z.number() }) } } },
          async () => ({ id: 1 }),
        );
        a.route({ method: ['POST', 'GET'], url: '/mcp', handler: async () => ({}) });
      },
    ],
  });
}

describe('openapi', () => {
  it('converts fastify paths', () => {
    expect(openApiPath('/api/automations/:id/traces/:run_id')).toEqual({ path: '/api/automations/{id}/traces/{run_id}', params: ['id', 'run_id'] });
  });

  it('lists every route with path parameters, self-described schemas and honest defaults', async () => {
    const res = await app().inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc).toMatchObject({ openapi: '3.1.0', info: { title: 'Switchyard', version: '1.2.3' } });
    expect(Object.keys(doc.paths).sort()).toEqual(['/api/docs', '/api/health', '/api/openapi.json', '/api/things/{thing_id}/parts/{part}', '/api/widgets', '/mcp']);
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
    expect(widgets.parameters).toEqual([{ name: 'dry_run', in: 'query', required: false, schema: { type: 'boolean', description: 'only check' }, description: 'only check' }]);
    expect(widgets.requestBody.content['application/json'].schema).toMatchObject({ type: 'object', properties: { name: { type: 'string', minLength: 1 } }, required: ['name'] });
    expect(widgets.responses['200'].content['application/json'].schema).toMatchObject({ properties: { id: { type: 'number' } } });
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
    expect(res.body).not.toMatch(/<script|https?:\/\//);
  });

  it('the real app documents its REST routes and /mcp', async () => {
    t = await startTestApp();
    const { status, body } = await t.get('/api/openapi.json');
    expect(status).toBe(200);
    expect(body.paths).toHaveProperty('/api/automations/{id}/traces/{run_id}');
    expect(body.paths['/api/automations/{id}/trigger'].post.summary).toMatch(/Run an automation now/);
    expect(body.paths['/api/actions/{domain}/{action}'].post.parameters.map((p: { name: string }) => p.name)).toEqual(['domain', 'action']);
    expect(body.paths['/mcp'].post).toBeDefined();
    expect(body.info.version).toBe('test');
  });
});

// /api/openapi.json (made by @fastify/swagger from the routes' zod schemas) and the Swagger UI reference at
// /api/docs/: the document is valid OpenAPI 3.1 by a maintained validator, lists every route the app records,
// each with the JSON Schema of its own zod schemas; the page and its assets load from node_modules through
// relative URLs and are served to the API's clients only. The real app's detail is in openapi-app.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildHttpApp } from '../../../src/adapters/http/http-server.js';
import type { HealthReport } from '../../../src/adapters/http/routes/health.js';
import { collectedRoutes, openApiPath } from '../../../src/adapters/http/routes/openapi.js';
import { silentLogger } from '../../../src/core/logger.js';
import { expectValidOpenApi } from '../../helpers/openapi.js';

const healthy: HealthReport = {
  status: 'ok',
  version: '1.2.3',
  uptime_s: 4,
  mqtt: { connected: true, broker: 'embedded' },
  database: { ok: true },
};

const apps: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

function app(options: { apiToken?: string; underSupervisor?: boolean } = {}) {
  const a = buildHttpApp({
    log: silentLogger,
    host: '127.0.0.1',
    port: 0,
    apiToken: options.apiToken,
    underSupervisor: options.underSupervisor ?? false,
    health: () => healthy,
    routes: [
      (api) => {
        api.get('/api/things/:thing_id/parts/:part', async () => ({ ok: true }));
        api.post(
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
        api.route({ method: ['POST', 'GET'], url: '/mcp', handler: async () => ({}) });
      },
    ],
  });
  apps.push(a);
  return a;
}

const INGRESS = { 'x-ingress-path': '/api/hassio_ingress/xyz' };

describe('openapi document', () => {
  it('converts fastify paths', () => {
    expect(openApiPath('/api/automations/:id/traces/:run_id')).toEqual({
      path: '/api/automations/{id}/traces/{run_id}',
      params: ['id', 'run_id'],
    });
  });

  it('is valid OpenAPI 3.1 and lists every recorded route with its schemas and honest defaults', async () => {
    const a = app();
    const res = await a.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    await expectValidOpenApi(doc);
    expect(doc).toMatchObject({ openapi: '3.1.0', info: { title: 'Switchyard', version: '1.2.3' } });
    expect(doc.servers).toEqual([{ url: '/' }]);
    expect(doc.components.securitySchemes).toEqual({ bearer: { type: 'http', scheme: 'bearer' } });
    expect(doc.security).toEqual([{ bearer: [] }]);
    // the recorder the README's table uses and the document agree, the reference's assets left out
    const recorded = collectedRoutes(a).map((r) => `${r.method.toLowerCase()} ${openApiPath(r.url).path}`);
    const documented = Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m} ${path}`),
    );
    expect(documented.sort()).toEqual(recorded.sort());
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/docs',
      '/api/health',
      '/api/openapi.json',
      '/api/things/{thing_id}/parts/{part}',
      '/api/widgets',
      '/mcp',
    ]);
    expect(Object.keys(doc.paths['/mcp']).sort()).toEqual(['get', 'post']);
    expect(doc.paths['/mcp'].get.operationId).not.toBe(doc.paths['/mcp'].post.operationId);
    expect(doc.paths['/api/health'].head).toBeUndefined();
    const thing = doc.paths['/api/things/{thing_id}/parts/{part}'].get;
    expect(thing.summary).toBe('GET /api/things/{thing_id}/parts/{part}');
    expect(thing.parameters).toEqual([
      expect.objectContaining({ name: 'thing_id', in: 'path', required: true, schema: { type: 'string' } }),
      expect.objectContaining({ name: 'part', in: 'path', required: true, schema: { type: 'string' } }),
    ]);
    expect(thing.requestBody).toBeUndefined();
    expect(thing.responses['200']).toEqual({ description: 'Success' });
    expect(thing.responses['404'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Error',
    });
    expect(doc.components.schemas.Error).toMatchObject({ required: ['error', 'message'] });
    const widgets = doc.paths['/api/widgets'].post;
    expect(widgets.summary).toBe('Create a widget');
    expect(widgets.tags).toEqual(['widgets']);
    expect(widgets.parameters).toEqual([
      expect.objectContaining({
        name: 'dry_run',
        in: 'query',
        required: false,
        schema: { type: 'boolean' },
        description: 'only check',
      }),
    ]);
    expect(widgets.requestBody).toMatchObject({
      required: true,
      content: {
        'application/json': {
          schema: { type: 'object', properties: { name: { type: 'string', minLength: 1 } }, required: ['name'] },
        },
      },
    });
    expect(widgets.responses['200'].content['application/json'].schema).toMatchObject({
      properties: { id: { type: 'number' } },
    });
    expect(Object.keys(widgets.responses).sort()).toEqual(['200', '400', '401', '403']);
    expect(doc.paths['/api/health'].get.security).toEqual([]);
    expect(doc.paths['/api/health'].get.responses['401']).toBeUndefined();
  });

  it('names the ingress prefix as the server for clients that come through ingress', async () => {
    const res = await app().inject({ method: 'GET', url: '/api/openapi.json', headers: INGRESS });
    expect(res.json().servers).toEqual([{ url: '/api/hassio_ingress/xyz' }]);
    const spoofed = await app().inject({
      method: 'GET',
      url: '/api/openapi.json',
      headers: { 'x-ingress-path': 'https://elsewhere.example/' },
    });
    expect(spoofed.json().servers).toEqual([{ url: '/' }]);
  });
});

/** The asset URLs a page names (href and src), as written. */
const assetUrls = (html: string): string[] => [...html.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1] ?? '');

describe('the Swagger UI reference', () => {
  it('redirects /api/docs relatively and loads every asset through relative URLs under an ingress prefix', async () => {
    const a = app();
    const moved = await a.inject({ method: 'GET', url: '/api/docs?x=1', headers: INGRESS });
    expect(moved.statusCode).toBe(302);
    expect(moved.headers.location).toBe('docs/?x=1');
    const page = await a.inject({ method: 'GET', url: '/api/docs/', headers: INGRESS });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<title>Switchyard API reference</title>');
    const urls = assetUrls(page.body);
    expect(urls).toEqual(expect.arrayContaining(['./static/swagger-ui-bundle.js', './static/swagger-ui.css']));
    // the browser is at /api/hassio_ingress/xyz/api/docs/: each URL resolves inside the prefix, and the
    // ingress proxy hands the add-on the path without it
    const at = new URL('http://ha.local/api/hassio_ingress/xyz/api/docs/');
    for (const url of urls) {
      const resolved = new URL(url, at);
      expect(resolved.pathname.startsWith('/api/hassio_ingress/xyz/api/docs/'), url).toBe(true);
      const asset = await a.inject({ method: 'GET', url: resolved.pathname.replace('/api/hassio_ingress/xyz', '') });
      expect(asset.statusCode, url).toBe(200);
      expect(asset.body.length, url).toBeGreaterThan(100);
      if (url.endsWith('.js')) expect(asset.headers['content-type'], url).toMatch(/javascript/);
    }
    // the initializer loads the document next to the page (./json), with the ingress prefix as server
    const init = await a.inject({ method: 'GET', url: '/api/docs/static/swagger-initializer.js' });
    expect(init.body).toContain("resolveUrl('./json')");
    expect(init.body).toContain('"tryItOutEnabled":true');
    // no call to validator.swagger.io (the add-on may have no internet)
    expect(init.body).toContain('validatorUrl: null');
    const spec = await a.inject({ method: 'GET', url: '/api/docs/json', headers: INGRESS });
    expect(spec.json().servers).toEqual([{ url: '/api/hassio_ingress/xyz' }]);
    expect(Object.keys(spec.json().paths)).toContain('/api/widgets');
    // no CDN: nothing on the page comes from another host
    expect(urls.filter((u) => /^(https?:)?\/\//.test(u))).toEqual([]);
  });

  it('is served to the API clients only: the bearer token, loopback without one, and ingress', async () => {
    const urls = ['/api/docs', '/api/docs/', '/api/docs/static/swagger-ui-bundle.js', '/api/docs/json'];
    const withToken = app({ apiToken: 's3cret-token' });
    for (const url of [...urls, '/api/openapi.json']) {
      expect((await withToken.inject({ method: 'GET', url })).statusCode, url).toBe(401);
      const ok = await withToken.inject({ method: 'GET', url, headers: { authorization: 'Bearer s3cret-token' } });
      expect(ok.statusCode, url).toBeLessThan(400);
    }
    const local = app();
    const remote = { remoteAddress: '192.168.1.50' };
    for (const url of urls) {
      expect((await local.inject({ method: 'GET', url })).statusCode, url).toBeLessThan(400);
      expect((await local.inject({ method: 'GET', url, ...remote })).statusCode, url).toBe(403);
    }
    const ingress = app({ apiToken: 's3cret-token', underSupervisor: true });
    for (const url of urls) {
      const res = await ingress.inject({ method: 'GET', url, remoteAddress: '172.30.32.2', headers: INGRESS });
      expect(res.statusCode, url).toBeLessThan(400);
    }
  });
});

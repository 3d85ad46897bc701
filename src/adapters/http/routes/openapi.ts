// GET /api/openapi.json (an OpenAPI 3.1 description of every route registered on the instance) and
// GET /api/docs (a self-contained HTML page listing them). Routes are collected with an onRoute hook,
// so route groups added later appear without being listed here. A route can describe itself through
// `config: { openapi: { summary, params, query, body, response } }` with zod schemas; the known routes
// get a summary from the table below; bodies and responses are never guessed.
import type { FastifyInstance, RouteOptions } from 'fastify';
import { z } from 'zod';

/** What a route may declare about itself in `config.openapi`. */
export interface OpenApiRouteDoc {
  summary?: string;
  description?: string;
  tags?: string[];
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  response?: z.ZodType;
}

export interface CollectedRoute {
  readonly method: string;
  readonly url: string;
  readonly doc?: OpenApiRouteDoc;
  /** a fastify JSON schema given with the route, if any */
  readonly schema?: RouteOptions['schema'];
}

/** Summaries of the routes Switchyard registers (used when a route carries no config.openapi). */
const KNOWN: Record<string, string> = {
  'GET /api/health': 'Health of the add-on: MQTT connection, database, version, uptime (no token needed)',
  'GET /api/entities': 'List entities with their states',
  'GET /api/devices': 'List devices',
  'POST /api/actions/{domain}/{action}': 'Call an action (e.g. light/turn_on) on one or more entities; JSON body {entity_id, data}',
  'GET /api/alerts': 'List alerts',
  'GET /api/automations': 'List automations',
  'GET /api/automations/diagnostics': 'Problems found loading the automations folder',
  'POST /api/automations/reload': 'Reload the automations folder',
  'GET /api/automations/{id}': 'One automation with its configuration',
  'POST /api/automations/{id}/trigger': 'Run an automation now; JSON body {skip_condition?, variables?}',
  'POST /api/automations/{id}/enable': 'Enable an automation',
  'POST /api/automations/{id}/disable': 'Disable an automation',
  'GET /api/automations/{id}/traces': 'Recent runs of an automation',
  'GET /api/automations/{id}/traces/{run_id}': 'The step-by-step trace of one run',
  'GET /api/discovery/diagnostics': 'Problems found in MQTT discovery messages',
  'POST /mcp': 'Model Context Protocol endpoint (Streamable HTTP, JSON-RPC)',
  'GET /mcp': 'Model Context Protocol endpoint (stateless: 405)',
  'DELETE /mcp': 'Model Context Protocol endpoint (stateless: 405)',
  'GET /api/openapi.json': 'This OpenAPI document',
  'GET /api/docs': 'An HTML page listing the API operations',
};

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** Starts recording routes; call before any route is registered. */
export function collectRoutes(app: FastifyInstance): CollectedRoute[] {
  const routes: CollectedRoute[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const doc = (route.config as { openapi?: OpenApiRouteDoc } | undefined)?.openapi;
    for (const m of methods) {
      const method = String(m).toUpperCase();
      if (!METHODS.has(method)) continue; // HEAD (added for every GET) and OPTIONS
      routes.push({ method, url: route.url, ...(doc ? { doc } : {}), ...(route.schema ? { schema: route.schema } : {}) });
    }
  });
  return routes;
}

/** `/api/automations/:id` → `/api/automations/{id}`, with the parameter names. */
export function openApiPath(url: string): { path: string; params: string[] } {
  const params: string[] = [];
  const path = url.replace(/:([A-Za-z0-9_]+)(\([^)]*\))?/g, (_, name: string) => {
    params.push(name);
    return `{${name}}`;
  });
  return { path, params };
}

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

/** Query parameters from an object schema: one OpenAPI parameter per property. */
function queryParameters(schema: z.ZodType): Record<string, unknown>[] {
  const js = jsonSchema(schema, 'input');
  const props = (js['properties'] ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set((js['required'] ?? []) as string[]);
  return Object.entries(props).map(([name, s]) => ({ name, in: 'query', required: required.has(name), schema: s, ...(typeof s['description'] === 'string' ? { description: s['description'] } : {}) }));
}

const ERROR = {
  description: 'Error: {error, message}',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
};

export function buildOpenApiDocument(routes: readonly CollectedRoute[], info: { title: string; version: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const sorted = [...routes].sort((a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method));
  for (const r of sorted) {
    const { path, params } = openApiPath(r.url);
    const key = `${r.method} ${path}`;
    const doc = r.doc ?? {};
    const parameters: Record<string, unknown>[] = params.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
    if (doc.query) parameters.push(...queryParameters(doc.query));
    const tag = path.startsWith('/mcp') ? 'mcp' : (path.split('/')[2] ?? 'api');
    const op: Record<string, unknown> = {
      operationId: `${r.method.toLowerCase()}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      summary: doc.summary ?? KNOWN[key] ?? `${r.method} ${path}`,
      ...(doc.description ? { description: doc.description } : {}),
      tags: doc.tags ?? [tag],
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(doc.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(doc.body, 'input') } } } } : {}),
      responses: {
        '200': {
          description: 'Success',
          ...(doc.response ? { content: { 'application/json': { schema: jsonSchema(doc.response, 'output') } } } : {}),
        },
        ...(path === '/api/health' ? {} : { '401': ERROR, '403': ERROR }),
        ...(params.length > 0 || doc.body || r.method !== 'GET' ? { '400': ERROR } : {}),
        ...(params.length > 0 ? { '404': ERROR } : {}),
      },
      ...(path === '/api/health' ? { security: [] } : {}),
    };
    (paths[path] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: info.title,
      version: info.version,
      description: 'Switchyard REST API. Every path except /api/health needs `Authorization: Bearer <api_token>` when api_token is set; without one, only local clients and Home Assistant ingress are served.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: { type: 'object', required: ['error', 'message'], properties: { error: { type: 'string' }, message: { type: 'string' } } },
      },
    },
    paths,
  };
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** A small page listing the operations; no scripts, no external resources. */
export function docsHtml(document: Record<string, unknown>): string {
  const info = document['info'] as { title: string; version: string; description: string };
  const paths = document['paths'] as Record<string, Record<string, { summary: string; parameters?: { name: string; in: string }[] }>>;
  const rows = Object.entries(paths)
    .flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => {
        const params = (op.parameters ?? []).map((p) => `${escapeHtml(p.name)} <small>(${escapeHtml(p.in)})</small>`).join(', ');
        return `<tr><td class="m ${method}">${method.toUpperCase()}</td><td><code>${escapeHtml(path)}</code></td><td>${escapeHtml(op.summary)}</td><td>${params}</td></tr>`;
      }),
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(info.title)} API</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.4rem .6rem;text-align:left;vertical-align:top}
.m{font-weight:bold;font-family:monospace}.get{color:#0a7}.post{color:#06c}.delete{color:#c33}.put,.patch{color:#a60}
</style></head><body>
<h1>${escapeHtml(info.title)} <small>${escapeHtml(info.version)}</small></h1>
<p>${escapeHtml(info.description)}</p>
<p>Machine-readable: <a href="openapi.json">openapi.json</a> (OpenAPI 3.1).</p>
<table><thead><tr><th>Method</th><th>Path</th><th>Summary</th><th>Parameters</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>`;
}

/** Registers GET /api/openapi.json and GET /api/docs over the collected routes. */
export function registerOpenApiRoutes(app: FastifyInstance, routes: readonly CollectedRoute[], info: () => { title: string; version: string }): void {
  // built on first request, when every route is registered
  let cached: Record<string, unknown> | undefined;
  const document = () => (cached ??= buildOpenApiDocument(routes, info()));
  app.get('/api/openapi.json', async () => document());
  app.get('/api/docs', async (_request, reply) => reply.type('text/html; charset=utf-8').send(docsHtml(document())));
}

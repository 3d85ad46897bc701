// GET /api/openapi.json (an OpenAPI 3.1 description of every route registered on the instance) and
// GET /api/docs (a self-contained HTML page listing them). Routes are collected with an onRoute hook,
// so route groups added later appear without being listed here. Each route describes itself through
// `config.openapi` (see ../route-doc.ts) with the zod schemas its handler validates with; bodies and
// queries are documented with zod's input view, answers with its output view. Nothing is guessed: a
// route without a description gets its method and path as summary and no schemas.
import type { FastifyInstance, RouteOptions } from 'fastify';
import { z } from 'zod';
import { routeDoc, type OpenApiRouteDoc } from '../route-doc.js';
import { docsHtml } from './docs-page.js';

export type { OpenApiRouteDoc } from '../route-doc.js';

export interface CollectedRoute {
  readonly method: string;
  readonly url: string;
  readonly doc?: OpenApiRouteDoc;
  /** a fastify JSON schema given with the route, if any */
  readonly schema?: RouteOptions['schema'];
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const collected = new WeakMap<FastifyInstance, CollectedRoute[]>();

/** Starts recording routes; call before any route is registered. */
export function collectRoutes(app: FastifyInstance): CollectedRoute[] {
  const routes: CollectedRoute[] = [];
  collected.set(app, routes);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const doc = (route.config as { openapi?: OpenApiRouteDoc } | undefined)?.openapi;
    for (const m of methods) {
      const method = String(m).toUpperCase();
      if (!METHODS.has(method)) continue; // HEAD (added for every GET) and OPTIONS
      routes.push({
        method,
        url: route.url,
        ...(doc ? { doc } : {}),
        ...(route.schema ? { schema: route.schema } : {}),
      });
    }
  });
  return routes;
}

/** The routes recorded on an instance (with their zod schemas), e.g. to check real answers against them. */
export const collectedRoutes = (app: FastifyInstance): readonly CollectedRoute[] => collected.get(app) ?? [];

/** `/api/automations/:id` → `/api/automations/{id}`, with the parameter names. */
export function openApiPath(url: string): { path: string; params: string[] } {
  const params: string[] = [];
  const path = url.replace(/:([A-Za-z0-9_]+)(\([^)]*\))?/g, (_, name: string) => {
    params.push(name);
    return `{${name}}`;
  });
  return { path, params };
}

export type JsonSchema = Record<string, unknown>;

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

/** One OpenAPI parameter per property of an object schema (input view). */
function parameters(schema: z.ZodType, where: 'path' | 'query'): Map<string, JsonSchema> {
  const js = jsonSchema(schema, 'input');
  const props = (js['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((js['required'] ?? []) as string[]);
  return new Map(
    Object.entries(props).map(([name, s]) => [
      name,
      {
        name,
        in: where,
        required: where === 'path' || required.has(name),
        schema: s,
        ...(typeof s['description'] === 'string' ? { description: s['description'] } : {}),
      },
    ]),
  );
}

const ErrorSchema = z.object({
  error: z.string().describe('machine-readable: not_found, validation, unauthorized, unavailable, …'),
  message: z.string(),
  details: z.array(z.string()).optional().describe('validation: one line per field and problem'),
});

const ERROR = {
  description: 'Error: {error, message, details?}',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
};

const STATUS_TEXT: Record<number, string> = {
  200: 'Success',
  202: 'Accepted, running in the background',
  204: 'Done, no content',
  405: 'Method not allowed',
};

/** The route's answer: JSON by its response schema, another media type, or nothing (204). */
function answer(doc: OpenApiRouteDoc): Record<string, unknown> {
  const description = STATUS_TEXT[doc.status ?? 200] ?? 'Success';
  if (doc.produces) return { description, content: { [doc.produces]: { schema: { type: 'string' } } } };
  if (doc.response)
    return { description, content: { 'application/json': { schema: jsonSchema(doc.response, 'output') } } };
  return { description };
}

function operation(r: CollectedRoute, path: string, params: readonly string[]): Record<string, unknown> {
  const doc = r.doc ?? {};
  const declared = doc.params ? parameters(doc.params, 'path') : new Map<string, JsonSchema>();
  const list = params.map(
    (name) => declared.get(name) ?? { name, in: 'path', required: true, schema: { type: 'string' } },
  );
  if (doc.query) list.push(...parameters(doc.query, 'query').values());
  const tag = path.startsWith('/mcp') ? 'mcp' : (path.split('/')[2] ?? 'api');
  const open = path === '/api/health';
  return {
    operationId: `${r.method.toLowerCase()}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
    summary: doc.summary ?? `${r.method} ${path}`,
    ...(doc.description ? { description: doc.description } : {}),
    tags: doc.tags ?? [tag],
    ...(list.length > 0 ? { parameters: list } : {}),
    // handlers read a missing body as {}: the body is required only when {} would not do
    ...(doc.body
      ? {
          requestBody: {
            required: !doc.body.safeParse({}).success,
            content: { 'application/json': { schema: jsonSchema(doc.body, 'input') } },
          },
        }
      : {}),
    responses: {
      [String(doc.status ?? 200)]: answer(doc),
      ...(open ? {} : { '401': ERROR, '403': ERROR }),
      ...(params.length > 0 || doc.body || doc.query || r.method !== 'GET' ? { '400': ERROR } : {}),
      ...(params.length > 0 ? { '404': ERROR } : {}),
    },
    ...(open ? { security: [] } : {}),
  };
}

export function buildOpenApiDocument(
  routes: readonly CollectedRoute[],
  info: { title: string; version: string },
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const sorted = [...routes].sort((a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method));
  for (const r of sorted) {
    const { path, params } = openApiPath(r.url);
    const operations = paths[path] ?? {};
    operations[r.method.toLowerCase()] = operation(r, path, params);
    paths[path] = operations;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: info.title,
      version: info.version,
      description:
        'Switchyard REST API. Every path except /api/health needs `Authorization: Bearer <api_token>` when api_token is set; without one, only local clients and Home Assistant ingress are served.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { Error: jsonSchema(ErrorSchema, 'output') },
    },
    paths,
  };
}

const DocumentSchema = z.looseObject({
  openapi: z.literal('3.1.0'),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z
    .record(z.string(), z.record(z.string(), z.unknown()))
    .describe('one entry per route, with its parameters, body and answer schemas'),
});

/** Registers GET /api/openapi.json and GET /api/docs over the collected routes. */
export function registerOpenApiRoutes(
  app: FastifyInstance,
  routes: readonly CollectedRoute[],
  info: () => { title: string; version: string },
): void {
  // built on first request, when every route is registered
  let cached: Record<string, unknown> | undefined;
  const document = () => (cached ??= buildOpenApiDocument(routes, info()));
  app.get('/api/openapi.json', routeDoc({ summary: 'This OpenAPI document', response: DocumentSchema }), async () =>
    document(),
  );
  app.get(
    '/api/docs',
    routeDoc({ summary: 'An HTML page listing the API operations', produces: 'text/html' }),
    async (_request, reply) => reply.type('text/html; charset=utf-8').send(docsHtml(document())),
  );
}

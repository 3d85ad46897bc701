// What @fastify/swagger documents for a route: its `config.openapi` (route-doc.ts) turned into a fastify route
// schema of zod objects (summary, tags, params, querystring, body, responses with the shared Error), which
// fastify-type-provider-zod's transform converts to JSON Schema (bodies and queries in zod's input view,
// answers in its output view). The routes keep validating with the same zod objects in their handlers
// (parseInput), so the fastify schema is handed to swagger only, never compiled: nothing changes at run time.
import type { RouteOptions } from 'fastify';
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { OpenApiRouteDoc } from './route-doc.js';

/** Every error answer (error-handler.ts), shown once under components as `Error`. */
export const ErrorSchema = z
  .object({
    error: z.string().describe('machine-readable: not_found, validation, unauthorized, unavailable, …'),
    message: z.string(),
    details: z.array(z.string()).optional().describe('validation: one line per field and problem'),
  })
  .meta({ id: 'Error', description: 'Error: {error, message, details?}' });

/** Served without a token: the health check, and routes that say so (webhooks, see auth.ts). */
const OPEN_PATHS = new Set(['/api/health']);

/** Routes a plugin registers (Swagger UI), documented here as they carry no `config.openapi`. */
const PLUGIN_DOCS: Record<string, OpenApiRouteDoc> = {
  'GET /api/docs': {
    summary: 'The interactive API reference (Swagger UI, try it out)',
    description: 'Redirects to /api/docs/: Swagger UI over /api/openapi.json, also under Home Assistant ingress.',
    status: 302,
  },
};

/** A route as fastify's onRoute hook gives it (only what this file reads). */
export type HookedRoute = Pick<RouteOptions, 'method' | 'url' | 'config' | 'schema'>;

/** The route's description, or 'hidden' for a plugin's asset routes that carry `schema.hide`. */
export function routeDocOf(route: HookedRoute, method: string): OpenApiRouteDoc | 'hidden' | undefined {
  const own = (route.config as { openapi?: OpenApiRouteDoc } | undefined)?.openapi;
  if (own) return own;
  // fastify reports a plugin's index route as `/api/docs` to some onRoute hooks and `/api/docs/` to others
  const plugin = PLUGIN_DOCS[`${method} ${route.url.replace(/(.)\/$/, '$1')}`];
  if (plugin) return plugin;
  return (route.schema as { hide?: boolean } | undefined)?.hide === true ? 'hidden' : undefined;
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

const STATUS_TEXT: Record<number, string> = {
  200: 'Success',
  202: 'Accepted, running in the background',
  204: 'Done, no content',
  302: 'Redirect',
  405: 'Method not allowed',
};

const error = (description: string) => ({ description, content: { 'application/json': { schema: ErrorSchema } } });

/** The route's answer: JSON by its response schema, another media type, or nothing. */
function answer(doc: OpenApiRouteDoc): unknown {
  const description = STATUS_TEXT[doc.status ?? 200] ?? 'Success';
  if (doc.produces) return { description, content: { [doc.produces]: { schema: doc.events ?? z.string() } } };
  if (doc.response) return { description, content: { 'application/json': { schema: doc.response } } };
  return z.null().describe(description);
}

/** The fastify route schema (zod objects) @fastify/swagger documents for one route. */
export function routeSchema(route: HookedRoute, doc: OpenApiRouteDoc): Record<string, unknown> {
  const { path, params } = openApiPath(route.url);
  const open =
    OPEN_PATHS.has(path) || (route.config as { unauthenticated?: unknown } | undefined)?.unauthenticated === true;
  const methods = (Array.isArray(route.method) ? route.method : [route.method]).map(String);
  const takesInput = params.length > 0 || doc.body || doc.query || methods.some((m) => m !== 'GET');
  return {
    summary: doc.summary ?? `${methods.join(', ')} ${path}`,
    ...(doc.description ? { description: doc.description } : {}),
    tags: doc.tags ?? [path.startsWith('/mcp') ? 'mcp' : (path.split('/')[2] ?? 'api')],
    ...(doc.params ? { params: doc.params } : {}),
    ...(doc.query ? { querystring: doc.query } : {}),
    ...(doc.body ? { body: doc.body } : {}),
    response: {
      [String(doc.status ?? 200)]: answer(doc),
      ...(takesInput ? { 400: error('Invalid input: each field and problem in details') } : {}),
      ...(open ? {} : { 401: error('Missing or wrong bearer token'), 403: error('Not a local client (no api_token)') }),
      ...(params.length > 0 ? { 404: error('Not found') } : {}),
    },
    ...(open ? { security: [] } : {}),
  };
}

type Transform = ReturnType<typeof createJsonSchemaTransform>;
type TransformObject = ReturnType<typeof createJsonSchemaTransformObject>;
type Operation = Record<string, unknown> & {
  requestBody?: { required?: boolean; content?: Record<string, Record<string, unknown>> };
};

/** `get` + `/api/automations/{id}` → `getApiAutomationsId`. */
const operationId = (method: string, path: string): string =>
  `${method}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`;

/**
 * The transforms @fastify/swagger runs: one per route (its `config.openapi` → JSON Schema through the zod type
 * provider) and one over the whole document (shared schemas; an operation id per method; a body required only
 * when `{}` would not do, as handlers read a missing body as `{}`; the route's body example).
 */
export function swaggerTransforms(): { transform: Transform; transformObject: TransformObject } {
  const zodTransform = createJsonSchemaTransform({});
  const zodObject = createJsonSchemaTransformObject({});
  const optionalBody = new Set<string>();
  const examples = new Map<string, unknown>();
  const transform: Transform = (input) => {
    const route = input.route as HookedRoute;
    const method = String(Array.isArray(route.method) ? route.method[0] : route.method);
    const doc = routeDocOf(route, method);
    if (doc === 'hidden') return { schema: { hide: true }, url: input.url };
    const found = doc ?? {};
    const path = openApiPath(input.url).path;
    if (found.body?.safeParse({}).success) optionalBody.add(path);
    if (found.example !== undefined) examples.set(path, found.example);
    const url = route.url.replace(/(.)\/$/, '$1');
    return zodTransform({ ...input, url, schema: routeSchema({ ...route, url }, found) } as Parameters<Transform>[0]);
  };
  const transformObject: TransformObject = (input) => {
    const document = zodObject(input) as {
      paths?: Record<string, Record<string, Operation>>;
      components?: { schemas?: Record<string, unknown> };
    };
    // the type provider adds each shared schema's input view too (`ErrorInput`): kept only where referenced
    const used = JSON.stringify(document.paths ?? {});
    for (const name of Object.keys(document.components?.schemas ?? {}))
      if (name.endsWith('Input') && !used.includes(`"#/components/schemas/${name}"`))
        delete document.components?.schemas?.[name];
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      for (const [method, op] of Object.entries(item)) {
        const json = op.requestBody?.content?.['application/json'];
        const example = examples.has(path) ? { example: examples.get(path) } : {};
        const content = json && { ...op.requestBody?.content, 'application/json': { ...json, ...example } };
        const requestBody = op.requestBody && { ...op.requestBody, content, required: !optionalBody.has(path) };
        item[method] = { operationId: operationId(method, path), ...op, ...(requestBody ? { requestBody } : {}) };
      }
    }
    return document as ReturnType<TransformObject>;
  };
  return { transform, transformObject };
}

// The OpenAPI 3.1 document of every route registered on the instance, made by @fastify/swagger from the routes'
// own zod schemas (route-doc.ts → route-schema.ts, converted by fastify-type-provider-zod), served at
// GET /api/openapi.json and under the interactive reference (docs-page.ts). Routes are seen through onRoute
// hooks, so route groups added later appear without being listed here; a route without a description gets
// its method and path as summary and no schemas. The document is built on the first request, then cached.
import fastifySwagger from '@fastify/swagger';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { z } from 'zod';
import { routeDoc, type OpenApiRouteDoc } from '../route-doc.js';
import { routeDocOf, swaggerTransforms } from '../route-schema.js';

export type { OpenApiRouteDoc } from '../route-doc.js';
export { openApiPath } from '../route-schema.js';

export interface CollectedRoute {
  readonly method: string;
  readonly url: string;
  readonly doc?: OpenApiRouteDoc;
  /** a fastify JSON schema given with the route, if any */
  readonly schema?: RouteOptions['schema'];
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const collected = new WeakMap<FastifyInstance, CollectedRoute[]>();

/** Starts recording routes (not a plugin's hidden asset routes); call before any route is registered. */
export function collectRoutes(app: FastifyInstance): CollectedRoute[] {
  const routes: CollectedRoute[] = [];
  collected.set(app, routes);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const m of methods) {
      const method = String(m).toUpperCase();
      if (!METHODS.has(method)) continue; // HEAD (added for every GET) and OPTIONS
      const doc = routeDocOf(route, method);
      if (doc === 'hidden') continue;
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

/** The ingress prefix from X-Ingress-Path when it looks like one, else '' (served directly at /). */
export function ingressPrefix(request: Pick<FastifyRequest, 'headers'>): string {
  const raw = request.headers['x-ingress-path'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (typeof value !== 'string') return '';
  const trimmed = value.replace(/\/+$/, '');
  return /^\/[A-Za-z0-9._~\-/]*$/.test(trimmed) && !trimmed.includes('//') && !trimmed.includes('/../') ? trimmed : '';
}

/** The document as this client reaches the API: its server is the ingress prefix when there is one. */
export const forClient = (document: object, request: FastifyRequest): Record<string, unknown> => ({
  ...document,
  servers: [{ url: ingressPrefix(request) || '/' }],
});

const DESCRIPTION =
  'Switchyard REST API. Every path except /api/health and the webhooks needs `Authorization: Bearer <api_token>` when api_token is set; without one, only local clients and Home Assistant ingress are served. Under Home Assistant ingress no token is needed.';

const DocumentSchema = z.looseObject({
  openapi: z.literal('3.1.0'),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z
    .record(z.string(), z.record(z.string(), z.unknown()))
    .describe('one entry per route, with its parameters, body and answer schemas'),
});

/**
 * Registers @fastify/swagger on the root instance: call before any route, as it records them with its own
 * onRoute hook once loaded (buildHttpApp registers the routes in a plugin after it).
 */
export function registerOpenApi(app: FastifyInstance, info: () => { title: string; version: string }): void {
  const { transform, transformObject } = swaggerTransforms();
  void app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Switchyard', version: '' },
      servers: [{ url: '/' }],
      security: [{ bearer: [] }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform,
    // the version is read when the document is first asked for, as health knows it then
    transformObject: (input) => ({ ...transformObject(input), info: { ...info(), description: DESCRIPTION } }),
  });
}

/** GET /api/openapi.json: the document @fastify/swagger built; register after registerOpenApi. */
export function registerOpenApiRoute(app: FastifyInstance): void {
  app.get(
    '/api/openapi.json',
    routeDoc({
      summary: 'This OpenAPI document',
      description: 'OpenAPI 3.1, generated from the zod schemas each route validates with.',
      tags: ['docs'],
      response: DocumentSchema,
    }),
    async (request) => forClient(app.swagger(), request),
  );
}

// GET /api/docs/: the interactive API reference, Swagger UI (@fastify/swagger-ui) over the OpenAPI document
// of openapi.ts, with "Try it out" against this server. Its assets come from the package in node_modules (no
// CDN: the add-on may have no internet) and load from relative URLs, so the page works under Home Assistant
// ingress (/api/hassio_ingress/<token>/api/docs/); /api/docs, which the panel links to, redirects to it
// relatively. Requests go through the same auth hook as the rest of the API (auth.ts).
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { forClient } from './openapi.js';

export const DOCS_PREFIX = '/api/docs';

/** Registers Swagger UI under /api/docs; after registerOpenApi, before the routes plugin. */
export function registerDocsPage(app: FastifyInstance, title: string): void {
  void app.register(fastifySwaggerUi, {
    routePrefix: DOCS_PREFIX,
    // the spec Swagger UI loads (./json next to the page) names this client's server: the ingress prefix
    transformSpecification: (spec, request) => forClient(spec, request),
    transformSpecificationClone: false,
    uiConfig: {
      deepLinking: true,
      docExpansion: 'list',
      filter: true,
      displayRequestDuration: true,
      tryItOutEnabled: true,
      persistAuthorization: false,
    },
    theme: { title: `${title} API reference` },
    uiHooks: {
      // without the trailing slash the page's relative asset URLs would point one folder up: send the browser to
      // `docs/` by a relative Location, which keeps an ingress prefix the server never sees
      onRequest: async (request, reply) => {
        const [path, query] = request.url.split('?', 2) as [string, string | undefined];
        if (path === DOCS_PREFIX) return reply.redirect(`docs/${query === undefined ? '' : `?${query}`}`);
      },
    },
  });
}

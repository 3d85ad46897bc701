// How a route describes itself for /api/openapi.json and /api/docs/: `config.openapi` with zod schemas for its path
// parameters, query, body and response. The handler validates with the very same schema objects
// (parseInput), so the document cannot drift from what the route accepts.
import type { z } from 'zod';

/** What a route may declare about itself in `config.openapi`. */
export interface OpenApiRouteDoc {
  summary?: string;
  description?: string;
  tags?: string[];
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** the JSON the handler answers with (documented with zod's output view) */
  response?: z.ZodType;
  /** the status the route answers with when it is not 200: 202 for a started capture, 204 for a removal, 405 */
  status?: number;
  /** a success answer that is not JSON (the HTML pages), by media type */
  produces?: string;
  /** a `text/event-stream` answer: the JSON of each event's data (documented as the stream's schema) */
  events?: z.ZodType;
  /** a request body to show and to try first in the reference (a test checks it passes `body`) */
  example?: unknown;
}

/** Route options carrying a description; every Switchyard route passes one (summary required here). */
export const routeDoc = (doc: OpenApiRouteDoc & { summary: string }) => ({ config: { openapi: doc } });

// @fastify/swagger declares `config.swagger`, which makes fastify's route config a weak type: declare ours too
declare module 'fastify' {
  interface FastifyContextConfig {
    openapi?: OpenApiRouteDoc;
    /** served without a token (webhooks; see auth.ts) */
    unauthenticated?: boolean;
  }
}

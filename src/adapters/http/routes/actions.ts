import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createContext } from '../../../core/context.js';
import type { ApiDeps } from './api-deps.js';
import { routeDoc } from '../route-doc.js';
import { parseInput } from '../validate.js';

const Params = z.object({
  domain: z.string().regex(/^[a-z_]+$/, 'must be a domain like light or switch'),
  action: z.string().regex(/^[a-z_]+$/, 'must be an action like turn_on'),
});

const Body = z.object({
  entity_id: z.union([z.string().min(1), z.array(z.string().min(1)).min(1).max(100)]).describe('one entity or up to 100; all are checked before anything is sent'),
  data: z.record(z.string(), z.unknown()).default({}).describe('action parameters, e.g. {"brightness": 128}; GET /api/entities/{entity_id} lists them under actions'),
});

/** core/commands.ts ActionResult, one per entity */
const Result = z.object({
  context_id: z.string().describe('the context of this call, as seen in traces and state changes'),
  results: z.array(
    z.object({
      entity_id: z.string(),
      action: z.string(),
      published: z.array(z.object({ topic: z.string(), payload: z.string(), qos: z.union([z.literal(0), z.literal(1), z.literal(2)]), retain: z.boolean() })).describe('the MQTT messages sent'),
      optimistic: z.boolean().describe('true when the state was set at once because the entity has no state feedback'),
    }),
  ),
});

export function registerActionRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.post('/api/actions/:domain/:action', routeDoc({ summary: 'Call an action (e.g. light/turn_on) on one or more entities', params: Params, body: Body, response: Result }), async (request) => {
    const { domain, action } = parseInput(Params, request.params, 'path');
    const body = parseInput(Body, request.body ?? {}, 'body');
    const ids = Array.isArray(body.entity_id) ? body.entity_id : [body.entity_id];
    const context = createContext('api');
    // validate every target before anything is published
    for (const id of ids) deps.commands.allowedActions(id);
    const results = [];
    for (const entity_id of ids) results.push(await deps.commands.execute({ domain, action, entity_id, data: body.data, context }));
    return { context_id: context.id, results };
  });
}

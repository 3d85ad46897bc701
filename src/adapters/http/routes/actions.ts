import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createContext } from '../../../core/context.js';
import type { ApiDeps } from './api-deps.js';
import { parseInput } from '../validate.js';

const Params = z.object({
  domain: z.string().regex(/^[a-z_]+$/, 'must be a domain like light or switch'),
  action: z.string().regex(/^[a-z_]+$/, 'must be an action like turn_on'),
});

const Body = z.object({
  entity_id: z.union([z.string().min(1), z.array(z.string().min(1)).min(1).max(100)]),
  data: z.record(z.string(), z.unknown()).default({}),
});

export function registerActionRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.post('/api/actions/:domain/:action', async (request) => {
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

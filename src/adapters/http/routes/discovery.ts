import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ApiDeps } from './api-deps.js';
import { routeDoc } from '../route-doc.js';

/** core/ports.ts Diagnostic */
const Diagnostics = z.object({
  count: z.number().int(),
  diagnostics: z.array(
    z.object({
      topic: z.string(),
      reason: z.string(),
      time: z.string(),
      entity_id: z.string().optional().describe('the entity concerned, when the problem belongs to a known entity'),
      kind: z.enum(['discovery', 'template', 'state']),
    }),
  ),
});

export function registerDiscoveryRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get('/api/discovery/diagnostics', routeDoc({ summary: 'Rejected MQTT discovery configs and messages, with the reason', response: Diagnostics }), async () => {
    const diagnostics = deps.diagnostics.diagnostics();
    return { count: diagnostics.length, diagnostics };
  });
}

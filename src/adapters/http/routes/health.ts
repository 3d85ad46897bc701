import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { routeDoc } from '../route-doc.js';

/** The health report; the type is derived from it so the document and the code cannot disagree. */
export const HealthReportSchema = z.object({
  status: z.enum(['ok', 'degraded']).describe('degraded when MQTT is disconnected or the database does not answer'),
  version: z.string(),
  uptime_s: z.number(),
  mqtt: z.object({
    connected: z.boolean(),
    broker: z.string().describe('broker URL without credentials, or "embedded"'),
  }),
  database: z.object({ ok: z.boolean() }),
  reasons: z
    .array(z.string())
    .optional()
    .describe('when degraded: why, in words (e.g. the broker is not reachable and Switchyard keeps reconnecting)'),
});

export type HealthReport = z.infer<typeof HealthReportSchema>;

export function registerHealthRoutes(app: FastifyInstance, health: () => HealthReport): void {
  app.get(
    '/api/health',
    routeDoc({
      summary: 'Health of the add-on: MQTT connection, database, version, uptime (no token needed)',
      response: HealthReportSchema,
    }),
    async () => health(),
  );
}

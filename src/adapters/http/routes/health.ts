import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { routeDoc } from '../route-doc.js';

/** The health report; the type is derived from it so the document and the code cannot disagree. */
export const HealthReportSchema = z.object({
  status: z
    .enum(['ok', 'degraded'])
    .describe('degraded when MQTT is disconnected, or the database does not answer or cannot be written'),
  version: z.string(),
  uptime_s: z.number(),
  mqtt: z.object({
    connected: z.boolean(),
    broker: z.string().describe('broker URL without credentials, or "embedded"'),
  }),
  database: z.object({
    ok: z.boolean(),
    writable: z
      .boolean()
      .optional()
      .describe('false while the database refuses writes (disk full, read-only): writes wait in memory'),
    waiting: z.number().int().optional().describe('writes held in memory until the database takes them again'),
    dropped: z
      .number()
      .int()
      .optional()
      .describe(
        'writes dropped since the start: more waited than the bound (the oldest history rows), or refused for good',
      ),
  }),
  cluster: z
    .object({
      instance: z.string().describe('cluster_instance'),
      holder: z.string().describe('the name this process claims leases under: the instance and an id of this start'),
      roles: z
        .object({ automations: z.boolean(), announcer: z.boolean() })
        .describe('the roles this instance holds now: it runs the automations / the ESP32 bridge and announcer'),
      exchange: z
        .object({
          sent: z.number().int(),
          batches: z.number().int(),
          received: z.number().int(),
          applied: z.number().int(),
          refused: z.number().int(),
          lastRefusal: z.string().nullable(),
        })
        .describe('state changes sent to and received from the other instances (the rest were older than ours)'),
      triggers: z
        .object({
          ran: z.number().int(),
          handledElsewhere: z.number().int(),
          takenOver: z.number().int(),
          unmarked: z.number().int(),
          refused: z.number().int(),
          pending: z.number().int(),
        })
        .describe(
          'fired triggers: run here as the leader, run by the leader, run here when taking over, dropped unmarked',
        ),
    })
    .optional()
    .describe('only with several instances (cluster_instance)'),
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

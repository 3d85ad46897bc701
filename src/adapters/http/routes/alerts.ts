import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../../core/errors.js';
import type { ApiDeps } from './api-deps.js';
import { routeDoc } from '../route-doc.js';
import { parseInput } from '../validate.js';

const Query = z.object({
  active: z.enum(['true', 'false']).optional().describe('true: only alerts not acknowledged yet'),
  device_id: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
const AlertParams = z.object({ id: z.coerce.number().int().positive() });

/** core/alerts.ts Alert */
const AlertSchema = z.object({
  id: z.number().int(),
  time: z.string(),
  severity: z.enum(['info', 'warning', 'error', 'critical']),
  type: z.string().describe('device_timeout, device_error, command_timeout, command_failed, …'),
  message: z.string(),
  device_id: z.string().nullable(),
  entity_id: z.string().nullable(),
  acknowledged_at: z.string().nullable(),
});
const AlertList = z.object({ count: z.number().int(), alerts: z.array(AlertSchema) });

export function registerAlertRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get('/api/alerts', routeDoc({ summary: 'List alerts, newest first', query: Query, response: AlertList }), async (request) => {
    const q = parseInput(Query, request.query, 'query');
    const alerts = deps.alerts.list({
      ...(q.active === 'true' ? { active: true } : {}),
      ...(q.device_id !== undefined ? { device_id: q.device_id } : {}),
      ...(q.limit !== undefined ? { limit: q.limit } : {}),
    });
    return { count: alerts.length, alerts };
  });

  app.post('/api/alerts/:id/acknowledge', routeDoc({ summary: 'Acknowledge an alert', params: AlertParams, response: AlertSchema }), async (request) => {
    const { id } = parseInput(AlertParams, request.params, 'path');
    const alert = deps.alerts.acknowledge(id);
    if (!alert) throw new NotFoundError(`no alert ${id}`);
    return alert;
  });
}

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../../core/errors.js';
import type { ApiDeps } from './api-deps.js';
import { parseInput } from '../validate.js';

const Query = z.object({
  active: z.enum(['true', 'false']).optional(),
  device_id: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

export function registerAlertRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get('/api/alerts', async (request) => {
    const q = parseInput(Query, request.query, 'query');
    const alerts = deps.alerts.list({
      ...(q.active === 'true' ? { active: true } : {}),
      ...(q.device_id !== undefined ? { device_id: q.device_id } : {}),
      ...(q.limit !== undefined ? { limit: q.limit } : {}),
    });
    return { count: alerts.length, alerts };
  });

  app.post<{ Params: { id: string } }>('/api/alerts/:id/acknowledge', async (request) => {
    const { id } = parseInput(z.object({ id: z.coerce.number().int().positive() }), request.params, 'path');
    const alert = deps.alerts.acknowledge(id);
    if (!alert) throw new NotFoundError(`no alert ${id}`);
    return alert;
  });
}

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { acknowledgeAlert, AlertSchema, getAlerts, GetAlertsOutput } from '../../../usecases/alerts.js';
import type { UseCaseDeps } from '../../../usecases/deps.js';
import { routeDoc } from '../route-doc.js';
import { parseInput } from '../validate.js';

const Query = z.object({
  active: z.enum(['true', 'false']).optional().describe('true: only alerts not acknowledged yet'),
  device_id: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
const AlertParams = z.object({ id: z.coerce.number().int().positive() });

/** Alerts, as get_alerts and acknowledge_alert (one alert per call). */
export function registerAlertRoutes(app: FastifyInstance, deps: UseCaseDeps): void {
  app.get(
    '/api/alerts',
    routeDoc({ summary: 'List alerts, newest first', query: Query, response: GetAlertsOutput }),
    async (request) => {
      const q = parseInput(Query, request.query, 'query');
      return getAlerts(deps, { active_only: q.active === 'true', device_id: q.device_id, limit: q.limit });
    },
  );

  app.post(
    '/api/alerts/:id/acknowledge',
    routeDoc({ summary: 'Acknowledge an alert', params: AlertParams, response: AlertSchema }),
    async (request) => {
      const { id } = parseInput(AlertParams, request.params, 'path');
      return acknowledgeAlert(deps, { alert_ids: [id] }).acknowledged[0];
    },
  );
}

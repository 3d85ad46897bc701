import type { FastifyInstance } from 'fastify';
import { routeDoc } from '../route-doc.js';
import type { ToolApi } from './tool-api.js';

/** Areas and the add-on's status, as list_areas and get_system_status report them. */
export function registerSystemRoutes(app: FastifyInstance, tools: ToolApi): void {
  app.get('/api/areas', routeDoc({ summary: 'Areas (rooms) with device and entity counts, as list_areas', response: tools.schemas.listAreas.output }), async () => tools.listAreas());
  app.get('/api/system/status', routeDoc({ summary: 'Add-on status with entity, device, alert and automation counts, as get_system_status', response: tools.schemas.systemStatus.output }), async () => tools.systemStatus());
}

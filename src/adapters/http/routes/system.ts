import type { FastifyInstance } from 'fastify';
import type { ToolApi } from './tool-api.js';

/** Areas and the add-on's status, as list_areas and get_system_status report them. */
export function registerSystemRoutes(app: FastifyInstance, tools: ToolApi): void {
  app.get('/api/areas', { config: { openapi: { summary: 'Areas (rooms) with device and entity counts, as list_areas' } } }, async () => tools.listAreas());
  app.get('/api/system/status', { config: { openapi: { summary: 'Add-on status with entity, device, alert and automation counts, as get_system_status' } } }, async () => tools.systemStatus());
}

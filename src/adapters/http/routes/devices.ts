import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sameArea } from '../../../core/areas.js';
import { NotFoundError } from '../../../core/errors.js';
import type { ApiDeps } from './api-deps.js';
import { entitySummary } from './entities.js';
import { parseInput } from '../validate.js';

const ListQuery = z.object({ area: z.string().optional(), q: z.string().optional() });

export function registerDeviceRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const entitiesOf = (deviceId: string) => deps.registry.entities().filter((e) => e.device_id === deviceId);

  app.get('/api/devices', async (request) => {
    const query = parseInput(ListQuery, request.query, 'query');
    const q = query.q?.toLowerCase();
    const devices = deps.registry
      .devices()
      .filter((d) => query.area === undefined || sameArea(d.area, query.area))
      .filter((d) => q === undefined || [d.name, d.manufacturer, d.model].some((t) => t?.toLowerCase().includes(q)))
      .sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id))
      .map((d) => ({ ...d, entity_count: entitiesOf(d.id).length }));
    return { count: devices.length, devices };
  });

  app.get<{ Params: { id: string } }>('/api/devices/:id', async (request) => {
    const device = deps.registry.device(request.params.id);
    if (!device) throw new NotFoundError(`no device '${request.params.id}'`);
    return { ...device, ...deps.deviceDetails(device.id), entities: entitiesOf(device.id).map((e) => entitySummary(deps, e)) };
  });

  app.delete<{ Params: { id: string } }>('/api/devices/:id', async (request, reply) => {
    if (!deps.registry.device(request.params.id)) throw new NotFoundError(`no device '${request.params.id}'`);
    await deps.removeDevice(request.params.id);
    return reply.status(204).send();
  });
}

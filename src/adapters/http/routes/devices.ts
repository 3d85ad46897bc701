import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sameArea } from '../../../core/areas.js';
import { NotFoundError } from '../../../core/errors.js';
import type { ApiDeps } from './api-deps.js';
import { entitySummary } from './entities.js';
import { routeDoc } from '../route-doc.js';
import { DeviceSchema, EntitySummarySchema } from '../schemas.js';
import { parseInput } from '../validate.js';

const ListQuery = z.object({
  area: z.string().optional().describe('only devices in this area ("living_room" = "Living Room")'),
  q: z.string().optional().describe('text in the name, manufacturer or model (case-insensitive)'),
});
const DeviceParams = z.object({ id: z.string() });

const DeviceList = z.object({ count: z.number().int(), devices: z.array(DeviceSchema.extend({ entity_count: z.number().int() })) });

/** live facts only devices whose owner tracks them have (the ESP32 bridge): see ApiDeps.deviceDetails */
const DeviceDetails = DeviceSchema.extend({
  online: z.boolean().optional(),
  last_seen: z.string().nullable().optional(),
  metrics: z.record(z.string(), z.unknown()).optional(),
  counters: z.record(z.string(), z.number()).optional(),
  entities: z.array(EntitySummarySchema),
  triggers: z
    .array(z.object({ type: z.string(), subtype: z.string(), discovery_id: z.string(), topic: z.string(), payload: z.string().nullable() }))
    .describe("the device triggers it announced (device_automation): an automation uses them as trigger: device, domain: mqtt, device_id, type, subtype"),
  tag_scanners: z
    .array(z.object({ topic: z.string() }))
    .describe('its tag scanners (tag configs): a tag read there fires trigger: tag with the tag id and this device_id'),
});

export function registerDeviceRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const entitiesOf = (deviceId: string) => deps.registry.deviceEntities(deviceId);

  app.get('/api/devices', routeDoc({ summary: 'List devices with their entity counts', query: ListQuery, response: DeviceList }), async (request) => {
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

  app.get('/api/devices/:id', routeDoc({ summary: 'One device with its entities and, for ESP32 devices, online state, metrics and counters', params: DeviceParams, response: DeviceDetails }), async (request) => {
    const { id } = parseInput(DeviceParams, request.params, 'path');
    const device = deps.registry.device(id);
    if (!device) throw new NotFoundError(`no device '${id}'`);
    const triggers = deps.registry.deviceTriggers.list(device.id).map((t) => ({ type: t.type, subtype: t.subtype, discovery_id: t.discovery_id, topic: t.topic, payload: t.payload }));
    return { ...device, ...deps.deviceDetails(device.id), entities: entitiesOf(device.id).map((e) => entitySummary(deps, e)), triggers, tag_scanners: deps.tagScanners(device.id) };
  });

  app.delete('/api/devices/:id', routeDoc({ summary: 'Remove an ESP32 device Switchyard owns, with everything it announced (204)', params: DeviceParams, status: 204 }), async (request, reply) => {
    const { id } = parseInput(DeviceParams, request.params, 'path');
    if (!deps.registry.device(id)) throw new NotFoundError(`no device '${id}'`);
    await deps.removeDevice(id);
    return reply.status(204).send();
  });
}

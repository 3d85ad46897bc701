import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { UseCaseDeps } from '../../../usecases/deps.js';
import {
  DeviceRecordInput,
  deviceRecord,
  ListDeviceRecordsInput,
  listDeviceRecords,
  removeDevice,
} from '../../../usecases/devices.js';
import { EntitySummarySchema } from '../../../usecases/shared.js';
import { routeDoc } from '../route-doc.js';
import { DeviceSchema } from '../schemas.js';
import { parseInput } from '../validate.js';

const DeviceList = z.object({
  count: z.number().int(),
  devices: z.array(DeviceSchema.extend({ entity_count: z.number().int() })),
});

/** live facts only devices whose owner tracks them have (the ESP32 bridge) */
const DeviceDetails = DeviceSchema.extend({
  online: z.boolean().optional(),
  last_seen: z.string().nullable().optional(),
  metrics: z.record(z.string(), z.unknown()).optional(),
  counters: z.record(z.string(), z.number()).optional(),
  entities: z.array(EntitySummarySchema),
  triggers: z
    .array(
      z.object({
        type: z.string(),
        subtype: z.string(),
        discovery_id: z.string(),
        topic: z.string(),
        payload: z.string().nullable(),
      }),
    )
    .describe(
      'the device triggers it announced (device_automation): ' +
        'an automation uses them as trigger: device, domain: mqtt, device_id, type, subtype',
    ),
  tag_scanners: z
    .array(z.object({ topic: z.string() }))
    .describe('its tag scanners (tag configs): a tag read there fires trigger: tag with the tag id and this device_id'),
});

export function registerDeviceRoutes(app: FastifyInstance, deps: UseCaseDeps): void {
  app.get(
    '/api/devices',
    routeDoc({ summary: 'List devices with their entity counts', query: ListDeviceRecordsInput, response: DeviceList }),
    async (request) => listDeviceRecords(deps, parseInput(ListDeviceRecordsInput, request.query, 'query')),
  );

  app.get(
    '/api/devices/:id',
    routeDoc({
      summary: 'One device with its entities and, for ESP32 devices, online state, metrics and counters',
      params: DeviceRecordInput,
      response: DeviceDetails,
    }),
    async (request) => deviceRecord(deps, parseInput(DeviceRecordInput, request.params, 'path')),
  );

  app.delete(
    '/api/devices/:id',
    routeDoc({
      summary: 'Remove an ESP32 device Switchyard owns, with everything it announced (204)',
      params: DeviceRecordInput,
      status: 204,
    }),
    async (request, reply) => {
      await removeDevice(deps, parseInput(DeviceRecordInput, request.params, 'path'));
      return reply.status(204).send();
    },
  );
}

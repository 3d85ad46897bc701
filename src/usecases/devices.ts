// Devices: find them (fuzzy words or plain text, area, source), read one with its entities, triggers and
// live details, remove one Switchyard owns.
import { z } from 'zod';
import { sameArea } from '../core/areas.js';
import { UnavailableError } from '../core/errors.js';
import type { Device } from '../core/model.js';
import type { UseCaseDeps } from './deps.js';
import {
  cursorArg,
  entitySummary,
  EntitySummarySchema,
  jsonRecord,
  limitArg,
  needDevice,
  pageOutput,
  paginate,
  type LookupDeps,
} from './shared.js';
import { normalizeText, wordMatches } from '../core/similarity.js';

type DeviceDeps = Pick<UseCaseDeps, 'registry' | 'states' | 'deviceDetails'>;

/** Which devices: every given filter must hold. */
export interface DeviceFilter {
  /** words in the id, name, manufacturer, model or area, typos tolerated */
  readonly query?: string | undefined;
  /** plain text in the name, manufacturer or model (case-insensitive) */
  readonly text?: string | undefined;
  readonly area?: string | undefined;
  readonly source?: string | undefined;
}

/** The devices matching `filter`, by name (or id). */
export function findDevices(deps: Pick<UseCaseDeps, 'registry'>, filter: DeviceFilter): Device[] {
  const words = filter.query === undefined ? [] : normalizeText(filter.query).split(' ').filter(Boolean);
  const text = filter.text?.toLowerCase();
  return deps.registry
    .devices()
    .filter((d) => filter.area === undefined || sameArea(d.area, filter.area))
    .filter((d) => filter.source === undefined || d.source === filter.source)
    .filter((d) => text === undefined || [d.name, d.manufacturer, d.model].some((t) => t?.toLowerCase().includes(text)))
    .filter((d) => {
      if (words.length === 0) return true;
      const all = normalizeText([d.id, d.name, d.manufacturer, d.model, d.area].filter(Boolean).join(' '));
      return words.every((w) => wordMatches(w, all));
    })
    .sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id));
}

function entityCounts(deps: Pick<UseCaseDeps, 'registry'>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of deps.registry.entities()) {
    if (e.device_id) counts.set(e.device_id, (counts.get(e.device_id) ?? 0) + 1);
  }
  return counts;
}

// ---------- list_devices: compact rows, paginated ----------

export const ListDevicesInput = z.object({
  query: z
    .string()
    .max(200)
    .optional()
    .describe('Words to look for in the device name, manufacturer, model or id; typos are tolerated.'),
  area: z.string().max(100).optional().describe('Only devices in this area/room, e.g. "kitchen".'),
  source: z
    .string()
    .max(64)
    .optional()
    .describe(
      'Only devices from this source: "mqtt_discovery" (Zigbee2MQTT, ESPHome, Tasmota, …) ' +
        'or "esp32" (Switchyard\'s own devices).',
    ),
  limit: limitArg(50, 200),
  cursor: cursorArg,
});

export const DeviceRowSchema = z.object({
  device_id: z.string(),
  name: z.string().nullable(),
  manufacturer: z.string().nullable(),
  model: z.string().nullable(),
  area: z.string().nullable(),
  source: z.string(),
  entity_count: z.number().int(),
  online: z.boolean().optional(),
});

export const ListDevicesOutput = z.object({ ...pageOutput, items: z.array(DeviceRowSchema) });

export function listDevices(deps: DeviceDeps, args: z.infer<typeof ListDevicesInput>) {
  const counts = entityCounts(deps);
  const rows = findDevices(deps, args).map((d) => {
    const online = deps.deviceDetails?.(d.id)?.online;
    return {
      device_id: d.id,
      name: d.name,
      manufacturer: d.manufacturer,
      model: d.model,
      area: d.area,
      source: d.source,
      entity_count: counts.get(d.id) ?? 0,
      ...(typeof online === 'boolean' ? { online } : {}),
    };
  });
  const { page, ...rest } = paginate(rows, args.limit, args.cursor);
  return { ...rest, items: page };
}

// ---------- every matching device record at once (GET /api/devices) ----------

export const ListDeviceRecordsInput = z.object({
  area: z.string().optional().describe('only devices in this area ("living_room" = "Living Room")'),
  q: z.string().optional().describe('text in the name, manufacturer or model (case-insensitive)'),
});

export function listDeviceRecords(deps: Pick<UseCaseDeps, 'registry'>, args: z.infer<typeof ListDeviceRecordsInput>) {
  const counts = entityCounts(deps);
  const devices = findDevices(deps, { area: args.area, text: args.q }).map((d) => ({
    ...d,
    entity_count: counts.get(d.id) ?? 0,
  }));
  return { count: devices.length, devices };
}

// ---------- one device ----------

export const GetDeviceInput = z.object({
  device_id: z.string().min(1).max(200).describe("The device id from list_devices or from an entity's device_id."),
});

export const GetDeviceOutput = z.object({
  device: z
    .record(z.string(), z.unknown())
    .describe('the device record: name, manufacturer, model, versions, identifiers, area, source'),
  live: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe(
      'online, last_seen, metrics and counters for devices Switchyard talks to directly (ESP32); null otherwise',
    ),
  entities: z.array(EntitySummarySchema),
  triggers: z
    .array(z.object({ type: z.string(), subtype: z.string(), discovery_id: z.string() }))
    .describe(
      'device triggers (button presses, remote actions); ' +
        'an automation uses one as {trigger: device, domain: mqtt, device_id, type, subtype}',
    ),
  active_alerts: z.array(z.record(z.string(), z.unknown())),
});

function deviceEntities(deps: LookupDeps, deviceId: string) {
  return deps.registry
    .deviceEntities(deviceId)
    .sort((a, b) => a.entity_id.localeCompare(b.entity_id))
    .map((e) => entitySummary(deps, e));
}

export function getDevice(deps: DeviceDeps & Pick<UseCaseDeps, 'alerts'>, args: z.infer<typeof GetDeviceInput>) {
  const device = needDevice(deps, args.device_id);
  const live = deps.deviceDetails?.(device.id);
  const alerts = deps.alerts.list({ device_id: device.id, active: true, limit: 20 });
  return {
    device: jsonRecord(device),
    live: live ? jsonRecord(live) : null,
    entities: deviceEntities(deps, device.id),
    triggers: deps.registry.deviceTriggers
      .list(device.id)
      .map((t) => ({ type: t.type, subtype: t.subtype, discovery_id: t.discovery_id })),
    active_alerts: alerts.map((a) => ({ ...a })),
  };
}

export const DeviceRecordInput = z.object({ id: z.string() });

/** The device record with its live details, entities, device triggers and tag scanners (GET /api/devices/{id}). */
export function deviceRecord(
  deps: DeviceDeps & Pick<UseCaseDeps, 'tagScanners'>,
  args: z.infer<typeof DeviceRecordInput>,
) {
  const device = needDevice(deps, args.id);
  const triggers = deps.registry.deviceTriggers.list(device.id).map((t) => ({
    type: t.type,
    subtype: t.subtype,
    discovery_id: t.discovery_id,
    topic: t.topic,
    payload: t.payload,
  }));
  return {
    ...device,
    ...deps.deviceDetails?.(device.id),
    entities: deviceEntities(deps, device.id),
    triggers,
    tag_scanners: deps.tagScanners?.(device.id) ?? [],
  };
}

/** Removes a device Switchyard owns, with everything it announced. */
export async function removeDevice(
  deps: Pick<UseCaseDeps, 'registry' | 'removeDevice'>,
  args: z.infer<typeof DeviceRecordInput>,
): Promise<void> {
  const device = needDevice(deps, args.id);
  if (!deps.removeDevice) throw new UnavailableError('Removing devices is not available on this server.');
  await deps.removeDevice(device.id);
}

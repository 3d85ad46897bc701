import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { sameArea } from '../../../core/areas.js';
import type { McpDeps } from '../deps.js';
import { normalizeText, wordMatches } from '../similarity.js';
import { cursorArg, limitArg, pageOutput, paginate, run, type Structured } from './shared.js';

export const ListDevicesInput = z.object({
  query: z.string().max(200).optional().describe('Words to look for in the device name, manufacturer, model or id; typos are tolerated.'),
  area: z.string().max(100).optional().describe('Only devices in this area/room, e.g. "kitchen".'),
  source: z.string().max(64).optional().describe('Only devices from this source: "mqtt_discovery" (Zigbee2MQTT, ESPHome, Tasmota, …) or "esp32" (Switchyard\'s own devices).'),
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

export function listDevices(deps: McpDeps, args: z.infer<typeof ListDevicesInput>): Structured {
  const counts = new Map<string, number>();
  for (const e of deps.registry.entities()) if (e.device_id) counts.set(e.device_id, (counts.get(e.device_id) ?? 0) + 1);
  const words = args.query === undefined ? [] : normalizeText(args.query).split(' ').filter(Boolean);
  const rows = deps.registry
    .devices()
    .filter((d) => args.area === undefined || sameArea(d.area, args.area))
    .filter((d) => args.source === undefined || d.source === args.source)
    .filter((d) => {
      if (words.length === 0) return true;
      const text = normalizeText([d.id, d.name, d.manufacturer, d.model, d.area].filter(Boolean).join(' '));
      return words.every((w) => wordMatches(w, text));
    })
    .sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id))
    .map((d) => {
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

export function registerListDevicesTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'list_devices',
    {
      title: 'List devices',
      description:
        'Physical or logical devices (Zigbee2MQTT/ESPHome/Tasmota devices announced by MQTT discovery, and Switchyard\'s own ESP32 devices) with area, model and entity count. ' +
        'Use it to answer "what devices are there" or to find a device_id for get_device or control_entities(target.device_id).',
      inputSchema: ListDevicesInput,
      outputSchema: ListDevicesOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async (args) => run(() => listDevices(deps, args)),
  );
}

import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { McpDeps } from '../deps.js';
import { entitySummary, EntitySummarySchema, needDevice, run, type Structured } from './shared.js';

export const GetDeviceInput = z.object({
  device_id: z.string().min(1).max(200).describe('The device id from list_devices or from an entity\'s device_id.'),
});

export const GetDeviceOutput = z.object({
  device: z.record(z.string(), z.unknown()).describe('the device record: name, manufacturer, model, versions, identifiers, area, source'),
  live: z.record(z.string(), z.unknown()).nullable().describe('online, last_seen, metrics and counters for devices Switchyard talks to directly (ESP32); null otherwise'),
  entities: z.array(EntitySummarySchema),
  triggers: z
    .array(z.object({ type: z.string(), subtype: z.string(), discovery_id: z.string() }))
    .describe('device triggers (button presses, remote actions); an automation uses one as {trigger: device, domain: mqtt, device_id, type, subtype}'),
  active_alerts: z.array(z.record(z.string(), z.unknown())),
});

export function getDevice(deps: McpDeps, args: z.infer<typeof GetDeviceInput>): Structured {
  const device = needDevice(deps, args.device_id);
  const entities = deps.registry
    .deviceEntities(device.id)
    .sort((a, b) => a.entity_id.localeCompare(b.entity_id))
    .map((e) => entitySummary(deps, e));
  const live = deps.deviceDetails?.(device.id);
  const alerts = deps.alerts.list({ device_id: device.id, active: true, limit: 20 });
  return {
    device: JSON.parse(JSON.stringify(device)) as Record<string, unknown>,
    live: live ? (JSON.parse(JSON.stringify(live)) as Record<string, unknown>) : null,
    entities,
    triggers: deps.registry.deviceTriggers.list(device.id).map((t) => ({ type: t.type, subtype: t.subtype, discovery_id: t.discovery_id })),
    active_alerts: alerts.map((a) => ({ ...a })),
  };
}

export function registerGetDeviceTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'get_device',
    {
      title: 'Get a device',
      description:
        'One device in detail: its record (manufacturer, model, firmware), live status and metrics when Switchyard talks to it directly, its entities with their states, and its active alerts. ' +
        'Use it to troubleshoot a device or to see everything it exposes.',
      inputSchema: GetDeviceInput,
      outputSchema: GetDeviceOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async (args) => run(() => getDevice(deps, args)),
  );
}

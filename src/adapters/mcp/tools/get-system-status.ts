import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { STATE_UNAVAILABLE } from '../../../core/state.js';
import type { McpDeps } from '../deps.js';
import { run, type Structured } from './shared.js';

export const GetSystemStatusInput = z.object({});

export const GetSystemStatusOutput = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  uptime_s: z.number(),
  mqtt: z.object({ connected: z.boolean(), broker: z.string() }),
  database: z.object({ ok: z.boolean() }),
  entities: z.object({ total: z.number().int(), unavailable: z.number().int(), by_domain: z.record(z.string(), z.number().int()) }),
  devices: z.object({ total: z.number().int(), by_source: z.record(z.string(), z.number().int()) }),
  alerts: z.object({ active: z.number().int() }),
  automations: z.object({ total: z.number().int(), enabled: z.number().int(), with_errors: z.number().int() }),
});

export function getSystemStatus(deps: McpDeps): Structured {
  const health = deps.health();
  const entities = deps.registry.entities();
  const byDomain: Record<string, number> = {};
  for (const e of entities) byDomain[e.domain] = (byDomain[e.domain] ?? 0) + 1;
  const devices = deps.registry.devices();
  const bySource: Record<string, number> = {};
  for (const d of devices) bySource[d.source] = (bySource[d.source] ?? 0) + 1;
  const automations = deps.automations.list();
  return {
    status: health.status,
    version: health.version,
    uptime_s: health.uptime_s,
    mqtt: { connected: health.mqtt.connected, broker: health.mqtt.broker },
    database: { ok: health.database.ok },
    entities: { total: entities.length, unavailable: entities.filter((e) => deps.states.get(e.entity_id)?.state === STATE_UNAVAILABLE).length, by_domain: byDomain },
    devices: { total: devices.length, by_source: bySource },
    alerts: { active: deps.alerts.list({ active: true, limit: 1000 }).length },
    automations: { total: automations.length, enabled: automations.filter((a) => a.enabled).length, with_errors: automations.filter((a) => a.error_count > 0).length },
  };
}

export function registerGetSystemStatusTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'get_system_status',
    {
      title: 'Get system status',
      description:
        'Health of the Switchyard add-on: MQTT connection, database, version and uptime, and counts of entities (unavailable ones too), devices, active alerts and automations. ' +
        'Use it first when things seem broken or to give an overview of the installation.',
      inputSchema: GetSystemStatusInput,
      outputSchema: GetSystemStatusOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async () => run(() => getSystemStatus(deps)),
  );
}

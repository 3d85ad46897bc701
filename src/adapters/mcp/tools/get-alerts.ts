import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { McpDeps } from '../deps.js';
import { run, type Structured } from './shared.js';

export const AlertSchema = z.object({
  id: z.number().int(),
  time: z.string(),
  severity: z.enum(['info', 'warning', 'error', 'critical']),
  type: z.string(),
  message: z.string(),
  device_id: z.string().nullable(),
  entity_id: z.string().nullable(),
  acknowledged_at: z.string().nullable(),
});

export const GetAlertsInput = z.object({
  active_only: z.boolean().default(true).describe('true (default): only alerts not acknowledged yet; false: also acknowledged ones.'),
  device_id: z.string().max(200).optional().describe('Only alerts about this device.'),
  severity: z.array(z.enum(['info', 'warning', 'error', 'critical'])).max(4).optional().describe('Only these severities, e.g. ["error", "critical"].'),
  limit: z.number().int().min(1).max(500).default(50).describe('How many alerts, newest first (1–500, default 50).'),
});

export const GetAlertsOutput = z.object({ count: z.number().int(), alerts: z.array(AlertSchema) });

export function getAlerts(deps: McpDeps, args: z.infer<typeof GetAlertsInput>): Structured {
  const severities = args.severity ? new Set(args.severity) : undefined;
  // over-fetch when filtering by severity, which the store cannot do itself
  const alerts = deps.alerts
    .list({ ...(args.active_only ? { active: true } : {}), ...(args.device_id !== undefined ? { device_id: args.device_id } : {}), limit: severities ? 1000 : args.limit })
    .filter((a) => !severities || severities.has(a.severity))
    .slice(0, args.limit)
    .map((a) => ({ ...a }));
  return { count: alerts.length, alerts };
}

export function registerGetAlertsTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'get_alerts',
    {
      title: 'Get alerts',
      description:
        'Problems Switchyard noticed: devices gone silent, errors reported by devices, commands never confirmed or refused. Newest first, unacknowledged only by default. ' +
        'Use it when asked "is anything wrong", before troubleshooting a device, or to find alert ids for acknowledge_alert.',
      inputSchema: GetAlertsInput,
      outputSchema: GetAlertsOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async (args) => run(() => getAlerts(deps, args)),
  );
}

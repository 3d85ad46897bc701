import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { NotFoundError } from '../../../core/errors.js';
import type { McpDeps } from '../deps.js';
import { AlertSchema } from './get-alerts.js';
import { run, type Structured } from './shared.js';

export const AcknowledgeAlertInput = z.object({
  alert_ids: z.array(z.number().int().positive()).min(1).max(100).describe('Ids of the alerts to mark as seen (from get_alerts).'),
});

export const AcknowledgeAlertOutput = z.object({ acknowledged: z.array(AlertSchema), not_found: z.array(z.number().int()) });

export function acknowledgeAlert(deps: McpDeps, args: z.infer<typeof AcknowledgeAlertInput>): Structured {
  const acknowledged = [];
  const notFound: number[] = [];
  for (const id of new Set(args.alert_ids)) {
    const alert = deps.alerts.acknowledge(id);
    if (alert) acknowledged.push({ ...alert });
    else notFound.push(id);
  }
  if (acknowledged.length === 0) {
    const active = deps.alerts.list({ active: true, limit: 10 }).map((a) => a.id);
    throw new NotFoundError(
      `No alert with id ${notFound.join(', ')}. ${active.length > 0 ? `Active alert ids: ${active.join(', ')}.` : 'There are no active alerts.'} Call get_alerts to see them.`,
    );
  }
  return { acknowledged, not_found: notFound };
}

export function registerAcknowledgeAlertTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'acknowledge_alert',
    {
      title: 'Acknowledge alerts',
      description:
        'Mark one or more alerts as seen, so get_alerts no longer lists them as active. Use it after the user has dealt with or dismissed a problem. Acknowledging twice is harmless.',
      inputSchema: AcknowledgeAlertInput,
      outputSchema: AcknowledgeAlertOutput,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async (args) => run(() => acknowledgeAlert(deps, args)),
  );
}

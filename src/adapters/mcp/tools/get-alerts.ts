import type { McpServer } from '@modelcontextprotocol/server';
import type { UseCaseDeps } from '../../../usecases/deps.js';
import { getAlerts, GetAlertsInput, GetAlertsOutput } from '../../../usecases/alerts.js';
import { run } from './shared.js';

export function registerGetAlertsTool(server: McpServer, deps: UseCaseDeps): void {
  server.registerTool(
    'get_alerts',
    {
      title: 'Get alerts',
      description:
        'Problems Switchyard noticed: devices gone silent, errors reported by devices, commands never confirmed or ' +
        'refused. Newest first, unacknowledged only by default. ' +
        'Use it when asked "is anything wrong", before troubleshooting a device, or to find alert ids for ' +
        'acknowledge_alert.',
      inputSchema: GetAlertsInput,
      outputSchema: GetAlertsOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async (args) => run(() => getAlerts(deps, args)),
  );
}

import type { McpServer } from '@modelcontextprotocol/server';
import type { UseCaseDeps } from '../../../usecases/deps.js';
import { acknowledgeAlert, AcknowledgeAlertInput, AcknowledgeAlertOutput } from '../../../usecases/alerts.js';
import { run } from './shared.js';

export function registerAcknowledgeAlertTool(server: McpServer, deps: UseCaseDeps): void {
  server.registerTool(
    'acknowledge_alert',
    {
      title: 'Acknowledge alerts',
      description:
        'Mark one or more alerts as seen, so get_alerts no longer lists them as active. Use it after the user has ' +
        'dealt with or dismissed a problem. Acknowledging twice is harmless.',
      inputSchema: AcknowledgeAlertInput,
      outputSchema: AcknowledgeAlertOutput,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async (args) => run(() => acknowledgeAlert(deps, args)),
  );
}

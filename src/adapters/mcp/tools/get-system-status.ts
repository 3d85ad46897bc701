import type { McpServer } from '@modelcontextprotocol/server';
import type { UseCaseDeps } from '../../../usecases/deps.js';
import { getSystemStatus, GetSystemStatusInput, GetSystemStatusOutput } from '../../../usecases/system-status.js';
import { run } from './shared.js';

export function registerGetSystemStatusTool(server: McpServer, deps: UseCaseDeps): void {
  server.registerTool(
    'get_system_status',
    {
      title: 'Get system status',
      description:
        'Health of the Switchyard add-on: MQTT connection, database, version and uptime; counts of entities ' +
        '(unavailable ones too), devices online and offline, active alerts and automations; ' +
        'MQTT message rates, the backlog of the history writer, memory and event-loop delay. ' +
        'Use it first when things seem broken or to give an overview of the installation.',
      inputSchema: GetSystemStatusInput,
      outputSchema: GetSystemStatusOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async () => run(() => getSystemStatus(deps)),
  );
}

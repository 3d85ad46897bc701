import type { McpServer } from '@modelcontextprotocol/server';
import type { UseCaseDeps } from '../../../usecases/deps.js';
import { getAutomation, GetAutomationInput, GetAutomationOutput } from '../../../usecases/automations.js';
import { run } from './shared.js';

export function registerGetAutomationTool(server: McpServer, deps: UseCaseDeps): void {
  server.registerTool(
    'get_automation',
    {
      title: 'Get an automation',
      description:
        "One automation's full configuration (triggers, conditions, actions), where it is defined, and its status. " +
        'Use it to explain what an automation does or why it might not fire; get_automation_traces shows what it ' +
        'actually did.',
      inputSchema: GetAutomationInput,
      outputSchema: GetAutomationOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async (args) => run(() => getAutomation(deps, args)),
  );
}

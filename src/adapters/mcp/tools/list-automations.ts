import type { McpServer } from '@modelcontextprotocol/server';
import type { UseCaseDeps } from '../../../usecases/deps.js';
import { listAutomations, ListAutomationsInput, ListAutomationsOutput } from '../../../usecases/automations.js';
import { run } from './shared.js';

export function registerListAutomationsTool(server: McpServer, deps: UseCaseDeps): void {
  server.registerTool(
    'list_automations',
    {
      title: 'List automations',
      description:
        'The automations loaded from the YAML files: id, alias, enabled, mode, when each last ran, how it ended, and ' +
        'its error count. ' +
        'Use it to answer "what automations are there" or to find the id for get_automation, trigger_automation, ' +
        'set_automation_enabled or get_automation_traces.',
      inputSchema: ListAutomationsInput,
      outputSchema: ListAutomationsOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async (args) => run(() => listAutomations(deps, args)),
  );
}

import type { McpServer } from '@modelcontextprotocol/server';
import type { UseCaseDeps } from '../../../usecases/deps.js';
import { deleteAutomation, DeleteAutomationInput, DeleteAutomationOutput } from '../../../usecases/automation-save.js';
import { run } from './shared.js';

export function registerDeleteAutomationTool(server: McpServer, deps: UseCaseDeps): void {
  server.registerTool(
    'delete_automation',
    {
      title: 'Delete an automation file',
      description:
        'Removes <name>.yaml from the automations folder and reloads, so its automations stop. Needs expected_hash ' +
        '(from validate_automation(name=…)). ' +
        'To pause an automation without deleting it, use set_automation_enabled instead. Ask the user before deleting.',
      inputSchema: DeleteAutomationInput,
      outputSchema: DeleteAutomationOutput,
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    },
    async (args) => run(() => deleteAutomation(deps, args)),
  );
}

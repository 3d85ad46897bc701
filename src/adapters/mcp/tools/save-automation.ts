import type { McpServer } from '@modelcontextprotocol/server';
import type { UseCaseDeps } from '../../../usecases/deps.js';
import { saveAutomation, SaveAutomationInput, SaveAutomationOutput } from '../../../usecases/automation-save.js';
import { run } from './shared.js';

export function registerSaveAutomationTool(server: McpServer, deps: UseCaseDeps): void {
  server.registerTool(
    'save_automation',
    {
      title: 'Save an automation file',
      description:
        'Writes <name>.yaml in the automations folder and reloads the automations, so they run at once. The YAML is ' +
        'validated first and nothing is written if it has errors or reuses an id from another file. ' +
        'Overwriting an existing file needs expected_hash (from validate_automation(name=…)), so a change made ' +
        'meanwhile is never lost. Show the YAML to the user before saving.',
      inputSchema: SaveAutomationInput,
      outputSchema: SaveAutomationOutput,
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    },
    async (args) => run(() => saveAutomation(deps, args)),
  );
}

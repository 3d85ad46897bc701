import type { McpServer } from '@modelcontextprotocol/server';
import type { UseCaseDeps } from '../../../usecases/deps.js';
import {
  setAutomationEnabled,
  SetAutomationEnabledInput,
  SetAutomationEnabledOutput,
} from '../../../usecases/automation-runs.js';
import { run } from './shared.js';

export function registerSetAutomationEnabledTool(server: McpServer, deps: UseCaseDeps): void {
  server.registerTool(
    'set_automation_enabled',
    {
      title: 'Enable or disable automations',
      description:
        'Turn one or more automations on or off (until changed again). Use it when the user wants an automation ' +
        'paused or resumed. Setting the same value twice is harmless.',
      inputSchema: SetAutomationEnabledInput,
      outputSchema: SetAutomationEnabledOutput,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async (args) => run(() => setAutomationEnabled(deps, args)),
  );
}

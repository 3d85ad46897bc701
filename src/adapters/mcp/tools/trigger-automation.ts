import type { McpServer } from '@modelcontextprotocol/server';
import type { UseCaseDeps } from '../../../usecases/deps.js';
import {
  triggerAutomation,
  TriggerAutomationInput,
  TriggerAutomationOutput,
} from '../../../usecases/automation-runs.js';
import { run } from './shared.js';

export function registerTriggerAutomationTool(server: McpServer, deps: UseCaseDeps): void {
  server.registerTool(
    'trigger_automation',
    {
      title: 'Run an automation now',
      description:
        "Run an automation's actions now, as if it had been triggered (conditions are checked unless skip_condition " +
        'is true). Use it when the user asks to run or test an automation; then call get_automation_traces with ' +
        'the returned run_id to see what happened.',
      inputSchema: TriggerAutomationInput,
      outputSchema: TriggerAutomationOutput,
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    },
    async (args) => run(() => triggerAutomation(deps, args)),
  );
}

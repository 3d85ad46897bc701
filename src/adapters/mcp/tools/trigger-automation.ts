import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { McpDeps } from '../deps.js';
import { automationIdArg, needAutomation } from './automation-shared.js';
import { run, type Structured } from './shared.js';

export const TriggerAutomationInput = z.object({
  id: automationIdArg,
  skip_condition: z.boolean().default(false).describe('true: run the actions even if the conditions do not pass.'),
  variables: z.record(z.string(), z.unknown()).optional().describe('Extra variables the automation\'s templates can read during this run.'),
});

export const TriggerAutomationOutput = z.object({ id: z.string(), run_id: z.string(), status: z.string() });

export async function triggerAutomation(deps: McpDeps, args: z.infer<typeof TriggerAutomationInput>): Promise<Structured> {
  const a = needAutomation(deps, args.id);
  const result = await deps.automations.trigger(a.id, {
    skip_condition: args.skip_condition,
    ...(args.variables !== undefined ? { variables: args.variables } : {}),
  });
  return { id: a.id, run_id: result.run_id, status: result.status };
}

export function registerTriggerAutomationTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'trigger_automation',
    {
      title: 'Run an automation now',
      description:
        'Run an automation\'s actions now, as if it had been triggered (conditions are checked unless skip_condition is true). Use it when the user asks to run or test an automation; then call get_automation_traces with the returned run_id to see what happened.',
      inputSchema: TriggerAutomationInput,
      outputSchema: TriggerAutomationOutput,
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    },
    async (args) => run(() => triggerAutomation(deps, args)),
  );
}

import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { errorMessage } from '../../../core/errors.js';
import type { McpDeps } from '../deps.js';
import { AutomationRowSchema, automationRow, needAutomation } from './automation-shared.js';
import { run, type Structured } from './shared.js';

export const SetAutomationEnabledInput = z.object({
  ids: z.array(z.string().min(1).max(255)).min(1).max(50).describe('Ids of the automations to change (from list_automations).'),
  enabled: z.boolean().describe('true to enable (it reacts to its triggers again), false to disable (it ignores triggers; runs in progress are stopped).'),
});

export const SetAutomationEnabledOutput = z.object({
  results: z.array(AutomationRowSchema),
  errors: z.array(z.object({ id: z.string(), message: z.string() })),
});

export function setAutomationEnabled(deps: McpDeps, args: z.infer<typeof SetAutomationEnabledInput>): Structured {
  // unknown ids fail the whole call before anything changes
  const found = [...new Set(args.ids)].map((id) => needAutomation(deps, id));
  const results = [];
  const errors = [];
  for (const a of found) {
    try {
      results.push(automationRow(deps.automations.setEnabled(a.id, args.enabled)));
    } catch (err) {
      errors.push({ id: a.id, message: errorMessage(err) });
    }
  }
  return { results, errors };
}

export function registerSetAutomationEnabledTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'set_automation_enabled',
    {
      title: 'Enable or disable automations',
      description: 'Turn one or more automations on or off (until changed again). Use it when the user wants an automation paused or resumed. Setting the same value twice is harmless.',
      inputSchema: SetAutomationEnabledInput,
      outputSchema: SetAutomationEnabledOutput,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async (args) => run(() => setAutomationEnabled(deps, args)),
  );
}

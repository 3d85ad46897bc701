import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { McpDeps } from '../deps.js';
import { AutomationRowSchema, automationIdArg, automationRow, needAutomation } from './automation-shared.js';
import { run, type Structured } from './shared.js';

export const GetAutomationInput = z.object({ id: automationIdArg });

export const GetAutomationOutput = AutomationRowSchema.extend({
  file: z.string().optional(),
  line: z.number().int().optional(),
  config: z.unknown().describe('the automation as written (triggers, conditions, actions)'),
  running: z.number().int().describe('runs going on right now'),
});

export function getAutomation(deps: McpDeps, args: z.infer<typeof GetAutomationInput>): Structured {
  const a = needAutomation(deps, args.id);
  return {
    ...automationRow(a),
    ...(a.file !== undefined ? { file: a.file } : {}),
    ...(a.line !== undefined ? { line: a.line } : {}),
    config: JSON.parse(JSON.stringify(a.config ?? null)) as unknown,
    running: a.runs?.length ?? 0,
  };
}

export function registerGetAutomationTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'get_automation',
    {
      title: 'Get an automation',
      description:
        'One automation\'s full configuration (triggers, conditions, actions), where it is defined, and its status. Use it to explain what an automation does or why it might not fire; get_automation_traces shows what it actually did.',
      inputSchema: GetAutomationInput,
      outputSchema: GetAutomationOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async (args) => run(() => getAutomation(deps, args)),
  );
}

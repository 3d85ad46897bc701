import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { McpDeps } from '../deps.js';
import { normalizeText, wordMatches } from '../similarity.js';
import { AutomationRowSchema, automationRow } from './automation-shared.js';
import { cursorArg, limitArg, pageOutput, paginate, run, type Structured } from './shared.js';

export const ListAutomationsInput = z.object({
  query: z.string().max(200).optional().describe('Words to look for in the automation id or alias.'),
  enabled: z.boolean().optional().describe('Only enabled (true) or disabled (false) automations.'),
  limit: limitArg(50, 200),
  cursor: cursorArg,
});

export const ListAutomationsOutput = z.object({ ...pageOutput, items: z.array(AutomationRowSchema) });

export function listAutomations(deps: McpDeps, args: z.infer<typeof ListAutomationsInput>): Structured {
  const words = args.query === undefined ? [] : normalizeText(args.query).split(' ').filter(Boolean);
  const rows = [...deps.automations.list()]
    .filter((a) => args.enabled === undefined || a.enabled === args.enabled)
    .filter((a) => words.length === 0 || words.every((w) => wordMatches(w, normalizeText(`${a.id} ${a.alias}`))))
    .sort((a, b) => a.id.localeCompare(b.id))
    .map(automationRow);
  const { page, ...rest } = paginate(rows, args.limit, args.cursor);
  return { ...rest, items: page };
}

export function registerListAutomationsTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'list_automations',
    {
      title: 'List automations',
      description:
        'The automations loaded from the YAML files: id, alias, enabled, mode, when each last ran, how it ended, and its error count. ' +
        'Use it to answer "what automations are there" or to find the id for get_automation, trigger_automation, set_automation_enabled or get_automation_traces.',
      inputSchema: ListAutomationsInput,
      outputSchema: ListAutomationsOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async (args) => run(() => listAutomations(deps, args)),
  );
}

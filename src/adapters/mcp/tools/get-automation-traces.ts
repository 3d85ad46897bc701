import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { NotFoundError } from '../../../core/errors.js';
import type { McpDeps } from '../deps.js';
import { automationIdArg, needAutomation } from './automation-shared.js';
import { run, type Structured } from './shared.js';

export const GetAutomationTracesInput = z.object({
  id: automationIdArg,
  run_id: z.string().min(1).max(64).optional().describe('One run\'s id: returns that run\'s full step-by-step trace instead of the list.'),
  limit: z.number().int().min(1).max(50).default(10).describe('How many recent runs to list, newest first (1–50, default 10).'),
});

export const GetAutomationTracesOutput = z.object({
  automation_id: z.string(),
  runs: z.array(z.record(z.string(), z.unknown())).describe('recent runs: run_id, start, finish, outcome, error, trigger, last_step'),
  trace: z.record(z.string(), z.unknown()).optional().describe('with run_id: trigger, variables, conditions with compared values, every step with its result or error'),
});

export function getAutomationTraces(deps: McpDeps, args: z.infer<typeof GetAutomationTracesInput>): Structured {
  const a = needAutomation(deps, args.id);
  if (args.run_id !== undefined) {
    const trace = deps.automations.trace(a.id, args.run_id);
    if (!trace) {
      const recent = deps.automations.traces(a.id, 5).map((t) => t.run_id);
      throw new NotFoundError(
        `No trace "${args.run_id}" for automation "${a.id}". ${recent.length > 0 ? `Recent run ids: ${recent.join(', ')}.` : 'It has no recorded runs.'} Call get_automation_traces without run_id to list them.`,
      );
    }
    return { automation_id: a.id, runs: [], trace: JSON.parse(JSON.stringify(trace)) as Record<string, unknown> };
  }
  const runs = deps.automations.traces(a.id, args.limit).map((t) => ({ ...t }));
  return { automation_id: a.id, runs };
}

export function registerGetAutomationTracesTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'get_automation_traces',
    {
      title: 'Get automation traces',
      description:
        'What an automation actually did: its recent runs (when, trigger, outcome, error), or with run_id one run step by step (conditions with the values compared, each action\'s result or error). ' +
        'Use it to debug "why did/didn\'t my automation run".',
      inputSchema: GetAutomationTracesInput,
      outputSchema: GetAutomationTracesOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async (args) => run(() => getAutomationTraces(deps, args)),
  );
}

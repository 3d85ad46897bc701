import type { McpServer } from '@modelcontextprotocol/server';
import type { UseCaseDeps } from '../../../usecases/deps.js';
import {
  getAutomationTraces,
  GetAutomationTracesInput,
  GetAutomationTracesOutput,
} from '../../../usecases/automation-runs.js';
import { run } from './shared.js';

export function registerGetAutomationTracesTool(server: McpServer, deps: UseCaseDeps): void {
  server.registerTool(
    'get_automation_traces',
    {
      title: 'Get automation traces',
      description:
        'What an automation actually did: its recent runs (when, trigger, outcome, error), or with run_id one run ' +
        "step by step (conditions with the values compared, each action's result or error). " +
        'Use it to debug "why did/didn\'t my automation run"; with evaluations: true it also says, for each recent ' +
        'entity change its triggers saw, why it did not fire (or which run it started).',
      inputSchema: GetAutomationTracesInput,
      outputSchema: GetAutomationTracesOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async (args) => run(() => getAutomationTraces(deps, args)),
  );
}

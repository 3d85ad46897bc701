import type { McpServer } from '@modelcontextprotocol/server';
import type { UseCaseDeps } from '../../../usecases/deps.js';
import { getHistory, GetHistoryInput, GetHistoryOutput } from '../../../usecases/history.js';
import { run } from './shared.js';

export function registerGetHistoryTool(server: McpServer, deps: UseCaseDeps): void {
  server.registerTool(
    'get_history',
    {
      title: 'Get state history',
      description:
        'Recorded states of 1–10 entities over a time window (default: the last 60 minutes), either raw changes or ' +
        'numeric values in time buckets (min/mean/max), always bounded by max_points, with a summary (min, max, ' +
        'mean, last, number of changes). ' +
        'Use it for "how warm was it overnight", "when did the door open", trends; use get_entity for the current ' +
        'value.',
      inputSchema: GetHistoryInput,
      outputSchema: GetHistoryOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async (args) => run(() => getHistory(deps, args)),
  );
}

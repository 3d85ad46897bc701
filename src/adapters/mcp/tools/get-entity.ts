import type { McpServer } from '@modelcontextprotocol/server';
import type { UseCaseDeps } from '../../../usecases/deps.js';
import { getEntity, GetEntityInput, GetEntityOutput } from '../../../usecases/entities.js';
import { run } from './shared.js';

export function registerGetEntityTool(server: McpServer, deps: UseCaseDeps): void {
  server.registerTool(
    'get_entity',
    {
      title: 'Get entities',
      description:
        'Current state, attributes and allowed actions (with parameter ranges and options) of 1–20 entities you ' +
        'already know the ids of. ' +
        'Use it before control_entities to see what an entity accepts, or to read a sensor now (use get_history for ' +
        'past values). ' +
        'Unknown ids are listed in not_found with the closest existing ids.',
      inputSchema: GetEntityInput,
      outputSchema: GetEntityOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async (args) => run(() => getEntity(deps, args)),
  );
}

import type { McpServer } from '@modelcontextprotocol/server';
import type { UseCaseDeps } from '../../../usecases/deps.js';
import { searchEntities, SearchEntitiesInput, SearchEntitiesOutput } from '../../../usecases/entities.js';
import { run } from './shared.js';

export function registerSearchEntitiesTool(server: McpServer, deps: UseCaseDeps): void {
  server.registerTool(
    'search_entities',
    {
      title: 'Search entities',
      description:
        'Find entities (lights, switches, sensors, …) by words in their id, name or area, with optional domain, ' +
        'area, device and state filters. ' +
        'Use this first to turn a name the user said ("the kitchen lamp") into an entity_id before get_entity, ' +
        'get_history or control_entities. ' +
        'Returns compact rows (id, name, domain, state, unit, area); paginate with cursor.',
      inputSchema: SearchEntitiesInput,
      outputSchema: SearchEntitiesOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async (args) => run(() => searchEntities(deps, args)),
  );
}

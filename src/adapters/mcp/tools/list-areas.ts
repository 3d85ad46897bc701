import type { McpServer } from '@modelcontextprotocol/server';
import type { UseCaseDeps } from '../../../usecases/deps.js';
import { listAreas, ListAreasInput, ListAreasOutput } from '../../../usecases/areas.js';
import { run } from './shared.js';

export function registerListAreasTool(server: McpServer, deps: UseCaseDeps): void {
  server.registerTool(
    'list_areas',
    {
      title: 'List areas',
      description:
        'The areas (rooms) Switchyard knows, with how many devices and entities each has and which domains are ' +
        'present. ' +
        'Use it to learn the exact area names before search_entities(area=…) or control_entities(target.area=…).',
      inputSchema: ListAreasInput,
      outputSchema: ListAreasOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async () => run(() => listAreas(deps)),
  );
}

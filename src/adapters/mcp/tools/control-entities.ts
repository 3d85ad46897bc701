import type { McpServer } from '@modelcontextprotocol/server';
import type { UseCaseDeps } from '../../../usecases/deps.js';
import { controlEntities, ControlEntitiesInput, ControlEntitiesOutput } from '../../../usecases/control.js';
import { run } from './shared.js';

export function registerControlEntitiesTool(server: McpServer, deps: UseCaseDeps): void {
  server.registerTool(
    'control_entities',
    {
      title: 'Control entities',
      description:
        'Act on entities: turn lights/switches on or off, set values, brightness, temperatures, cover positions, ' +
        'select options, press buttons. ' +
        'Target exact entity_ids, every entity of a device_id, or every entity of an area (with a domain, e.g. all ' +
        'lights in the kitchen). ' +
        "Parameters are checked against each entity's allowed ranges before anything is sent (use dry_run to only " +
        'check); the result says what was published and whether the new state was confirmed.',
      inputSchema: ControlEntitiesInput,
      outputSchema: ControlEntitiesOutput,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    async (args) => run(() => controlEntities(deps, args, 'mcp')),
  );
}

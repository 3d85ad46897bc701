import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { sameArea } from '../../../core/areas.js';
import type { McpDeps } from '../deps.js';
import { entityArea, knownAreas, run, type Structured } from './shared.js';

export const ListAreasInput = z.object({});

export const ListAreasOutput = z.object({
  areas: z.array(z.object({ area: z.string(), device_count: z.number().int(), entity_count: z.number().int(), domains: z.array(z.string()) })),
  entities_without_area: z.number().int(),
});

export function listAreas(deps: McpDeps): Structured {
  const devices = deps.registry.devices();
  const entities = deps.registry.entities().map((e) => ({ e, area: entityArea(deps, e) }));
  const areas = knownAreas(deps).map((area) => {
    const inArea = entities.filter((x) => sameArea(x.area, area));
    return {
      area,
      device_count: devices.filter((d) => sameArea(d.area, area)).length,
      entity_count: inArea.length,
      domains: [...new Set(inArea.map((x) => x.e.domain))].sort(),
    };
  });
  return { areas, entities_without_area: entities.filter((x) => x.area === null).length };
}

export function registerListAreasTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'list_areas',
    {
      title: 'List areas',
      description:
        'The areas (rooms) Switchyard knows, with how many devices and entities each has and which domains are present. ' +
        'Use it to learn the exact area names before search_entities(area=…) or control_entities(target.area=…).',
      inputSchema: ListAreasInput,
      outputSchema: ListAreasOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async () => run(() => listAreas(deps)),
  );
}

import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { sameArea } from '../../../core/areas.js';
import type { Entity } from '../../../core/model.js';
import type { McpDeps } from '../deps.js';
import { normalizeText, similarity, wordMatches } from '../similarity.js';
import { cursorArg, entityArea, entityName, entitySummary, EntitySummarySchema, limitArg, pageOutput, paginate, run, type Structured } from './shared.js';

export const SearchEntitiesInput = z.object({
  query: z.string().max(200).optional().describe('Words to look for in the entity id, name or area; typos are tolerated, e.g. "kichen light".'),
  domain: z.string().max(64).optional().describe('Only this domain, e.g. light, switch, sensor, climate.'),
  area: z.string().max(100).optional().describe('Only entities in this area/room (case and spacing ignored), e.g. "living room".'),
  device_id: z.string().max(200).optional().describe('Only entities of this device (ids from list_devices).'),
  state: z.string().max(100).optional().describe('Only entities whose current state is exactly this, e.g. on, off, unavailable.'),
  limit: limitArg(25, 200),
  cursor: cursorArg,
});

export const SearchEntitiesOutput = z.object({ ...pageOutput, items: z.array(EntitySummarySchema) });

/** 3 = the whole query appears; 2 = every word appears; 1 = every word matches roughly; 0 = no match (tiers; a fraction is added for closeness). */
function score(query: string, text: string): number {
  const q = normalizeText(query);
  if (!q) return 3;
  if (text.includes(q)) return 3;
  const words = q.split(' ');
  if (words.every((w) => text.includes(w))) return 2;
  if (words.every((w) => wordMatches(w, text))) return 1;
  return 0;
}

export function searchEntities(deps: McpDeps, args: z.infer<typeof SearchEntitiesInput>): Structured {
  const matches: { entity: Entity; score: number }[] = [];
  for (const entity of deps.registry.entities()) {
    if (args.domain !== undefined && entity.domain !== args.domain) continue;
    if (args.device_id !== undefined && entity.device_id !== args.device_id) continue;
    const area = entityArea(deps, entity);
    if (args.area !== undefined && !sameArea(area, args.area)) continue;
    if (args.state !== undefined && (deps.states.get(entity.entity_id)?.state ?? 'unknown') !== args.state) continue;
    let s = 3;
    if (args.query !== undefined) {
      const text = normalizeText([entity.entity_id, entity.entity_id.replace(/_/g, ' '), entityName(deps, entity) ?? '', area ?? ''].join(' '));
      s = score(args.query, text);
      if (s === 0) continue;
      // within a tier, the closer the name (or id) to the query, the earlier
      const name = entityName(deps, entity) ?? '';
      s += Math.max(similarity(args.query, name), similarity(args.query, entity.entity_id.slice(entity.domain.length + 1))) * 0.99;
    }
    matches.push({ entity, score: s });
  }
  matches.sort((a, b) => b.score - a.score || a.entity.entity_id.localeCompare(b.entity.entity_id));
  const { page, ...rest } = paginate(matches, args.limit, args.cursor);
  return { ...rest, items: page.map((m) => entitySummary(deps, m.entity)) };
}

export function registerSearchEntitiesTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'search_entities',
    {
      title: 'Search entities',
      description:
        'Find entities (lights, switches, sensors, …) by words in their id, name or area, with optional domain, area, device and state filters. ' +
        'Use this first to turn a name the user said ("the kitchen lamp") into an entity_id before get_entity, get_history or control_entities. ' +
        'Returns compact rows (id, name, domain, state, unit, area); paginate with cursor.',
      inputSchema: SearchEntitiesInput,
      outputSchema: SearchEntitiesOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async (args) => run(() => searchEntities(deps, args)),
  );
}

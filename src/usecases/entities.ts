// Entities: find them (ranked fuzzy words or plain text, with domain/area/device/state filters), read them
// with their allowed actions, and their latest picture.
import { z } from 'zod';
import { sameArea } from '../core/areas.js';
import { NotFoundError } from '../core/errors.js';
import type { LatestImage } from '../core/images.js';
import type { Entity } from '../core/model.js';
import type { UseCaseDeps } from './deps.js';
import {
  cursorArg,
  entityArea,
  entityName,
  entitySuggestions,
  entitySummary,
  EntitySummarySchema,
  jsonCopy,
  jsonRecord,
  limitArg,
  needEntity,
  pageOutput,
  paginate,
  safeActions,
  unknownEntityMessage,
  type EntitySummary,
  type LookupDeps,
} from './shared.js';
import { normalizeText, similarity, wordMatches } from '../core/similarity.js';

/** Which entities: every given filter must hold. */
export interface EntityFilter {
  /** words in the id, name or area, typos tolerated; results are ranked by how well they match */
  readonly query?: string | undefined;
  /** plain text in the entity id, registry name or friendly name (case-insensitive) */
  readonly text?: string | undefined;
  readonly domain?: string | undefined;
  /** the entity's area, else its device's (case and spacing ignored) */
  readonly area?: string | undefined;
  readonly device_id?: string | undefined;
  /** the exact current state */
  readonly state?: string | undefined;
}

/** 3 = the whole query appears; 2 = every word appears; 1 = every word matches roughly; 0 = no match. */
function score(query: string, text: string): number {
  const q = normalizeText(query);
  if (!q) return 3;
  if (text.includes(q)) return 3;
  const words = q.split(' ');
  if (words.every((w) => text.includes(w))) return 2;
  if (words.every((w) => wordMatches(w, text))) return 1;
  return 0;
}

function hasText(deps: LookupDeps, entity: Entity, text: string): boolean {
  const friendly = deps.states.get(entity.entity_id)?.attributes.friendly_name;
  const fields = [entity.entity_id, entity.name ?? '', typeof friendly === 'string' ? friendly : ''];
  return fields.some((t) => t.toLowerCase().includes(text));
}

/** The entities matching `filter`: best query match first, then by entity id. */
export function findEntities(deps: LookupDeps, filter: EntityFilter): Entity[] {
  const matches: { entity: Entity; score: number }[] = [];
  const text = filter.text?.toLowerCase();
  for (const entity of deps.registry.entities()) {
    if (filter.domain !== undefined && entity.domain !== filter.domain) continue;
    if (filter.device_id !== undefined && entity.device_id !== filter.device_id) continue;
    const area = entityArea(deps, entity);
    if (filter.area !== undefined && !sameArea(area, filter.area)) continue;
    if (filter.state !== undefined && (deps.states.get(entity.entity_id)?.state ?? 'unknown') !== filter.state)
      continue;
    if (text !== undefined && !hasText(deps, entity, text)) continue;
    let s = 3;
    if (filter.query !== undefined) {
      const name = entityName(deps, entity) ?? '';
      s = score(
        filter.query,
        normalizeText([entity.entity_id, entity.entity_id.replace(/_/g, ' '), name, area ?? ''].join(' ')),
      );
      if (s === 0) continue;
      // within a tier, the closer the name (or id) to the query, the earlier
      const tail = entity.entity_id.slice(entity.domain.length + 1);
      s += Math.max(similarity(filter.query, name), similarity(filter.query, tail)) * 0.99;
    }
    matches.push({ entity, score: s });
  }
  matches.sort((a, b) => b.score - a.score || a.entity.entity_id.localeCompare(b.entity.entity_id));
  return matches.map((m) => m.entity);
}

// ---------- search_entities: ranked and paginated ----------

export const SearchEntitiesInput = z.object({
  query: z
    .string()
    .max(200)
    .optional()
    .describe('Words to look for in the entity id, name or area; typos are tolerated, e.g. "kichen light".'),
  domain: z.string().max(64).optional().describe('Only this domain, e.g. light, switch, sensor, climate.'),
  area: z
    .string()
    .max(100)
    .optional()
    .describe('Only entities in this area/room (case and spacing ignored), e.g. "living room".'),
  device_id: z.string().max(200).optional().describe('Only entities of this device (ids from list_devices).'),
  state: z
    .string()
    .max(100)
    .optional()
    .describe('Only entities whose current state is exactly this, e.g. on, off, unavailable.'),
  limit: limitArg(25, 200),
  cursor: cursorArg,
});

export const SearchEntitiesOutput = z.object({ ...pageOutput, items: z.array(EntitySummarySchema) });

export function searchEntities(deps: LookupDeps, args: z.infer<typeof SearchEntitiesInput>) {
  const { page, ...rest } = paginate(findEntities(deps, args), args.limit, args.cursor);
  return { ...rest, items: page.map((e) => entitySummary(deps, e)) };
}

// ---------- every matching entity at once (GET /api/entities) ----------

export const ListEntitiesInput = z.object({
  domain: z.string().optional().describe('only this domain, e.g. light'),
  area: z.string().optional().describe('only entities in this area ("living_room" = "Living Room")'),
  device_id: z.string().optional(),
  q: z.string().optional().describe('text in the entity_id, name or friendly_name (case-insensitive)'),
});

export function listEntities(
  deps: LookupDeps,
  args: z.infer<typeof ListEntitiesInput>,
): { count: number; entities: EntitySummary[] } {
  const { q, ...filter } = args;
  const entities = findEntities(deps, { ...filter, text: q }).map((e) => entitySummary(deps, e));
  return { count: entities.length, entities };
}

// ---------- get_entity ----------

export const GetEntityInput = z.object({
  entity_ids: z
    .array(z.string().min(1).max(255))
    .min(1)
    .max(20)
    .describe('1–20 entity ids, e.g. ["light.kitchen"]; find them with search_entities.'),
  detail: z
    .enum(['summary', 'full'])
    .default('summary')
    .describe(
      '"summary" (default): state, attributes and allowed actions; ' +
        '"full" adds the device record, unique_id, discovery topic and the platform config.',
    ),
});

const ActionsSchema = z
  .record(
    z.string(),
    z.object({ description: z.string(), params: z.record(z.string(), z.record(z.string(), z.unknown())) }),
  )
  .describe('actions control_entities accepts for this entity, with parameter types and ranges');

export const EntityDetailSchema = EntitySummarySchema.extend({
  attributes: z.record(z.string(), z.unknown()),
  last_changed: z.string().nullable(),
  last_updated: z.string().nullable(),
  actions: ActionsSchema,
  device_name: z.string().nullable(),
  unique_id: z.string().nullable().optional(),
  discovery_topic: z.string().nullable().optional(),
  source: z.string().optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  device: z.record(z.string(), z.unknown()).nullable().optional(),
});
export type EntityDetail = z.infer<typeof EntityDetailSchema>;

export const GetEntityOutput = z.object({
  entities: z.array(EntityDetailSchema),
  not_found: z.array(z.object({ entity_id: z.string(), suggestions: z.array(z.string()) })),
});

type EntityDeps = Pick<UseCaseDeps, 'registry' | 'states' | 'commands'>;

function entityDetail(deps: EntityDeps, entity: Entity, full: boolean): EntityDetail {
  const state = deps.states.get(entity.entity_id);
  const device = entity.device_id ? (deps.registry.device(entity.device_id) ?? null) : null;
  return {
    ...entitySummary(deps, entity),
    attributes: { ...(state?.attributes ?? {}) },
    last_changed: state?.last_changed ?? null,
    last_updated: state?.last_updated ?? null,
    actions: jsonCopy(safeActions(deps, entity.entity_id)) as EntityDetail['actions'],
    device_name: device?.name ?? null,
    ...(full
      ? {
          unique_id: entity.unique_id,
          discovery_topic: entity.discovery_topic,
          source: entity.source,
          config: { ...entity.config },
          device: device ? jsonRecord(device) : null,
        }
      : {}),
  };
}

/** Entities by id; unknown ids come back with suggestions, and only when none is known is it an error. */
export function getEntity(deps: EntityDeps, args: z.infer<typeof GetEntityInput>) {
  const ids = [...new Set(args.entity_ids)];
  const entities: EntityDetail[] = [];
  const notFound = [];
  for (const id of ids) {
    const entity = deps.registry.entity(id);
    if (entity) entities.push(entityDetail(deps, entity, args.detail === 'full'));
    else notFound.push({ entity_id: id, suggestions: entitySuggestions(deps, id) });
  }
  if (entities.length === 0) throw new NotFoundError(ids.map((id) => unknownEntityMessage(deps, id)).join(' '));
  return { entities, not_found: notFound };
}

// ---------- the latest picture ----------

export const EntityImageInput = z.object({ entity_id: z.string().describe('e.g. camera.porch') });

/** The latest picture of a camera or image entity. */
export function entityImage(
  deps: Pick<UseCaseDeps, 'registry' | 'image'>,
  args: z.infer<typeof EntityImageInput>,
): LatestImage {
  const entity = needEntity(deps, args.entity_id);
  const image = deps.image?.(entity.entity_id);
  if (!image) {
    throw new NotFoundError(
      `no picture of '${entity.entity_id}' yet (only camera and image entities have one, once a frame has come)`,
    );
  }
  return image;
}

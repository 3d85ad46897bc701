// Helpers every use case shares: pagination, entity summaries, lookups with "did you mean" hints.
import { z } from 'zod';
import { sameArea } from '../core/areas.js';
import type { AllowedActions } from '../core/commands.js';
import { NotFoundError, ValidationError } from '../core/errors.js';
import type { Device, Entity } from '../core/model.js';
import { STATE_UNAVAILABLE } from '../core/state.js';
import type { UseCaseDeps } from './deps.js';
import { closest } from '../core/similarity.js';

/** The part of the deps the entity and device lookups read. */
export type LookupDeps = Pick<UseCaseDeps, 'registry' | 'states'>;

// ---------- pagination ----------

export const limitArg = (def: number, max: number) =>
  z.number().int().min(1).max(max).default(def).describe(`How many items to return (1–${max}, default ${def}).`);
export const cursorArg = z
  .string()
  .max(64)
  .optional()
  .describe("Opaque cursor from a previous call's next_cursor, to get the next page.");

export function paginate<T>(
  items: readonly T[],
  limit: number,
  cursor: string | undefined,
): { page: T[]; total: number; next_cursor?: string } {
  let offset = 0;
  if (cursor !== undefined) {
    const decoded = /^o(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!decoded?.[1]) {
      throw new ValidationError(
        `Invalid cursor "${cursor}". Pass the next_cursor value of the previous result unchanged, or omit it to ` +
          `start over.`,
      );
    }
    offset = Number(decoded[1]);
  }
  const page = items.slice(offset, offset + limit);
  const next = offset + limit < items.length ? Buffer.from(`o${offset + limit}`).toString('base64url') : undefined;
  return { page, total: items.length, ...(next !== undefined ? { next_cursor: next } : {}) };
}

export const pageOutput = { total: z.number().int(), next_cursor: z.string().optional() };

// ---------- entities and devices ----------

export const EntitySummarySchema = z.object({
  entity_id: z.string(),
  name: z.string().nullable().describe('friendly_name when the state has one, else the registry name'),
  domain: z.string(),
  state: z.string().describe("the current state; 'unknown' before the first one"),
  unit: z.string().optional().describe('unit_of_measurement, when the state has one'),
  available: z.boolean(),
  area: z.string().nullable().describe("the entity's area, else its device's"),
  device_id: z.string().nullable(),
});
export type EntitySummary = z.infer<typeof EntitySummarySchema>;

export function entityName(deps: LookupDeps, entity: Entity): string | null {
  const friendly = deps.states.get(entity.entity_id)?.attributes.friendly_name;
  return typeof friendly === 'string' ? friendly : entity.name;
}

/** An entity's area, falling back to its device's area. */
export function entityArea(deps: LookupDeps, entity: Entity): string | null {
  if (entity.area) return entity.area;
  return entity.device_id ? (deps.registry.device(entity.device_id)?.area ?? null) : null;
}

export function entitySummary(deps: LookupDeps, entity: Entity): EntitySummary {
  const state = deps.states.get(entity.entity_id);
  const unit = state?.attributes.unit_of_measurement;
  return {
    entity_id: entity.entity_id,
    name: entityName(deps, entity),
    domain: entity.domain,
    state: state?.state ?? 'unknown',
    ...(typeof unit === 'string' ? { unit } : {}),
    available: state !== undefined && state.state !== STATE_UNAVAILABLE,
    area: entityArea(deps, entity),
    device_id: entity.device_id,
  };
}

export function needEntity(deps: Pick<UseCaseDeps, 'registry'>, entityId: string): Entity {
  const entity = deps.registry.entity(entityId);
  if (!entity) throw new NotFoundError(unknownEntityMessage(deps, entityId));
  return entity;
}

export function entitySuggestions(deps: Pick<UseCaseDeps, 'registry'>, entityId: string): string[] {
  return closest(
    entityId,
    deps.registry.entities().map((e) => e.entity_id),
  );
}

export function unknownEntityMessage(deps: Pick<UseCaseDeps, 'registry'>, entityId: string): string {
  const near = entitySuggestions(deps, entityId);
  const words = entityId.includes('.') ? entityId.slice(entityId.indexOf('.') + 1).replace(/_/g, ' ') : entityId;
  return (
    `Unknown entity "${entityId}".` +
    (near.length > 0 ? ` Closest: ${near.join(', ')}.` : '') +
    ` Use search_entities(query="${words}") to find the right id.`
  );
}

export function needDevice(deps: Pick<UseCaseDeps, 'registry'>, deviceId: string): Device {
  const device = deps.registry.device(deviceId);
  if (device) return device;
  const devices = deps.registry.devices();
  const near = closest(
    deviceId,
    devices.flatMap((d) => [d.id, ...(d.name ? [d.name] : [])]),
  );
  const ids = near
    .map((n) => devices.find((d) => d.id === n || d.name === n))
    .filter((d): d is Device => d !== undefined);
  const hint = [...new Set(ids.map((d) => `${d.id}${d.name ? ` (${d.name})` : ''}`))];
  throw new NotFoundError(
    `Unknown device "${deviceId}".${hint.length > 0 ? ` Closest: ${hint.join(', ')}.` : ''} ` +
      'Use list_devices(query=…) to find the right device_id.',
  );
}

/** Entities in an area: by the entity's own area or its device's. */
export function entitiesInArea(deps: LookupDeps, area: string): Entity[] {
  return deps.registry.entities().filter((e) => sameArea(entityArea(deps, e), area));
}

/** Every area name in use, deduplicated by normalised name. */
export function knownAreas(deps: Pick<UseCaseDeps, 'registry'>): string[] {
  const out: string[] = [];
  const add = (a: string | null) => {
    if (a && !out.some((o) => sameArea(o, a))) out.push(a);
  };
  for (const d of deps.registry.devices()) add(d.area);
  for (const e of deps.registry.entities()) add(e.area);
  return out.sort((a, b) => a.localeCompare(b));
}

export function unknownAreaMessage(deps: Pick<UseCaseDeps, 'registry'>, area: string): string {
  const areas = knownAreas(deps);
  const near = closest(area, areas);
  return (
    `No entities in area "${area}".` +
    (near.length > 0 ? ` Closest areas: ${near.join(', ')}.` : '') +
    ` Known areas: ${areas.length > 0 ? areas.join(', ') : 'none'} (see list_areas).`
  );
}

/** The actions an entity accepts; none when its owner cannot say. */
export function safeActions(deps: Pick<UseCaseDeps, 'commands'>, entityId: string): AllowedActions {
  try {
    return deps.commands.allowedActions(entityId);
  } catch {
    return {};
  }
}

/** A plain JSON copy (records and configs handed out must not be the live objects). */
export const jsonCopy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** A plain JSON copy of a record, as an open object. */
export const jsonRecord = (value: object): Record<string, unknown> =>
  JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sameArea } from '../../../core/areas.js';
import { NotFoundError, ValidationError } from '../../../core/errors.js';
import type { Entity } from '../../../core/model.js';
import { STATE_UNAVAILABLE } from '../../../core/state.js';
import type { ApiDeps } from './api-deps.js';
import { parseInput } from '../validate.js';

const ListQuery = z.object({
  domain: z.string().optional(),
  area: z.string().optional(),
  device_id: z.string().optional(),
  q: z.string().optional(),
});

const HistoryQuery = z
  .object({
    minutes: z.coerce.number().positive().max(525_600).optional(),
    start: z.iso.datetime({ offset: true }).optional(),
    end: z.iso.datetime({ offset: true }).optional(),
    attributes: z.enum(['true', 'false']).optional(),
  })
  .refine((q) => !(q.minutes !== undefined && q.start !== undefined), 'give minutes or start, not both');

export function entitySummary(deps: ApiDeps, entity: Entity) {
  const state = deps.states.get(entity.entity_id);
  return {
    entity_id: entity.entity_id,
    domain: entity.domain,
    name: (state?.attributes.friendly_name as string | undefined) ?? entity.name,
    state: state?.state ?? 'unknown',
    available: state?.state !== STATE_UNAVAILABLE,
    area: entity.area,
    device_id: entity.device_id,
  };
}

export function filterEntities(deps: ApiDeps, query: z.infer<typeof ListQuery>): Entity[] {
  const q = query.q?.toLowerCase();
  return deps.registry
    .entities()
    .filter((e) => query.domain === undefined || e.domain === query.domain)
    .filter((e) => query.area === undefined || sameArea(e.area, query.area))
    .filter((e) => query.device_id === undefined || e.device_id === query.device_id)
    .filter((e) => {
      if (q === undefined) return true;
      const friendly = deps.states.get(e.entity_id)?.attributes.friendly_name;
      return [e.entity_id, e.name ?? '', typeof friendly === 'string' ? friendly : ''].some((t) => t.toLowerCase().includes(q));
    })
    .sort((a, b) => a.entity_id.localeCompare(b.entity_id));
}

export function registerEntityRoutes(app: FastifyInstance, deps: ApiDeps): void {
  app.get('/api/entities', async (request) => {
    const query = parseInput(ListQuery, request.query, 'query');
    const entities = filterEntities(deps, query).map((e) => entitySummary(deps, e));
    return { count: entities.length, entities };
  });

  app.get<{ Params: { entity_id: string } }>('/api/entities/:entity_id', async (request) => {
    const entity = deps.registry.entity(request.params.entity_id);
    if (!entity) throw new NotFoundError(`no entity '${request.params.entity_id}'`);
    const state = deps.states.get(entity.entity_id);
    const device = entity.device_id ? (deps.registry.device(entity.device_id) ?? null) : null;
    return {
      ...entitySummary(deps, entity),
      attributes: state?.attributes ?? {},
      last_changed: state?.last_changed ?? null,
      last_updated: state?.last_updated ?? null,
      unique_id: entity.unique_id,
      discovery_topic: entity.discovery_topic,
      source: entity.source,
      device,
      actions: safeActions(deps, entity.entity_id),
    };
  });

  app.get<{ Params: { entity_id: string } }>('/api/entities/:entity_id/history', async (request) => {
    const entityId = request.params.entity_id;
    if (!deps.registry.entity(entityId)) throw new NotFoundError(`no entity '${entityId}'`);
    const query = parseInput(HistoryQuery, request.query, 'query');
    const end = query.end ? new Date(query.end) : deps.clock.now();
    const start = query.start ? new Date(query.start) : new Date(end.getTime() - (query.minutes ?? 60) * 60_000);
    if (start > end) throw new ValidationError('query.start must be before query.end');
    const points = await deps.history.history(entityId, start, end, { attributes: query.attributes !== 'false' });
    return { entity_id: entityId, start: start.toISOString(), end: end.toISOString(), count: points.length, points };
  });
}

function safeActions(deps: ApiDeps, entityId: string) {
  try {
    return deps.commands.allowedActions(entityId);
  } catch {
    return {};
  }
}

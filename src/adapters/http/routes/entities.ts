import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sameArea } from '../../../core/areas.js';
import { NotFoundError, UnavailableError, ValidationError } from '../../../core/errors.js';
import type { Entity } from '../../../core/model.js';
import { STATE_UNAVAILABLE } from '../../../core/state.js';
import type { ApiDeps } from './api-deps.js';
import { routeDoc } from '../route-doc.js';
import { AllowedActionsSchema, DeviceSchema, EntitySummarySchema } from '../schemas.js';
import { parseInput } from '../validate.js';

const ListQuery = z.object({
  domain: z.string().optional().describe('only this domain, e.g. light'),
  area: z.string().optional().describe('only entities in this area ("living_room" = "Living Room")'),
  device_id: z.string().optional(),
  q: z.string().optional().describe('text in the entity_id, name or friendly_name (case-insensitive)'),
});

const EntityParams = z.object({ entity_id: z.string().describe('e.g. light.kitchen') });

/** the time window both history routes take: the last `minutes` before `end`, or `start`…`end` */
const WindowFields = {
  minutes: z.coerce.number().positive().max(525_600).optional().describe('how far back from end (default 60); not with start'),
  start: z.iso.datetime({ offset: true }).optional(),
  end: z.iso.datetime({ offset: true }).optional().describe('default now'),
};
const oneWindow = (q: { minutes?: number | undefined; start?: string | undefined }) => !(q.minutes !== undefined && q.start !== undefined);
const ONE_WINDOW = 'give minutes or start, not both';

const HistoryQuery = z
  .object({ ...WindowFields, attributes: z.enum(['true', 'false']).optional().describe('false: leave attributes out (null)') })
  .refine(oneWindow, ONE_WINDOW);

const MAX_BUCKETS = 10_000;

const BucketQuery = z
  .object({ bucket_seconds: z.coerce.number().int().min(1).max(31_536_000).describe('bucket width in seconds, e.g. 300 for 5-minute buckets'), ...WindowFields })
  .refine(oneWindow, ONE_WINDOW);

const Buckets = z.object({
  entity_id: z.string(),
  start: z.string(),
  end: z.string(),
  bucket_seconds: z.number().int(),
  count: z.number().int().describe('buckets returned; buckets without a numeric state are left out'),
  buckets: z.array(z.object({ start: z.string(), count: z.number().int(), min: z.number(), mean: z.number(), max: z.number() })),
});

const EntityList = z.object({ count: z.number().int(), entities: z.array(EntitySummarySchema) });

const EntityDetails = EntitySummarySchema.extend({
  attributes: z.record(z.string(), z.unknown()),
  last_changed: z.string().nullable(),
  last_updated: z.string().nullable(),
  unique_id: z.string().nullable(),
  discovery_topic: z.string().nullable().describe('the discovery topic that announced it, when it came from MQTT discovery'),
  source: z.string(),
  device: DeviceSchema.nullable(),
  actions: AllowedActionsSchema.describe('what POST /api/actions/{domain}/{action} accepts for this entity'),
});

const History = z.object({
  entity_id: z.string(),
  start: z.string(),
  end: z.string(),
  count: z.number().int(),
  points: z.array(
    z.object({
      state: z.string(),
      value: z.number().nullable().describe('the state as a number when it is one'),
      attributes: z.record(z.string(), z.unknown()).nullable(),
      time: z.string(),
    }),
  ),
});

/** what fastify answers objects with */
const JSON_UTF8 = 'application/json; charset=utf-8';
const POINTS_END = Buffer.from('}');

/** JSON.stringify({ ...head, points }) for points given as JSON bytes: `points` is the last key. */
function wrapPoints(head: Record<string, unknown>, points: Uint8Array): Buffer {
  const text = JSON.stringify(head);
  return Buffer.concat([Buffer.from(`${text.slice(0, -1)},"points":`), points, POINTS_END]);
}

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
  app.get('/api/entities', routeDoc({ summary: 'List entities with their states', query: ListQuery, response: EntityList }), async (request) => {
    const query = parseInput(ListQuery, request.query, 'query');
    const entities = filterEntities(deps, query).map((e) => entitySummary(deps, e));
    return { count: entities.length, entities };
  });

  app.get('/api/entities/:entity_id', routeDoc({ summary: 'One entity: state, attributes, device and the actions it accepts', params: EntityParams, response: EntityDetails }), async (request) => {
    const { entity_id: entityId } = parseInput(EntityParams, request.params, 'path');
    const entity = deps.registry.entity(entityId);
    if (!entity) throw new NotFoundError(`no entity '${entityId}'`);
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

  app.get('/api/entities/:entity_id/image', routeDoc({ summary: 'The latest picture of a camera or image entity, with its content type (an image entity that was given a URL answers 302 to it)', params: EntityParams, produces: 'image/*' }), async (request, reply) => {
    const entityId = knownEntity(deps, request.params);
    const image = deps.image(entityId);
    if (!image) throw new NotFoundError(`no picture of '${entityId}' yet (only camera and image entities have one, once a frame has come)`);
    reply.header('cache-control', 'no-store').header('last-modified', new Date(image.updated).toUTCString());
    // the URL is not fetched here: a picture anyone on the broker can point at is not a request Switchyard should make
    if (image.url !== null) return reply.redirect(image.url, 302);
    return reply.type(image.content_type).send(image.bytes);
  });

  app.get('/api/entities/:entity_id/history', routeDoc({ summary: 'Recorded states of an entity (default: the last hour)', params: EntityParams, query: HistoryQuery, response: History }), async (request, reply) => {
    const entityId = knownEntity(deps, request.params);
    const query = parseInput(HistoryQuery, request.query, 'query');
    const { start, end } = historyWindow(deps, query);
    const options = { attributes: query.attributes !== 'false' };
    const envelope = { entity_id: entityId, start: start.toISOString(), end: end.toISOString() };
    if (deps.history.historyJson) {
      // a day of points is megabytes of JSON: the reader writes their bytes, this only wraps them
      const { count, json } = await deps.history.historyJson(entityId, start, end, options);
      return reply.type(JSON_UTF8).send(wrapPoints({ ...envelope, count }, json));
    }
    const points = await deps.history.history(entityId, start, end, options);
    return { ...envelope, count: points.length, points };
  });

  app.get('/api/entities/:entity_id/history/buckets', routeDoc({ summary: 'Numeric history of an entity in time buckets: count, min, mean and max per bucket, computed by the database', params: EntityParams, query: BucketQuery, response: Buckets }), async (request) => {
    const entityId = knownEntity(deps, request.params);
    const query = parseInput(BucketQuery, request.query, 'query');
    const { start, end } = historyWindow(deps, query);
    const buckets = Math.ceil((end.getTime() - start.getTime()) / 1000 / query.bucket_seconds);
    if (buckets > MAX_BUCKETS) throw new ValidationError(`query.bucket_seconds: ${query.bucket_seconds} s makes ${buckets} buckets over this window; at most ${MAX_BUCKETS} (use at least ${Math.ceil((end.getTime() - start.getTime()) / 1000 / MAX_BUCKETS)})`);
    if (!deps.history.aggregate) throw new UnavailableError('this history store cannot aggregate');
    const rows = await deps.history.aggregate(entityId, start, end, query.bucket_seconds);
    return { entity_id: entityId, start: start.toISOString(), end: end.toISOString(), bucket_seconds: query.bucket_seconds, count: rows.length, buckets: rows };
  });
}

/** the path's entity id, when the registry has it */
function knownEntity(deps: ApiDeps, params: unknown): string {
  const { entity_id: entityId } = parseInput(EntityParams, params, 'path');
  if (!deps.registry.entity(entityId)) throw new NotFoundError(`no entity '${entityId}'`);
  return entityId;
}

function historyWindow(deps: ApiDeps, query: { minutes?: number | undefined; start?: string | undefined; end?: string | undefined }): { start: Date; end: Date } {
  const end = query.end ? new Date(query.end) : deps.clock.now();
  const start = query.start ? new Date(query.start) : new Date(end.getTime() - (query.minutes ?? 60) * 60_000);
  if (start > end) throw new ValidationError('query.start must be before query.end');
  return { start, end };
}

function safeActions(deps: ApiDeps, entityId: string) {
  try {
    return deps.commands.allowedActions(entityId);
  } catch {
    return {};
  }
}

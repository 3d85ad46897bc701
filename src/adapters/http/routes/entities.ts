import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { UseCaseDeps } from '../../../usecases/deps.js';
import { entityImage, getEntity, ListEntitiesInput, listEntities } from '../../../usecases/entities.js';
import {
  EntityHistoryInput,
  EntityHistoryOutput,
  entityHistory,
  HistoryBucketsInput,
  HistoryBucketsOutput,
  historyBuckets,
} from '../../../usecases/entity-history.js';
import { EntitySummarySchema } from '../../../usecases/shared.js';
import { routeDoc } from '../route-doc.js';
import { AllowedActionsSchema, DeviceSchema } from '../schemas.js';
import { parseInput } from '../validate.js';

const EntityParams = z.object({ entity_id: z.string().describe('e.g. light.kitchen') });

const EntityList = z.object({ count: z.number().int(), entities: z.array(EntitySummarySchema) });

const EntityDetails = EntitySummarySchema.extend({
  attributes: z.record(z.string(), z.unknown()),
  last_changed: z.string().nullable(),
  last_updated: z.string().nullable(),
  unique_id: z.string().nullable(),
  discovery_topic: z
    .string()
    .nullable()
    .describe('the discovery topic that announced it, when it came from MQTT discovery'),
  source: z.string(),
  device: DeviceSchema.nullable(),
  actions: AllowedActionsSchema.describe('what POST /api/actions/{domain}/{action} accepts for this entity'),
});

/** what fastify answers objects with */
const JSON_UTF8 = 'application/json; charset=utf-8';
const POINTS_END = Buffer.from('}');

/** JSON.stringify({ ...head, points }) for points given as JSON bytes: `points` is the last key. */
function wrapPoints(head: Record<string, unknown>, points: Uint8Array): Buffer {
  const text = JSON.stringify(head);
  return Buffer.concat([Buffer.from(`${text.slice(0, -1)},"points":`), points, POINTS_END]);
}

export function registerEntityRoutes(app: FastifyInstance, deps: UseCaseDeps): void {
  app.get(
    '/api/entities',
    routeDoc({ summary: 'List entities with their states', query: ListEntitiesInput, response: EntityList }),
    async (request) => listEntities(deps, parseInput(ListEntitiesInput, request.query, 'query')),
  );

  app.get(
    '/api/entities/:entity_id',
    routeDoc({
      summary: 'One entity: state, attributes, device and the actions it accepts',
      params: EntityParams,
      response: EntityDetails,
    }),
    async (request) => {
      const { entity_id } = parseInput(EntityParams, request.params, 'path');
      // get_entity's full view, without the fields only MCP shows
      const { entities } = getEntity(deps, { entity_ids: [entity_id], detail: 'full' });
      return entities.map(({ device_name: _name, config: _config, ...details }) => details)[0];
    },
  );

  app.get(
    '/api/entities/:entity_id/image',
    routeDoc({
      summary:
        'The latest picture of a camera or image entity, with its content type ' +
        '(an image entity that was given a URL answers 302 to it)',
      params: EntityParams,
      produces: 'image/*',
    }),
    async (request, reply) => {
      const image = entityImage(deps, parseInput(EntityParams, request.params, 'path'));
      reply.header('cache-control', 'no-store').header('last-modified', new Date(image.updated).toUTCString());
      // the URL is not fetched here: a picture anyone on the broker can point at is not a request Switchyard
      // should make
      if (image.url !== null) return reply.redirect(image.url, 302);
      return reply.type(image.content_type).send(image.bytes);
    },
  );

  app.get(
    '/api/entities/:entity_id/history',
    routeDoc({
      summary: 'Recorded states of an entity (default: the last hour)',
      params: EntityParams,
      query: EntityHistoryInput,
      response: EntityHistoryOutput,
    }),
    async (request, reply) => {
      const { entity_id } = parseInput(EntityParams, request.params, 'path');
      const query = parseInput(EntityHistoryInput, request.query, 'query');
      const history = await entityHistory(deps, { ...query, entity_id });
      if ('points' in history) return history;
      // a day of points is megabytes of JSON: the reader wrote their bytes, this only wraps them
      const { json, ...head } = history;
      return reply.type(JSON_UTF8).send(wrapPoints(head, json));
    },
  );

  app.get(
    '/api/entities/:entity_id/history/buckets',
    routeDoc({
      summary:
        'Numeric history of an entity in time buckets: count, min, mean and max per bucket, computed by the database',
      params: EntityParams,
      query: HistoryBucketsInput,
      response: HistoryBucketsOutput,
    }),
    async (request) => {
      const { entity_id } = parseInput(EntityParams, request.params, 'path');
      return historyBuckets(deps, { ...parseInput(HistoryBucketsInput, request.query, 'query'), entity_id });
    },
  );
}

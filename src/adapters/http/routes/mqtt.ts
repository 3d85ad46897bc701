import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { UseCaseDeps } from '../../../usecases/deps.js';
import {
  mqttGetCapture,
  MqttGetCaptureInput,
  MqttGetCaptureOutput,
  mqttStartCapture,
  MqttStartCaptureInput,
  MqttStartCaptureOutput,
} from '../../../usecases/mqtt-capture.js';
import { mqttConnections, MqttConnectionsOutput } from '../../../usecases/mqtt-connections.js';
import { mqttPublish, MqttPublishInput, MqttPublishOutput } from '../../../usecases/mqtt-publish.js';
import { mqttListTopics, MqttListTopicsInput, MqttListTopicsOutput } from '../../../usecases/mqtt-topics.js';
import { routeDoc } from '../route-doc.js';
import { parseInput } from '../validate.js';

/** a 1 MiB payload as base64 in JSON, with room for the other fields */
const PUBLISH_BODY_LIMIT = 2 * 1024 * 1024;

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const CaptureParams = z.object({
  id: z.string().min(1).max(64).describe('the capture_id POST /api/mqtt/captures returned'),
});

/**
 * A query string carries text: `fields` turn it into the use case's types, then the use case's own schema checks
 * ranges and applies defaults. The documented descriptions are the use case's.
 */
function queryOf(input: z.ZodObject, fields: Record<string, z.ZodType>): z.ZodObject {
  const described = Object.entries(fields).map(([name, field]) => {
    const about = input.shape[name]?.description;
    return [name, about ? field.describe(about) : field] as const;
  });
  return z.object(Object.fromEntries(described));
}

const defined = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

const TopicsQuery = queryOf(MqttListTopicsInput, {
  filter: z.string().optional(),
  search: z.string().optional(),
  retained_only: bool.optional(),
  include_payload: bool.optional(),
  payload_max_bytes: z.coerce.number().optional(),
  limit: z.coerce.number().optional(),
  cursor: z.string().optional(),
  connection: z.string().optional(),
});
const CaptureQuery = queryOf(MqttGetCaptureInput, {
  from: z.coerce.number().optional(),
  wait_seconds: z.coerce.number().optional(),
  stop: bool.optional(),
});

/**
 * Raw MQTT, as the MCP tools mqtt_publish, mqtt_list_topics, mqtt_connections, mqtt_subscribe_collect and
 * mqtt_get_capture.
 */
export function registerMqttRoutes(app: FastifyInstance, deps: UseCaseDeps): void {
  app.post(
    '/api/mqtt/publish',
    {
      bodyLimit: PUBLISH_BODY_LIMIT,
      ...routeDoc({
        summary: 'Publish one raw MQTT message, as mqtt_publish',
        body: MqttPublishInput,
        response: MqttPublishOutput,
        example: { topic: 'zigbee2mqtt/lamp/set', payload: '{"state":"ON"}' },
      }),
    },
    async (request) => mqttPublish(deps, parseInput(MqttPublishInput, request.body ?? {}, 'body')),
  );

  app.get(
    '/api/mqtt/topics',
    routeDoc({
      summary: 'MQTT topics seen since start, as mqtt_list_topics',
      query: TopicsQuery,
      response: MqttListTopicsOutput,
    }),
    async (request) => {
      const query = defined(parseInput(TopicsQuery, request.query, 'query'));
      return mqttListTopics(deps, parseInput(MqttListTopicsInput, query, 'query'));
    },
  );

  app.get(
    '/api/mqtt/connections',
    routeDoc({ summary: 'MQTT broker connections, as mqtt_connections', response: MqttConnectionsOutput }),
    async () => mqttConnections(deps),
  );

  app.post(
    '/api/mqtt/captures',
    routeDoc({
      summary: 'Start a background MQTT capture (up to 300 s); read it with GET /api/mqtt/captures/{id}',
      body: MqttStartCaptureInput,
      response: MqttStartCaptureOutput,
      status: 202,
    }),
    async (request, reply) => {
      const started = await mqttStartCapture(deps, parseInput(MqttStartCaptureInput, request.body ?? {}, 'body'));
      reply.code(202);
      return started;
    },
  );

  app.get(
    '/api/mqtt/captures/:id',
    routeDoc({
      summary: 'What a capture collected so far, as mqtt_get_capture',
      params: CaptureParams,
      query: CaptureQuery,
      response: MqttGetCaptureOutput,
    }),
    async (request) => {
      const { id } = parseInput(CaptureParams, request.params, 'path');
      const query = { capture_id: id, ...defined(parseInput(CaptureQuery, request.query, 'query')) };
      return mqttGetCapture(deps, parseInput(MqttGetCaptureInput, query, 'query'));
    },
  );

  app.delete(
    '/api/mqtt/captures/:id',
    routeDoc({
      summary: 'Stop a capture, keeping what it collected',
      params: CaptureParams,
      response: MqttGetCaptureOutput,
    }),
    async (request) => {
      const { id } = parseInput(CaptureParams, request.params, 'path');
      return mqttGetCapture(deps, parseInput(MqttGetCaptureInput, { capture_id: id, stop: true }, 'query'));
    },
  );
}

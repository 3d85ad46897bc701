import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { routeDoc } from '../route-doc.js';
import { parseInput } from '../validate.js';
import type { ToolApi } from './tool-api.js';

/** a 1 MiB payload as base64 in JSON, with room for the other fields */
const PUBLISH_BODY_LIMIT = 2 * 1024 * 1024;

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const CaptureParams = z.object({ id: z.string().min(1).max(64).describe('the capture_id POST /api/mqtt/captures returned') });

/**
 * A query string carries text: `fields` turn it into the tool's types, then the tool's own schema checks
 * ranges and applies defaults. The documented descriptions are the tool's.
 */
function queryOf(tool: z.ZodObject, fields: Record<string, z.ZodType>): z.ZodObject {
  const described = Object.entries(fields).map(([name, field]) => {
    const about = tool.shape[name]?.description;
    return [name, about ? field.describe(about) : field] as const;
  });
  return z.object(Object.fromEntries(described));
}

const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** Raw MQTT, with the same rules as the MCP tools mqtt_publish, mqtt_list_topics, mqtt_subscribe_collect and mqtt_get_capture. */
export function registerMqttRoutes(app: FastifyInstance, tools: ToolApi): void {
  const { mqttPublish, mqttTopics, mqttStartCapture, mqttGetCapture } = tools.schemas;
  const TopicsQuery = queryOf(mqttTopics.input, {
    filter: z.string().optional(),
    search: z.string().optional(),
    retained_only: bool.optional(),
    include_payload: bool.optional(),
    payload_max_bytes: z.coerce.number().optional(),
    limit: z.coerce.number().optional(),
    cursor: z.string().optional(),
    connection: z.string().optional(),
  });
  const CaptureQuery = queryOf(mqttGetCapture.input, { from: z.coerce.number().optional(), wait_seconds: z.coerce.number().optional(), stop: bool.optional() });

  app.post(
    '/api/mqtt/publish',
    { bodyLimit: PUBLISH_BODY_LIMIT, ...routeDoc({ summary: 'Publish one raw MQTT message, as mqtt_publish', body: mqttPublish.input, response: mqttPublish.output }) },
    async (request) => tools.mqttPublish(request.body ?? {}),
  );

  app.get('/api/mqtt/topics', routeDoc({ summary: 'MQTT topics seen since start, as mqtt_list_topics', query: TopicsQuery, response: mqttTopics.output }), async (request) =>
    tools.mqttTopics(defined(parseInput(TopicsQuery, request.query, 'query'))),
  );

  app.get('/api/mqtt/connections', routeDoc({ summary: 'MQTT broker connections, as mqtt_connections', response: tools.schemas.mqttConnections.output }), async () => tools.mqttConnections());

  app.post(
    '/api/mqtt/captures',
    routeDoc({ summary: 'Start a background MQTT capture (up to 300 s); read it with GET /api/mqtt/captures/{id}', body: mqttStartCapture.input, response: mqttStartCapture.output, status: 202 }),
    async (request, reply) => {
      const started = await tools.mqttStartCapture(request.body ?? {});
      reply.code(202);
      return started;
    },
  );

  app.get('/api/mqtt/captures/:id', routeDoc({ summary: 'What a capture collected so far, as mqtt_get_capture', params: CaptureParams, query: CaptureQuery, response: mqttGetCapture.output }), async (request) => {
    const { id } = parseInput(CaptureParams, request.params, 'path');
    return tools.mqttGetCapture({ capture_id: id, ...defined(parseInput(CaptureQuery, request.query, 'query')) });
  });

  app.delete('/api/mqtt/captures/:id', routeDoc({ summary: 'Stop a capture, keeping what it collected', params: CaptureParams, response: mqttGetCapture.output }), async (request) => {
    const { id } = parseInput(CaptureParams, request.params, 'path');
    return tools.mqttGetCapture({ capture_id: id, stop: true });
  });
}

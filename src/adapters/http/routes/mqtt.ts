import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseInput } from '../validate.js';
import type { ToolApi } from './tool-api.js';

/** a 1 MiB payload as base64 in JSON, with room for the other fields */
const PUBLISH_BODY_LIMIT = 2 * 1024 * 1024;

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const TopicsQuery = z.object({
  filter: z.string().optional(),
  search: z.string().optional(),
  retained_only: bool.optional(),
  include_payload: bool.optional(),
  payload_max_bytes: z.coerce.number().optional(),
  limit: z.coerce.number().optional(),
  cursor: z.string().optional(),
});
const CaptureParams = z.object({ id: z.string().min(1).max(64) });
const CaptureQuery = z.object({ from: z.coerce.number().optional(), wait_seconds: z.coerce.number().optional(), stop: bool.optional() });

const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** Raw MQTT, with the same rules as the MCP tools mqtt_publish, mqtt_list_topics, mqtt_subscribe_collect and mqtt_get_capture. */
export function registerMqttRoutes(app: FastifyInstance, tools: ToolApi): void {
  app.post('/api/mqtt/publish', { bodyLimit: PUBLISH_BODY_LIMIT, config: { openapi: { summary: 'Publish one raw MQTT message, as mqtt_publish; JSON body {topic, payload, encoding?, qos?, retain?, allow_discovery?}' } } }, async (request) => tools.mqttPublish(request.body ?? {}));

  app.get('/api/mqtt/topics', { config: { openapi: { summary: 'MQTT topics seen since start, as mqtt_list_topics; query filter, search, retained_only, limit, cursor' } } }, async (request) => tools.mqttTopics(defined(parseInput(TopicsQuery, request.query, 'query'))));

  app.get('/api/mqtt/connections', { config: { openapi: { summary: 'MQTT broker connections, as mqtt_connections' } } }, async () => tools.mqttConnections());

  app.post('/api/mqtt/captures', { config: { openapi: { summary: 'Start a background MQTT capture; JSON body {filters, duration_s (≤ 300), max_messages?, payload_max_bytes?, include_retained?}' } } }, async (request, reply) => {
    const started = await tools.mqttStartCapture(request.body ?? {});
    reply.code(202);
    return started;
  });

  app.get('/api/mqtt/captures/:id', { config: { openapi: { summary: 'What a capture collected so far, as mqtt_get_capture; query from, wait_seconds' } } }, async (request) => {
    const { id } = parseInput(CaptureParams, request.params, 'path');
    return tools.mqttGetCapture({ capture_id: id, ...defined(parseInput(CaptureQuery, request.query, 'query')) });
  });

  app.delete('/api/mqtt/captures/:id', { config: { openapi: { summary: 'Stop a capture, keeping what it collected' } } }, async (request) => {
    const { id } = parseInput(CaptureParams, request.params, 'path');
    return tools.mqttGetCapture({ capture_id: id, stop: true });
  });
}

import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { NotFoundError } from '../../../core/errors.js';
import type { McpDeps } from '../deps.js';
import { captureStore, captureView, MessageSchema } from './mqtt-subscribe-collect.js';
import { run, type Structured } from './shared.js';

export const MqttGetCaptureInput = z.object({
  capture_id: z.string().min(1).max(64).describe('The capture_id returned by mqtt_subscribe_collect for a window over 50 s.'),
  wait_seconds: z.number().min(0).max(50).default(0).describe('Wait up to this many seconds for the capture to finish before answering (0–50, default 0: answer at once).'),
  from: z.number().int().min(0).max(500).default(0).describe('Skip the first messages: pass the previous next_from to get only what arrived since (default 0: everything).'),
  stop: z.boolean().default(false).describe('true: end the capture now, keeping what it collected.'),
});

export const MqttGetCaptureOutput = z.object({
  capture_id: z.string(),
  status: z.enum(['running', 'done']),
  done: z.boolean(),
  filters: z.array(z.string()),
  started_at: z.string(),
  ends_at: z.string(),
  expires_at: z.string(),
  ended_by: z.enum(['duration', 'max_messages', 'stopped', 'error']).optional(),
  error: z.string().optional(),
  total: z.number().int().describe('messages collected so far'),
  from: z.number().int(),
  count: z.number().int().describe('messages in this answer'),
  next_from: z.number().int().describe('pass as from to get only newer messages'),
  messages: z.array(MessageSchema),
});

export async function mqttGetCapture(deps: McpDeps, args: z.infer<typeof MqttGetCaptureInput>): Promise<Structured> {
  const store = captureStore(deps);
  const unknown = () =>
    new NotFoundError(`Unknown or expired capture "${args.capture_id}" (captures are dropped 10 minutes after their window ends). Start a new one with mqtt_subscribe_collect(duration_s > 50).`);
  if (!store.get(args.capture_id)) throw unknown();
  if (args.stop) store.stop(args.capture_id);
  else await store.wait(args.capture_id, args.wait_seconds * 1000);
  const capture = store.get(args.capture_id);
  if (!capture) throw unknown();
  return captureView(capture, args.from);
}

export function registerMqttGetCaptureTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'mqtt_get_capture',
    {
      title: 'Read a long MQTT capture',
      description:
        'Returns what a background capture started by mqtt_subscribe_collect (windows over 50 s) has collected so far and whether it is done. ' +
        'Poll with from = the previous next_from to get only new messages, wait_seconds to wait for the end, stop: true to end it early. Captures are dropped 10 minutes after their window ends.',
      inputSchema: MqttGetCaptureInput,
      outputSchema: MqttGetCaptureOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    async (args) => run(() => mqttGetCapture(deps, args)),
  );
}

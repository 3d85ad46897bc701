import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { Unsubscribe } from '../../../core/event-bus.js';
import { UnavailableError, ValidationError } from '../../../core/errors.js';
import type { IncomingMessage, MessageBus } from '../../../core/ports.js';
import { filterProblemText } from '../../../core/topic.js';
import { CAPTURE_KEEP_MS, createCaptureStore, renderMessage, type Capture, type CaptureStore } from '../captures.js';
import { MAIN_CONNECTION, type McpDeps } from '../deps.js';
import { connectionArg, resolveConnection } from './mqtt-connections.js';
import { run, type Structured } from './shared.js';

/** longest window answered in the call itself (clients time out at about 60 s) */
export const MAX_COLLECT_SECONDS = 50;
/** longest window at all; above MAX_COLLECT_SECONDS the call returns a capture_id */
export const MAX_CAPTURE_SECONDS = 300;

export const MqttSubscribeCollectInput = z.object({
  filters: z
    .array(z.string().min(1).max(1024))
    .min(1)
    .max(10)
    .describe('1–10 MQTT topic filters; "+" matches one level, "#" (last) any number, e.g. ["zigbee2mqtt/+", "devices/#"].'),
  duration_s: z
    .number()
    .min(0.1)
    .max(MAX_CAPTURE_SECONDS)
    .default(5)
    .describe(
      `How long to listen, in seconds (0.1–${MAX_CAPTURE_SECONDS}, default 5). Up to ${MAX_COLLECT_SECONDS} s the call waits and returns the messages (early when max_messages is reached); ` +
        `longer windows return a capture_id at once: read it with mqtt_get_capture.`,
    ),
  max_messages: z.number().int().min(1).max(500).default(100).describe('Stop after this many messages (1–500, default 100).'),
  payload_max_bytes: z.number().int().min(0).max(65_536).default(1024).describe('Payloads longer than this are cut (flagged truncated); 0–65536, default 1024.'),
  include_retained: z.boolean().default(true).describe('Include retained messages the broker sends at subscription time (default true).'),
  connection: connectionArg,
});

const MessageSchema = z.object({
  time: z.string(),
  topic: z.string(),
  qos: z.number().int(),
  retain: z.boolean(),
  payload: z.string(),
  encoding: z.enum(['utf8', 'base64']),
  bytes: z.number().int(),
  truncated: z.boolean(),
});

export const MqttSubscribeCollectOutput = z.object({
  messages: z.array(MessageSchema).optional().describe('what arrived (windows up to 50 s)'),
  count: z.number().int().optional(),
  ended_by: z.enum(['duration', 'max_messages']).optional(),
  duration_s: z.number().describe('the window actually waited (short windows) or requested (captures)'),
  capture_id: z.string().optional().describe('windows over 50 s: the handle to pass to mqtt_get_capture'),
  status: z.enum(['running']).optional().describe('windows over 50 s: the capture runs in the background'),
  ends_at: z.string().optional().describe('windows over 50 s: when the capture window ends'),
  expires_at: z.string().optional().describe('windows over 50 s: when the capture is dropped (10 minutes after its window)'),
  connection: z.string().describe('the connection listened on'),
});

export { MessageSchema };

/** Why a filter cannot be subscribed to, in words for the tool's caller; null when it can. */
export function checkFilter(filter: string): string | null {
  const problem = filterProblemText(filter);
  return problem === undefined ? null : `${problem} (in "${filter.slice(0, 200)}")`;
}

const storesByDeps = new WeakMap<McpDeps, CaptureStore>();

/** The capture store: the one app.ts passes in, else one per deps object (tests). */
export function captureStore(deps: McpDeps): CaptureStore {
  if (deps.captures) return deps.captures;
  let store = storesByDeps.get(deps);
  if (!store) {
    store = createCaptureStore({ now: () => deps.clock.now() });
    storesByDeps.set(deps, store);
  }
  return store;
}

/** A capture as mqtt_get_capture returns it. */
export function captureView(capture: Capture, from = 0) {
  const messages = capture.messages.slice(from);
  return {
    capture_id: capture.id,
    status: capture.status,
    done: capture.status === 'done',
    filters: [...capture.filters],
    started_at: capture.started_at,
    ends_at: capture.ends_at,
    expires_at: capture.expires_at,
    ...(capture.ended_by !== undefined ? { ended_by: capture.ended_by } : {}),
    ...(capture.error !== undefined ? { error: capture.error } : {}),
    total: capture.messages.length,
    from,
    count: messages.length,
    next_from: capture.messages.length,
    messages,
  };
}

/** A background capture of any window (REST starts every capture this way; the tool does above 50 s). */
export const MqttStartCaptureInput = MqttSubscribeCollectInput.extend({
  duration_s: z.number().min(0.1).max(MAX_CAPTURE_SECONDS).default(60).describe(`How long to listen, in seconds (0.1–${MAX_CAPTURE_SECONDS}, default 60).`),
});

/** The connection to listen on, checked: valid filters, a known connection id, connected. */
function listenOn(deps: McpDeps, args: { filters: readonly string[]; connection?: string }): { id: string; messages: MessageBus } {
  const problems = args.filters.map(checkFilter).filter((p): p is string => p !== null);
  if (problems.length > 0) throw new ValidationError(`Invalid topic filter: ${problems.join('; ')}.`);
  const connection = resolveConnection(deps, args.connection);
  if (!connection.messages.connected) {
    throw new UnavailableError(
      connection.id === MAIN_CONNECTION
        ? 'MQTT is not connected, so nothing can be collected now. Check get_system_status and try again later.'
        : `The broker of connection "${connection.id}" is not connected, so nothing can be collected there now. Check mqtt_connections and try again later.`,
    );
  }
  return { id: connection.id, messages: connection.messages };
}

export async function mqttStartCapture(deps: McpDeps, args: z.infer<typeof MqttStartCaptureInput>): Promise<Structured> {
  const on = listenOn(deps, args);
  const capture = await captureStore(deps).start(on.messages, args);
  return { capture_id: capture.id, status: 'running', duration_s: args.duration_s, ends_at: capture.ends_at, expires_at: capture.expires_at, connection: on.id };
}

export async function mqttSubscribeCollect(deps: McpDeps, args: z.infer<typeof MqttSubscribeCollectInput>): Promise<Structured> {
  const on = listenOn(deps, args);
  if (args.duration_s > MAX_COLLECT_SECONDS) return mqttStartCapture(deps, args);
  const messages: ReturnType<typeof renderMessage>[] = [];
  const started = Date.now();
  let done: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    done = resolve;
  });
  const unsubscribes: Unsubscribe[] = [];
  const onMessage = (m: IncomingMessage) => {
    if (messages.length >= args.max_messages) return;
    if (m.retain && !args.include_retained) return;
    messages.push(renderMessage(m, args.payload_max_bytes, deps.clock.now()));
    if (messages.length >= args.max_messages) done();
  };
  const timer = setTimeout(() => done(), args.duration_s * 1000);
  try {
    for (const filter of [...new Set(args.filters)]) unsubscribes.push(await on.messages.subscribe(filter, onMessage));
    await finished;
  } finally {
    clearTimeout(timer);
    for (const unsubscribe of unsubscribes) {
      try {
        unsubscribe();
      } catch {
        // the connection may be gone; nothing left to clean up
      }
    }
  }
  return {
    messages,
    count: messages.length,
    ended_by: messages.length >= args.max_messages ? 'max_messages' : 'duration',
    duration_s: Math.round((Date.now() - started) / 100) / 10,
    connection: on.id,
  };
}

export function registerMqttSubscribeCollectTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'mqtt_subscribe_collect',
    {
      title: 'Listen to MQTT topics',
      description:
        `Subscribe to 1–10 MQTT topic filters for a window (at most ${MAX_CAPTURE_SECONDS} s, at most 500 messages) and return what arrived, retained messages included by default. ` +
        `Windows up to ${MAX_COLLECT_SECONDS} s are answered in the call; longer ones return a capture_id at once and keep collecting in the background: ` +
        `poll it with mqtt_get_capture (kept ${CAPTURE_KEEP_MS / 60_000} minutes after the window ends). ` +
        'To see which topics exist, mqtt_list_topics is instant. ' +
        'It listens on Switchyard\'s broker ("main") unless `connection` names a broker profile listed by mqtt_connections. ' +
        'Use it to see what a device or integration is actually sending, or to discover topics; for entities Switchyard knows, get_entity and get_history are cheaper.',
      inputSchema: MqttSubscribeCollectInput,
      outputSchema: MqttSubscribeCollectOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    async (args) => run(() => mqttSubscribeCollect(deps, args)),
  );
}

// Listening to raw MQTT: a short window answered at once (mqtt_subscribe_collect), a longer one as a
// background capture read later (mqtt_get_capture, /api/mqtt/captures) from the one capture store.
import { z } from 'zod';
import type { Unsubscribe } from '../core/event-bus.js';
import { NotFoundError, UnavailableError, ValidationError } from '../core/errors.js';
import type { IncomingMessage, MessageBus } from '../core/ports.js';
import { filterProblemText } from '../core/topic.js';
import { renderMessage, type Capture } from './captures.js';
import { MAIN_CONNECTION, type UseCaseDeps } from './deps.js';
import { connectionArg, resolveConnection, type MqttDeps } from './mqtt-connections.js';

type CaptureDeps = MqttDeps & Pick<UseCaseDeps, 'captures' | 'clock'>;

/** longest window answered in the call itself (clients time out at about 60 s) */
export const MAX_COLLECT_SECONDS = 50;
/** longest window at all; above MAX_COLLECT_SECONDS the call returns a capture_id */
export const MAX_CAPTURE_SECONDS = 300;

export const MqttSubscribeCollectInput = z.object({
  filters: z
    .array(z.string().min(1).max(1024))
    .min(1)
    .max(10)
    .describe(
      '1–10 MQTT topic filters; "+" matches one level, "#" (last) any number, e.g. ["zigbee2mqtt/+", "devices/#"].',
    ),
  duration_s: z
    .number()
    .min(0.1)
    .max(MAX_CAPTURE_SECONDS)
    .default(5)
    .describe(
      `How long to listen, in seconds (0.1–${MAX_CAPTURE_SECONDS}, default 5). Up to ${MAX_COLLECT_SECONDS} s the ` +
        `call waits and returns the messages (early when max_messages is reached); ` +
        `longer windows return a capture_id at once: read it with mqtt_get_capture.`,
    ),
  max_messages: z
    .number()
    .int()
    .min(1)
    .max(500)
    .default(100)
    .describe('Stop after this many messages (1–500, default 100).'),
  payload_max_bytes: z
    .number()
    .int()
    .min(0)
    .max(65_536)
    .default(1024)
    .describe('Payloads longer than this are cut (flagged truncated); 0–65536, default 1024.'),
  include_retained: z
    .boolean()
    .default(true)
    .describe('Include retained messages the broker sends at subscription time (default true).'),
  connection: connectionArg,
});

export const MessageSchema = z.object({
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
  expires_at: z
    .string()
    .optional()
    .describe('windows over 50 s: when the capture is dropped (10 minutes after its window)'),
  connection: z.string().describe('the connection listened on'),
});

/** Why a filter cannot be subscribed to, in words for the tool's caller; null when it can. */
export function checkFilter(filter: string): string | null {
  const problem = filterProblemText(filter);
  return problem === undefined ? null : `${problem} (in "${filter.slice(0, 200)}")`;
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
  duration_s: z
    .number()
    .min(0.1)
    .max(MAX_CAPTURE_SECONDS)
    .default(60)
    .describe(`How long to listen, in seconds (0.1–${MAX_CAPTURE_SECONDS}, default 60).`),
});

/** The connection to listen on, checked: valid filters, a known connection id, connected. */
function listenOn(
  deps: MqttDeps,
  args: { filters: readonly string[]; connection?: string },
): { id: string; messages: MessageBus } {
  const problems = args.filters.map(checkFilter).filter((p): p is string => p !== null);
  if (problems.length > 0) throw new ValidationError(`Invalid topic filter: ${problems.join('; ')}.`);
  const connection = resolveConnection(deps, args.connection);
  if (!connection.messages.connected) {
    throw new UnavailableError(
      connection.id === MAIN_CONNECTION
        ? 'MQTT is not connected, so nothing can be collected now. Check get_system_status and try again later.'
        : `The broker of connection "${connection.id}" is not connected, so nothing can be collected there now. ` +
            `Check mqtt_connections and try again later.`,
    );
  }
  return { id: connection.id, messages: connection.messages };
}

export const MqttStartCaptureOutput = MqttSubscribeCollectOutput.omit({
  messages: true,
  count: true,
  ended_by: true,
}).required();

/** Starts a background capture of any window up to 300 s and answers its handle. */
export async function mqttStartCapture(
  deps: CaptureDeps,
  args: z.infer<typeof MqttStartCaptureInput>,
): Promise<z.infer<typeof MqttStartCaptureOutput>> {
  const on = listenOn(deps, args);
  const capture = await deps.captures.start(on.messages, args);
  return {
    capture_id: capture.id,
    status: 'running',
    duration_s: args.duration_s,
    ends_at: capture.ends_at,
    expires_at: capture.expires_at,
    connection: on.id,
  };
}

/** Listens for a window: up to 50 s answered with the messages, longer windows as a background capture. */
export async function mqttSubscribeCollect(
  deps: CaptureDeps,
  args: z.infer<typeof MqttSubscribeCollectInput>,
): Promise<z.infer<typeof MqttSubscribeCollectOutput>> {
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

export const MqttGetCaptureInput = z.object({
  capture_id: z
    .string()
    .min(1)
    .max(64)
    .describe('The capture_id returned by mqtt_subscribe_collect for a window over 50 s.'),
  wait_seconds: z
    .number()
    .min(0)
    .max(50)
    .default(0)
    .describe(
      'Wait up to this many seconds for the capture to finish before answering (0–50, default 0: answer at once).',
    ),
  from: z
    .number()
    .int()
    .min(0)
    .max(500)
    .default(0)
    .describe(
      'Skip the first messages: pass the previous next_from to get only what arrived since (default 0: everything).',
    ),
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

/** What a capture collected so far (from `from` on), after waiting for its end or stopping it when asked. */
export async function mqttGetCapture(
  deps: Pick<UseCaseDeps, 'captures'>,
  args: z.infer<typeof MqttGetCaptureInput>,
): Promise<z.infer<typeof MqttGetCaptureOutput>> {
  const store = deps.captures;
  const unknown = () =>
    new NotFoundError(
      `Unknown or expired capture "${args.capture_id}" (captures are dropped 10 minutes after their window ends). ` +
        `Start a new one with mqtt_subscribe_collect(duration_s > 50).`,
    );
  if (!store.get(args.capture_id)) throw unknown();
  if (args.stop) store.stop(args.capture_id);
  else await store.wait(args.capture_id, args.wait_seconds * 1000);
  const capture = store.get(args.capture_id);
  if (!capture) throw unknown();
  return captureView(capture, args.from);
}

import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { Unsubscribe } from '../../../core/event-bus.js';
import { UnavailableError, ValidationError } from '../../../core/errors.js';
import type { IncomingMessage } from '../../../core/ports.js';
import type { McpDeps } from '../deps.js';
import { run, type Structured } from './shared.js';

export const MAX_COLLECT_SECONDS = 50;

export const MqttSubscribeCollectInput = z.object({
  filters: z
    .array(z.string().min(1).max(1024))
    .min(1)
    .max(10)
    .describe('1–10 MQTT topic filters; "+" matches one level, "#" (last) any number, e.g. ["zigbee2mqtt/+", "devices/#"].'),
  duration_s: z
    .number()
    .min(0.1)
    .max(MAX_COLLECT_SECONDS)
    .default(5)
    .describe(`How long to listen, in seconds (0.1–${MAX_COLLECT_SECONDS}, default 5). The call returns early when max_messages is reached.`),
  max_messages: z.number().int().min(1).max(500).default(100).describe('Stop after this many messages (1–500, default 100).'),
  payload_max_bytes: z.number().int().min(0).max(65_536).default(1024).describe('Payloads longer than this are cut (flagged truncated); 0–65536, default 1024.'),
  include_retained: z.boolean().default(true).describe('Include retained messages the broker sends at subscription time (default true).'),
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
  messages: z.array(MessageSchema),
  count: z.number().int(),
  ended_by: z.enum(['duration', 'max_messages']),
  duration_s: z.number(),
});

export function checkFilter(filter: string): string | null {
  const levels = filter.split('/');
  for (const [i, level] of levels.entries()) {
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1)) return `"#" must be a whole level and the last one (in "${filter}")`;
    if (level.includes('+') && level !== '+') return `"+" must be a whole level (in "${filter}")`;
  }
  if (filter.includes('\u0000')) return 'filters must not contain NUL';
  return null;
}

function render(message: IncomingMessage, maxBytes: number, now: Date) {
  const buf = message.payload;
  const cut = buf.subarray(0, maxBytes);
  const text = cut.toString('utf8');
  const isText = Buffer.from(text, 'utf8').equals(cut) && !text.includes('\uFFFD');
  return {
    time: now.toISOString(),
    topic: message.topic,
    qos: message.qos,
    retain: message.retain,
    payload: isText ? text : cut.toString('base64'),
    encoding: isText ? ('utf8' as const) : ('base64' as const),
    bytes: buf.length,
    truncated: buf.length > maxBytes,
  };
}

export async function mqttSubscribeCollect(deps: McpDeps, args: z.infer<typeof MqttSubscribeCollectInput>): Promise<Structured> {
  const problems = args.filters.map(checkFilter).filter((p): p is string => p !== null);
  if (problems.length > 0) throw new ValidationError(`Invalid topic filter: ${problems.join('; ')}.`);
  if (!deps.messages.connected) throw new UnavailableError('MQTT is not connected, so nothing can be collected now. Check get_system_status and try again later.');
  const messages: ReturnType<typeof render>[] = [];
  const started = Date.now();
  let done: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    done = resolve;
  });
  const unsubscribes: Unsubscribe[] = [];
  const onMessage = (m: IncomingMessage) => {
    if (messages.length >= args.max_messages) return;
    if (m.retain && !args.include_retained) return;
    messages.push(render(m, args.payload_max_bytes, deps.clock.now()));
    if (messages.length >= args.max_messages) done();
  };
  const timer = setTimeout(() => done(), args.duration_s * 1000);
  try {
    for (const filter of [...new Set(args.filters)]) unsubscribes.push(await deps.messages.subscribe(filter, onMessage));
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
  };
}

export function registerMqttSubscribeCollectTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'mqtt_subscribe_collect',
    {
      title: 'Listen to MQTT topics',
      description:
        `Subscribe to 1–10 MQTT topic filters for a short window (at most ${MAX_COLLECT_SECONDS} s, at most 500 messages) and return what arrived, retained messages included by default. ` +
        'Use it to see what a device or integration is actually sending, or to discover topics; for entities Switchyard knows, get_entity and get_history are cheaper.',
      inputSchema: MqttSubscribeCollectInput,
      outputSchema: MqttSubscribeCollectOutput,
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    async (args) => run(() => mqttSubscribeCollect(deps, args)),
  );
}

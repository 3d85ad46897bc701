// Browsing the MQTT topics seen since start (the live topic index of each connection).
import { z } from 'zod';
import { UnavailableError, ValidationError } from '../core/errors.js';
import { checkFilter } from './mqtt-capture.js';
import { connectionArg, onConnection, resolveConnection, type MqttDeps } from './mqtt-connections.js';
import { cursorArg, limitArg, pageOutput, paginate } from './shared.js';

export const MqttListTopicsInput = z.object({
  filter: z
    .string()
    .min(1)
    .max(1024)
    .default('#')
    .describe(
      'MQTT topic filter: "+" matches one level, "#" (last) the rest, e.g. "zigbee2mqtt/#" (default "#": every topic).',
    ),
  search: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('Only topics containing this text (case-insensitive), e.g. "kitchen".'),
  retained_only: z
    .boolean()
    .default(false)
    .describe(
      "true: only topics whose last message was the broker's retained copy (retained messages published while " +
        'Switchyard listens arrive unflagged).',
    ),
  include_payload: z.boolean().default(true).describe('Include a preview of the last payload (default true).'),
  payload_max_bytes: z
    .number()
    .int()
    .min(0)
    .max(256)
    .default(256)
    .describe('Preview length in bytes (0–256, default 256); longer payloads are flagged truncated.'),
  limit: limitArg(100, 500),
  cursor: cursorArg,
  connection: connectionArg,
});

export const MqttListTopicsOutput = z.object({
  topics: z.array(
    z.object({
      topic: z.string(),
      retained: z
        .boolean()
        .describe(
          "whether the last message came as the broker's retained copy (sent when Switchyard subscribed or " +
            'reconnected); live publishes arrive unflagged',
        ),
      count: z.number().int().describe('messages seen since Switchyard started'),
      last_seen: z.string(),
      bytes: z.number().int().describe('size of the last payload'),
      payload_preview: z.string().optional(),
      encoding: z.enum(['utf8', 'base64']).optional(),
      truncated: z.boolean().optional(),
    }),
  ),
  ...pageOutput,
  index: z.object({ topics: z.number().int(), max_topics: z.number().int(), evicted: z.number().int() }),
  connection: z.string().describe('the connection whose topics these are'),
});

export function preview(buf: Buffer, max: number): { payload_preview: string; encoding: 'utf8' | 'base64' } {
  const cut = buf.subarray(0, max);
  const text = cut.toString('utf8');
  // a preview cut inside a multi-byte character is still text: drop the broken tail rather than switching to base64
  const clean = text.replace(/\uFFFD+$/, '');
  const isText =
    !clean.includes('\uFFFD') && Buffer.from(clean, 'utf8').equals(cut.subarray(0, Buffer.byteLength(clean)));
  return isText
    ? { payload_preview: clean, encoding: 'utf8' }
    : { payload_preview: cut.toString('base64'), encoding: 'base64' };
}

/** The topics seen on a connection since start, from its live index: filter, search, previews, pages. */
export function mqttListTopics(
  deps: MqttDeps,
  args: z.infer<typeof MqttListTopicsInput>,
): z.infer<typeof MqttListTopicsOutput> {
  const problem = checkFilter(args.filter);
  if (problem) throw new ValidationError(`Invalid topic filter: ${problem}.`);
  const connection = resolveConnection(deps, args.connection);
  const index = connection.topics;
  if (!index)
    throw new UnavailableError(
      `The MQTT topic index${onConnection(connection)} is not available on this server. Use mqtt_subscribe_collect ` +
        `to listen to topics instead.`,
    );
  const search = args.search?.toLowerCase();
  const matching = index
    .list(args.filter)
    .filter((r) => !args.retained_only || r.retained)
    .filter((r) => search === undefined || r.topic.toLowerCase().includes(search));
  const { page, total, next_cursor } = paginate(matching, args.limit, args.cursor);
  return {
    topics: page.map((r) => ({
      topic: r.topic,
      retained: r.retained,
      count: r.count,
      last_seen: r.last_seen,
      bytes: r.bytes,
      ...(args.include_payload
        ? {
            ...preview(r.preview, args.payload_max_bytes),
            truncated: r.bytes > Math.min(args.payload_max_bytes, r.preview.length),
          }
        : {}),
    })),
    total,
    ...(next_cursor !== undefined ? { next_cursor } : {}),
    index: { topics: index.size, max_topics: index.maxTopics, evicted: index.evicted },
    connection: connection.id,
  };
}

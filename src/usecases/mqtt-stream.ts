// The MQTT explorer live (the panel's GET /api/events/mqtt): what the topic index records, pushed as it arrives.
// A watcher is one listener on the connection's topic index (fed by the one `#` subscription the index always has),
// so it subscribes to nothing on the broker, and exists only while someone watches: no explorer open, no listener,
// no timer. Coalesced per topic: a topic flooding at 5,000 msg/s is one update per flush (250 ms), carrying its
// latest payload, retained flag and count. Bounded: previews are the first 1 KiB (flagged truncated), what waits for
// a flush is at most 1 MiB (more topics are dropped and counted), a batch at most 256 KiB, and a client that reads
// too slowly (`sink.blocked()`) loses the batch, counted in `dropped`, which every later batch reports.
import { z } from 'zod';
import { UnavailableError, ValidationError } from '../core/errors.js';
import type { IncomingMessage } from '../core/ports.js';
import { topicMatches } from '../core/topic.js';
import {
  DEFAULT_FLUSH_MS,
  DEFAULT_MAX_PENDING_BYTES,
  flushTimer,
  type LiveOptions,
  type LiveSink,
} from './live-batches.js';
import { checkFilter } from './mqtt-capture.js';
import { connectionArg, onConnection, resolveConnection, type MqttDeps } from './mqtt-connections.js';
import { preview } from './mqtt-topics.js';

export const MAX_LIVE_PREVIEW_BYTES = 1024;
/** a batch stops growing past this (the rest goes in the next one) */
const MAX_BATCH_BYTES = 256 * 1024;

export const WatchTopicsInput = z.object({
  filter: z
    .string()
    .min(1)
    .max(1024)
    .default('#')
    .describe('MQTT topic filter: "+" matches one level, "#" (last) the rest, e.g. "zigbee2mqtt/#" (default "#").'),
  payload_max_bytes: z.coerce
    .number()
    .int()
    .min(0)
    .max(MAX_LIVE_PREVIEW_BYTES)
    .default(MAX_LIVE_PREVIEW_BYTES)
    .describe('Preview length in bytes (0–1024, default 1024); longer payloads are flagged truncated.'),
  connection: connectionArg,
});

export const TopicUpdateSchema = z.object({
  topic: z.string(),
  retained: z.boolean().describe("whether the last message came as the broker's retained copy"),
  count: z.number().int().describe('messages seen on the topic since Switchyard started'),
  last_seen: z.string(),
  bytes: z.number().int().describe('size of the last payload'),
  payload_preview: z.string(),
  encoding: z.enum(['utf8', 'base64']),
  truncated: z.boolean(),
});
export type TopicUpdate = z.infer<typeof TopicUpdateSchema>;

export const TopicBatchSchema = z.object({
  topics: z.array(TopicUpdateSchema).describe('the topics that changed since the last batch, each once (its latest)'),
  dropped: z
    .number()
    .int()
    .describe('updates dropped since the stream opened because this client read too slowly: reload the list'),
});
export type TopicBatch = z.infer<typeof TopicBatchSchema>;

/** What one watcher did, for tests and measurements. */
export interface TopicWatch {
  stop(): void;
  /** batches sent */
  readonly batches: number;
  /** topic updates sent (a topic counts once per batch) */
  readonly updates: number;
  readonly dropped: number;
}

interface Waiting {
  /** the first bytes of the latest payload, one character per byte (a copy: no socket buffer is kept) */
  head: string;
  bytes: number;
}

/** Starts watching; `sink` gets a batch at most every `flushMs` while topics change, never synchronously. */
export function watchTopics(
  deps: MqttDeps,
  input: z.infer<typeof WatchTopicsInput>,
  sink: LiveSink<TopicBatch>,
  options: LiveOptions = {},
): TopicWatch {
  const problem = checkFilter(input.filter);
  if (problem) throw new ValidationError(`Invalid topic filter: ${problem}.`);
  const connection = resolveConnection(deps, input.connection);
  const index = connection.topics;
  if (!index) throw new UnavailableError(`The MQTT topic index${onConnection(connection)} is not available.`);
  const max = input.payload_max_bytes;
  const maxPending = options.maxPendingBytes ?? DEFAULT_MAX_PENDING_BYTES;
  const waiting = new Map<string, Waiting>();
  let pendingBytes = 0;
  let batches = 0;
  let updates = 0;
  let dropped = 0;

  const flush = (): void => {
    if (waiting.size === 0) return;
    if (sink.blocked()) {
      dropped += waiting.size;
      waiting.clear();
      pendingBytes = 0;
      return;
    }
    const topics: TopicUpdate[] = [];
    let size = 0;
    for (const [topic, w] of waiting) {
      if (size >= MAX_BATCH_BYTES) break;
      waiting.delete(topic);
      pendingBytes -= topic.length + max;
      const record = index.get(topic);
      if (!record) continue; // evicted from the index meanwhile
      const shown = preview(Buffer.from(w.head, 'latin1'), max);
      topics.push({
        topic,
        retained: record.retained,
        count: record.count,
        last_seen: record.last_seen,
        bytes: w.bytes,
        ...shown,
        truncated: w.bytes > max,
      });
      size += topic.length + shown.payload_preview.length + 120;
    }
    if (waiting.size > 0) timer.schedule();
    if (topics.length === 0) return;
    batches++;
    updates += topics.length;
    sink.send({ topics, dropped });
  };
  const timer = flushTimer(options.flushMs ?? DEFAULT_FLUSH_MS, flush);

  const onMessage = (message: IncomingMessage): void => {
    if (!topicMatches(input.filter, message.topic)) return;
    const head = message.payload.toString('latin1', 0, Math.min(max, message.payload.length));
    const before = waiting.get(message.topic);
    if (before) {
      before.head = head;
      before.bytes = message.payload.length;
      return;
    }
    // a waiting topic is charged its largest size, so a newer payload of it never grows what waits
    if (pendingBytes + message.topic.length + max > maxPending) {
      dropped++;
      return;
    }
    waiting.set(message.topic, { head, bytes: message.payload.length });
    pendingBytes += message.topic.length + max;
    timer.schedule();
  };
  const unwatch = index.watch(onMessage);

  return {
    stop() {
      unwatch();
      timer.stop();
      waiting.clear();
      pendingBytes = 0;
    },
    get batches() {
      return batches;
    },
    get updates() {
      return updates;
    },
    get dropped() {
      return dropped;
    },
  };
}

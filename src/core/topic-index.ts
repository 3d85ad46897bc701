// A live index of the MQTT topics seen on the broker: last payload (a short preview), retained flag,
// message count and time last seen. Bounded: beyond `maxTopics` the least recently seen topic is dropped.
// Pure: fed by the composition root from one `#` subscription, read by the MCP tools and the REST API.
import type { IncomingMessage } from './ports.js';

export const DEFAULT_MAX_TOPICS = 10_000;
export const DEFAULT_PREVIEW_BYTES = 256;

/** What the index keeps of one topic. */
export interface TopicRecord {
  readonly topic: string;
  /** whether the last message was a retained one */
  readonly retained: boolean;
  /** messages seen on the topic since the index started (or since it was last evicted) */
  readonly count: number;
  /** when the last message arrived (ISO 8601) */
  readonly last_seen: string;
  /** size of the last payload in bytes */
  readonly bytes: number;
  /** the first bytes of the last payload */
  readonly preview: Buffer;
}

export interface TopicIndex {
  /** records one message */
  record(message: IncomingMessage): void;
  /** the topics matching an MQTT filter (`+`, `#`), sorted by topic */
  list(filter?: string): TopicRecord[];
  get(topic: string): TopicRecord | undefined;
  readonly size: number;
  readonly maxTopics: number;
  /** topics dropped because the index was full */
  readonly evicted: number;
  clear(): void;
}

/** MQTT filter matching (`+` one level, `#` the rest; `$`-topics are not matched by a leading wildcard). */
export function topicMatches(filter: string, topic: string): boolean {
  if (filter === topic) return true;
  if (topic.startsWith('$') && (filter.startsWith('+') || filter.startsWith('#'))) return false;
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    const part = f[i];
    if (part === '#') return true;
    if (i >= t.length || (part !== '+' && part !== t[i])) return false;
  }
  return f.length === t.length;
}

export function createTopicIndex(options: { maxTopics?: number; previewBytes?: number; now?: () => Date } = {}): TopicIndex {
  const maxTopics = Math.max(1, options.maxTopics ?? DEFAULT_MAX_TOPICS);
  const previewBytes = Math.max(0, options.previewBytes ?? DEFAULT_PREVIEW_BYTES);
  const now = options.now ?? (() => new Date());
  // a Map keeps insertion order: re-inserting on every message keeps the least recently seen topic first
  const topics = new Map<string, TopicRecord>();
  let evicted = 0;
  return {
    record(message) {
      const previous = topics.get(message.topic);
      if (previous) topics.delete(message.topic);
      topics.set(message.topic, {
        topic: message.topic,
        retained: message.retain,
        count: (previous?.count ?? 0) + 1,
        last_seen: now().toISOString(),
        bytes: message.payload.length,
        // a copy, so the index never pins a large payload buffer
        preview: Buffer.from(message.payload.subarray(0, previewBytes)),
      });
      while (topics.size > maxTopics) {
        const oldest = topics.keys().next();
        if (oldest.done) break;
        topics.delete(oldest.value);
        evicted++;
      }
    },
    list(filter = '#') {
      const out: TopicRecord[] = [];
      for (const record of topics.values()) if (topicMatches(filter, record.topic)) out.push(record);
      return out.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
    },
    get: (topic) => topics.get(topic),
    get size() {
      return topics.size;
    },
    maxTopics,
    get evicted() {
      return evicted;
    },
    clear() {
      topics.clear();
    },
  };
}

// A live index of the MQTT topics seen on the broker: last payload (a short preview), retained flag,
// message count and time last seen. Bounded: beyond `maxTopics` the least recently seen topic is dropped.
// Pure: fed by the composition root from one `#` subscription, read by the MCP tools and the REST API, and
// watched (each recorded message handed on) only while someone watches: the panel's live explorer.
import type { IncomingMessage } from './ports.js';
import { topicMatches } from './topic.js';

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
  /** calls `listener` with every message once it is recorded, until the returned function is called */
  watch(listener: (message: IncomingMessage) => void): () => void;
  /** listeners now watching (none: record() does nothing more) */
  readonly watchers: number;
  clear(): void;
}

export function createTopicIndex(
  options: { maxTopics?: number; previewBytes?: number; now?: () => Date } = {},
): TopicIndex {
  const maxTopics = Math.max(1, options.maxTopics ?? DEFAULT_MAX_TOPICS);
  const previewBytes = Math.max(0, options.previewBytes ?? DEFAULT_PREVIEW_BYTES);
  const now = options.now ?? (() => new Date());
  // a Map keeps insertion order: re-inserting on every message keeps the least recently seen topic first.
  // record() runs for every message on the broker, so an entry is updated in place and its time is kept
  // as a number; the ISO text is made only when someone reads the index.
  interface Entry {
    readonly topic: string;
    retained: boolean;
    count: number;
    seenMs: number;
    bytes: number;
    /**
     * the first bytes as a latin1 string (one character per byte, so nothing is lost): a small string
     * in the V8 heap, where a small Buffer would pin a slab of Node's shared 8 KB buffer pool — with
     * thousands of topics updated at different times those slabs added tens of MB of resident memory
     */
    preview: string;
  }
  const topics = new Map<string, Entry>();
  const view = (e: Entry): TopicRecord => ({
    topic: e.topic,
    retained: e.retained,
    count: e.count,
    last_seen: new Date(e.seenMs).toISOString(),
    bytes: e.bytes,
    preview: Buffer.from(e.preview, 'latin1'),
  });
  let evicted = 0;
  const watchers = new Set<(message: IncomingMessage) => void>();
  return {
    record(message) {
      let entry = topics.get(message.topic);
      if (entry) topics.delete(message.topic);
      else entry = { topic: message.topic, retained: false, count: 0, seenMs: 0, bytes: 0, preview: '' };
      entry.retained = message.retain;
      entry.count++;
      entry.seenMs = now().getTime();
      entry.bytes = message.payload.length;
      // a copy, so the index never pins the socket chunk a payload may be a view of
      entry.preview = message.payload.toString('latin1', 0, Math.min(previewBytes, message.payload.length));
      topics.set(message.topic, entry);
      while (topics.size > maxTopics) {
        const oldest = topics.keys().next();
        if (oldest.done) break;
        topics.delete(oldest.value);
        evicted++;
      }
      if (watchers.size > 0) for (const listener of watchers) listener(message);
    },
    list(filter = '#') {
      const out: TopicRecord[] = [];
      for (const entry of topics.values()) if (topicMatches(filter, entry.topic)) out.push(view(entry));
      return out.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
    },
    get(topic) {
      const entry = topics.get(topic);
      return entry ? view(entry) : undefined;
    },
    get size() {
      return topics.size;
    },
    maxTopics,
    get evicted() {
      return evicted;
    },
    watch(listener) {
      // a wrapper of its own, so the same function watching twice is two watchers
      const own = (message: IncomingMessage) => listener(message);
      watchers.add(own);
      return () => {
        watchers.delete(own);
      };
    },
    get watchers() {
      return watchers.size;
    },
    clear() {
      topics.clear();
    },
  };
}

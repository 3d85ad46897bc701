import type { Unsubscribe } from './event-bus.js';

export interface IncomingMessage {
  readonly topic: string;
  readonly payload: Buffer;
  readonly retain: boolean;
  readonly qos: 0 | 1 | 2;
}

export interface PublishOptions {
  qos?: 0 | 1 | 2;
  retain?: boolean;
}

export type MessageHandler = (message: IncomingMessage) => void;

/**
 * The MQTT port every adapter uses: publish, and subscribe a handler to a topic filter (`+`, `#`).
 * Subscriptions survive reconnects. A handler that throws is logged; the connection lives on.
 */
export interface MessageBus {
  publish(topic: string, payload: string | Buffer, options?: PublishOptions): Promise<void>;
  /**
   * `shared`: on a connection given a share group (several instances on one broker), an MQTT 5 shared subscription
   * `$share/<group>/<filter>`, so each message reaches one of the instances holding it; elsewhere a plain
   * subscription. One filter can be held shared and plain at once (two subscriptions, each handler getting the
   * messages of its own). The returned Unsubscribe undoes exactly this subscription; `unsubscribe(filter, handler)`
   * and `resubscribe(filter)` take the handler's (or any) plain subscription of the filter when there is one, else
   * the shared one, and also accept the shared form `$share/<group>/<filter>` to name it.
   */
  subscribe(
    filter: string,
    handler: MessageHandler,
    options?: { qos?: 0 | 1 | 2; shared?: boolean },
  ): Promise<Unsubscribe>;
  /**
   * What calling subscribe's Unsubscribe does, for a holder of many subscriptions that keeps its filters and
   * its handler rather than one function per subscription (a discovered entity has about three, a large
   * network 40,000 entities).
   */
  unsubscribe(filter: string, handler: MessageHandler): void;
  /**
   * Sends SUBSCRIBE again for a filter already held, so the broker sends its retained messages again (MQTT
   * 3.1.1 §3.8.4, 5.0 §3.8.4 with retain handling 0) and every handler of it gets them: how an entity re-reads
   * its retained state (`homeassistant.update_entity`). Resolves on the SUBACK.
   */
  resubscribe?(filter: string): Promise<void>;
  /**
   * While not connected: keeps the messages of one command (`what` says which, for the report) to publish once the
   * connection is back, and returns when they expire. Throws UnavailableError when they cannot be kept (QoS 0, the
   * queue full, keeping turned off). Absent: commands during an outage are refused.
   */
  publishWhenBack?(messages: readonly OutboxMessage[], what: string): Date;
  /**
   * QoS 0 messages at once, in order, as one write to the broker when connected (else each as `publish` would).
   * A message that breaks the topic rules or the size bound is left out, the others are sent: returns why each
   * left out was.
   */
  publishBatch?(messages: readonly { topic: string; payload: string; retain: boolean }[]): string[];
  readonly connected: boolean;
}

/** One message of a command kept during an outage. */
export interface OutboxMessage {
  readonly topic: string;
  readonly payload: string;
  readonly qos: 0 | 1 | 2;
  readonly retain: boolean;
}

/** Something with a lifecycle, started by app.ts in order and stopped in reverse. */
export interface Service {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** One recorded state of an entity. `value` is the state as a number when it is one. */
export interface HistoryPoint {
  readonly state: string;
  readonly value: number | null;
  readonly attributes: Readonly<Record<string, unknown>> | null;
  readonly time: string;
}

/** The numeric states of one time bucket: `start` is where the bucket begins (ISO 8601). */
export interface HistoryBucket {
  readonly start: string;
  /** how many numeric states fall in the bucket (buckets without any are left out) */
  readonly count: number;
  readonly min: number;
  readonly mean: number;
  readonly max: number;
}

/** Over a window: every recorded state, how often it changed, its numeric range and the last one. */
export interface HistorySummary {
  readonly count: number;
  /** states that differ from the one before them (the first counts) */
  readonly changes: number;
  readonly min: number | null;
  readonly max: number | null;
  readonly mean: number | null;
  readonly last: string | null;
}

/** Reads recorded state history (implemented by the storage adapter). */
export interface HistoryReader {
  history(
    entityId: string,
    start: Date,
    end: Date,
    options?: { limit?: number; attributes?: boolean },
  ): Promise<HistoryPoint[]>;
  /**
   * Numeric states in `start` + k × `bucketSeconds` buckets (start inclusive, end inclusive as in
   * history()), computed by the database over the whole window, not over a page of raw points.
   * Optional while every composition of the port forwards it; callers fall back to bucketing history().
   */
  aggregate?(entityId: string, start: Date, end: Date, bucketSeconds: number): Promise<HistoryBucket[]>;
  /** count, changes, min/max/mean and last state over the window, computed by the database (optional as aggregate) */
  summary?(entityId: string, start: Date, end: Date): Promise<HistorySummary>;
  /**
   * history() for an answer that goes out as JSON: `json` is the UTF-8 of JSON.stringify(points) for the
   * points history() would give, written without building them (optional as aggregate; callers fall back
   * to stringifying history()).
   */
  historyJson?(
    entityId: string,
    start: Date,
    end: Date,
    options?: { limit?: number; attributes?: boolean },
  ): Promise<{ count: number; json: Uint8Array }>;
}

/** A config or message that was rejected, kept so a user can see what and why. */
/** Why a discovery message or an entity's message was not acted on, as a countable code. */
export const DIAGNOSTIC_CODES = [
  'topic',
  'payload',
  'unsupported_platform',
  'config',
  'template',
  'state',
  'internal',
  'dropped',
  'rate_limited',
  'attributes',
] as const;
export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

export interface Diagnostic {
  readonly topic: string;
  readonly reason: string;
  readonly time: string;
  /** the entity concerned, when the problem belongs to a known entity (e.g. a template it cannot render) */
  readonly entity_id?: string;
  readonly kind: 'discovery' | 'template' | 'state';
  /**
   * topic: a discovery topic Home Assistant ignores; payload: not a readable config; unsupported_platform:
   * a platform Switchyard does not build yet; config: invalid for its platform; template: a template that
   * cannot render; state: a state message refused; internal: Switchyard failed; dropped: not even looked at,
   * because too many discovery messages were waiting (a flood); rate_limited: a device's messages over its rate
   * (one entry per device and flood, counted per message dropped); attributes: json attributes refused or cut
   */
  readonly code: DiagnosticCode;
}

/** Counts kept however many problems there are: every one seen, per code, and entries let go past the bound. */
export interface DiagnosticCounts {
  /** problems recorded since start, per code (repeats of one topic's problem count each time) */
  readonly seen: Readonly<Partial<Record<DiagnosticCode, number>>>;
  /** current entries per code */
  readonly current: Readonly<Partial<Record<DiagnosticCode, number>>>;
  /** entries dropped, oldest first, once there were more than the bound */
  readonly evicted: number;
}

export interface DiagnosticsSource {
  diagnostics(): readonly Diagnostic[];
  counts?(): DiagnosticCounts;
}

/** What Switchyard remembers of one of its own ESP32 devices between restarts. */
export interface BridgeDeviceRecord {
  readonly device_id: string;
  /** the last capabilities message, decoded */
  readonly capabilities: Readonly<Record<string, unknown>>;
  readonly metrics: Readonly<Record<string, unknown>>;
  readonly last_seen: string | null;
}

export interface BridgeDeviceStore {
  load(): BridgeDeviceRecord[];
  save(record: BridgeDeviceRecord): void;
  remove(deviceId: string): void;
}

/**
 * One change to the embedded broker's durable state. Rows are (space, owner, key) → value: retained
 * messages, persistent subscriptions, queued and in-flight packets, wills.
 */
export type BrokerStateChange =
  | {
      readonly op: 'put';
      readonly space: string;
      readonly owner: string;
      readonly key: string;
      readonly value: Uint8Array;
    }
  | { readonly op: 'delete'; readonly space: string; readonly owner: string; readonly key: string }
  /** every row of one owner in one space */
  | { readonly op: 'clear'; readonly space: string; readonly owner: string };

export interface BrokerStateRow {
  readonly space: string;
  readonly owner: string;
  readonly key: string;
  readonly value: Uint8Array;
}

/** The embedded broker's durable state (implemented by the storage adapter). */
export interface BrokerStateStore {
  /** every stored row, ordered by space, owner and key */
  load(): BrokerStateRow[];
  /** applies the changes in one transaction; once it returns they survive a crash of the process */
  apply(changes: readonly BrokerStateChange[]): void;
  close(): void;
}

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/** One log entry as the log view shows it (redacted). */
export interface LogEntry {
  /** increasing from 1: ask for the entries after the last one seen */
  readonly id: number;
  readonly time: string;
  readonly level: LogLevel;
  /** the part of Switchyard that logged it (mqtt, discovery, …), when it says */
  readonly part: string | null;
  readonly msg: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** The last log entries kept in memory (adapters/logging/log-tail.ts). */
export interface LogTail {
  /** entries after `after` at `level` or above, oldest first */
  entries(query: { after: number; level: LogLevel }): LogEntry[];
  readonly capacity: number;
  /** calls `listener` with every entry kept from now on (redacted), until the returned function is called */
  watch(listener: (entry: LogEntry) => void): () => void;
  /** listeners now watching */
  readonly watchers: number;
}

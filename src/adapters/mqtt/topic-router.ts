import type { Logger } from '../../core/logger.js';
import type { IncomingMessage, MessageHandler } from '../../core/ports.js';
import { hasWildcard, topicMatchesLevels } from '../../core/topic.js';

interface RetainedCopy {
  readonly text: string;
  readonly qos: IncomingMessage['qos'];
}

/**
 * A filter's handlers, each with the topics whose retained message it has had since the last (re)connect:
 * none, one topic (all an exact filter ever needs: thousands of entities subscribe one each), or a set. The
 * handlers are also kept as an array, remade when one comes or goes: every message walks it, and walking the
 * map made an iterator per message and filter.
 */
class Subscribers {
  readonly had = new Map<MessageHandler, string | Set<string> | undefined>();
  private list: MessageHandler[] | undefined;

  get size(): number {
    return this.had.size;
  }

  handlers(): readonly MessageHandler[] {
    this.list ??= [...this.had.keys()];
    return this.list;
  }

  add(handler: MessageHandler): void {
    if (this.had.has(handler)) return;
    this.had.set(handler, undefined);
    this.list = undefined;
  }

  delete(handler: MessageHandler): void {
    if (this.had.delete(handler)) this.list = undefined;
  }

  /** each handler may have each retained message once more */
  forget(): void {
    for (const handler of this.had.keys()) this.had.set(handler, undefined);
  }
}

/** a wildcard filter split into its levels once, with its handlers */
interface WildcardFilter {
  readonly levels: readonly string[];
  readonly subscribers: Subscribers;
}

/**
 * Routes each incoming message to the handlers whose filter matches. Exact topics are looked up in a
 * map; only wildcard filters are scanned. A handler that throws is logged and counted, never rethrown.
 *
 * A message with the retain flag comes only because some subscription was just made, and every handler
 * whose filter matches would see it, also those subscribed long ago (a `#` subscribed after discovery's
 * filter sends every retained config to discovery again; an MQTT-trigger automation would fire again).
 * As Home Assistant's MQTT client does, each handler gets a topic's retained message at most once per
 * connection; live messages (retain flag clear) always go to every matching handler.
 *
 * Filters are held by key: the filter as subscribed at the broker. With a share prefix (`$share/<group>/`, an MQTT 5
 * connection sharing its ingest with other instances), a key under that prefix is a shared subscription: it matches
 * topics by the filter inside it, and its messages carry the topic, not the key. The connection then routes each copy
 * by its subscription identifier (dispatchTo); dispatch stays the topic matching, for copies without one.
 */
export class TopicRouter {
  /** plain exact filters: the key is the topic */
  private readonly exact = new Map<string, Subscribers>();
  /** wildcard filters, plain and shared, by key */
  private readonly wildcard = new Map<string, Subscribers>();
  /** shared exact filters by key (`$share/<group>/<topic>`); always empty without a share prefix */
  private readonly sharedExact = new Map<string, Subscribers>();
  /** the wildcard filters as an array (remade when one comes or goes), for the walk on every message */
  private wildcardList: WildcardFilter[] = [];
  /**
   * The current message of each subscribed exact topic that holds a retained message (it arrived
   * with the retain flag, or later on such a topic). The broker sends retained messages only for a new
   * subscription, so a handler that joins a topic already subscribed gets it from here instead.
   */
  private readonly retained = new Map<string, RetainedCopy>();
  failures = 0;

  constructor(
    private readonly log: Logger,
    private readonly sharePrefix?: string,
  ) {}

  /** the table a key belongs in (a share group holds no wildcard, so a shared key has one only in its filter) */
  private tableOf(key: string): Map<string, Subscribers> {
    if (hasWildcard(key)) return this.wildcard;
    return this.sharePrefix !== undefined && key.startsWith(this.sharePrefix) ? this.sharedExact : this.exact;
  }

  /** the topic filter a key matches: the filter inside a shared key, else the key itself */
  private filterOf(key: string): string {
    const prefix = this.sharePrefix;
    return prefix !== undefined && key.startsWith(prefix) ? key.slice(prefix.length) : key;
  }

  /** Adds a handler; returns true when this filter is new (the broker must be told). */
  add(filter: string, handler: MessageHandler): boolean {
    const table = this.tableOf(filter);
    let subscribers = table.get(filter);
    const isNew = !subscribers;
    if (!subscribers) {
      subscribers = new Subscribers();
      table.set(filter, subscribers);
      if (table === this.wildcard) this.listWildcards();
    }
    subscribers.add(handler);
    return isNew;
  }

  /** Removes a handler; returns true when no handler is left for the filter (unsubscribe at the broker). */
  remove(filter: string, handler: MessageHandler): boolean {
    const table = this.tableOf(filter);
    const subscribers = table.get(filter);
    if (!subscribers) return false;
    subscribers.delete(handler);
    if (subscribers.size > 0) return false;
    table.delete(filter);
    if (table === this.wildcard) this.listWildcards();
    this.retained.delete(filter);
    return true;
  }

  private listWildcards(): void {
    this.wildcardList = [...this.wildcard].map(([filter, subscribers]) => ({
      levels: this.filterOf(filter).split('/'),
      subscribers,
    }));
  }

  /**
   * For a handler added to an exact topic that was already subscribed: hands it the topic's retained
   * message on the next turn of the event loop, as a new subscription at the broker would. Wildcard
   * filters have no such cache (keeping every retained message under `#` would cost too much memory). A shared
   * key's copy is replayed with its topic, the filter inside the key.
   */
  replayRetained(filter: string, handler: MessageHandler): void {
    const copy = this.retained.get(filter);
    if (!copy) return;
    setImmediate(() => {
      const subscribers = this.tableOf(filter).get(filter);
      if (subscribers?.had.has(handler) !== true || this.retained.get(filter) !== copy) return;
      this.deliver(subscribers, handler, {
        topic: this.filterOf(filter),
        payload: Buffer.from(copy.text, 'latin1'),
        retain: true,
        qos: copy.qos,
      });
    });
  }

  filters(): string[] {
    return [...this.exact.keys(), ...this.sharedExact.keys(), ...this.wildcard.keys()];
  }

  /** Routes a message to every filter matching its topic. */
  dispatch(message: IncomingMessage): number {
    let delivered = 0;
    const exact = this.exact.get(message.topic);
    if (exact) delivered += this.runExact(message.topic, exact, message);
    // only with a share prefix, for a copy that came without a subscription identifier: the string is made then only
    if (this.sharedExact.size > 0) {
      const key = `${this.sharePrefix}${message.topic}`;
      const shared = this.sharedExact.get(key);
      if (shared) delivered += this.runExact(key, shared, message);
    }
    const wildcards = this.wildcardList;
    for (let i = 0; i < wildcards.length; i++) {
      const w = wildcards[i] as WildcardFilter;
      if (topicMatchesLevels(w.levels, message.topic)) delivered += this.run(w.subscribers, message);
    }
    return delivered;
  }

  /**
   * Routes a copy the broker sent for one subscription (its identifier named it) to that subscription's handlers
   * only: a broker sends one copy per matching subscription, so matching the topic would hand every copy to all.
   */
  dispatchTo(filter: string, message: IncomingMessage): number {
    const exact = this.exact.get(filter) ?? this.sharedExact.get(filter);
    if (exact) return this.runExact(filter, exact, message);
    const wildcard = this.wildcard.get(filter);
    return wildcard ? this.run(wildcard, message) : 0;
  }

  /** Keeps the retained cache of an exact key current, then runs its handlers. */
  private runExact(key: string, subscribers: Subscribers, message: IncomingMessage): number {
    if (message.retain || this.retained.has(key)) {
      // an empty payload clears a retained message at the broker
      if (message.payload.length === 0) this.retained.delete(key);
      // a copy as a latin1 string (byte for byte): the payload may be a view of a whole socket chunk
      else this.retained.set(key, { text: message.payload.toString('latin1'), qos: message.qos });
    }
    return this.run(subscribers, message);
  }

  /** true when some handler holds `filter` */
  has(filter: string): boolean {
    return this.exact.has(filter) || this.wildcard.has(filter) || this.sharedExact.has(filter);
  }

  /**
   * The key a caller naming `filter` means: the plain subscription when it is held (by `handler`, when given), else
   * the group's shared one. A caller that holds both and means the shared one names it `$share/<group>/<filter>`.
   */
  keyFor(filter: string, handler?: MessageHandler): string {
    const prefix = this.sharePrefix;
    if (prefix === undefined || (handler ? this.holds(filter, handler) : this.has(filter))) return filter;
    return prefix + filter;
  }

  /** true when `handler` holds `filter` */
  holds(filter: string, handler: MessageHandler): boolean {
    return this.tableOf(filter).get(filter)?.had.has(handler) === true;
  }

  /** Before `filter` is subscribed again on purpose: its handlers may have its retained messages once more. */
  forgetRetainedOf(filter: string): void {
    this.tableOf(filter).get(filter)?.forget();
  }

  /** After a (re)connect every subscription is made again: each handler may have each retained message once more. */
  forgetRetained(): void {
    for (const table of [this.exact, this.sharedExact, this.wildcard])
      for (const subscribers of table.values()) subscribers.forget();
  }

  private run(subscribers: Subscribers, message: IncomingMessage): number {
    let delivered = 0;
    const handlers = subscribers.handlers();
    for (let i = 0; i < handlers.length; i++) {
      const handler = handlers[i] as MessageHandler;
      // one an earlier handler of this message took away is not called (as walking the map skipped it)
      if (!subscribers.had.has(handler)) continue;
      delivered += this.deliver(subscribers, handler, message);
    }
    return delivered;
  }

  private deliver(subscribers: Subscribers, handler: MessageHandler, message: IncomingMessage): number {
    if (message.retain) {
      const had = subscribers.had.get(handler);
      if (had === undefined) subscribers.had.set(handler, message.topic);
      else if (typeof had === 'string') {
        if (had === message.topic) return 0;
        subscribers.had.set(handler, new Set([had, message.topic]));
      } else if (had.has(message.topic)) return 0;
      else had.add(message.topic);
    }
    try {
      handler(message);
    } catch (err) {
      this.failures++;
      this.log.error('message handler failed', {
        topic: message.topic,
        err: err instanceof Error ? err.stack : String(err),
      });
    }
    return 1;
  }
}

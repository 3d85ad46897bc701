import type { Logger } from '../../core/logger.js';
import type { IncomingMessage, MessageHandler } from '../../core/ports.js';
import { hasWildcard, levelsMatch } from '../../core/topic.js';

interface RetainedCopy {
  readonly text: string;
  readonly qos: IncomingMessage['qos'];
}

/**
 * A filter's handlers, each with the topics whose retained message it has had since the last (re)connect:
 * none, one topic (all an exact filter ever needs: thousands of entities subscribe one each), or a set.
 */
type Subscribers = Map<MessageHandler, string | Set<string> | undefined>;

/**
 * Routes each incoming message to the handlers whose filter matches. Exact topics are looked up in a
 * map; only wildcard filters are scanned. A handler that throws is logged and counted, never rethrown.
 *
 * A message with the retain flag comes only because some subscription was just made, and every handler
 * whose filter matches would see it, also those subscribed long ago (a `#` subscribed after discovery's
 * filter sends every retained config to discovery again; an MQTT-trigger automation would fire again).
 * As Home Assistant's MQTT client does, each handler gets a topic's retained message at most once per
 * connection; live messages (retain flag clear) always go to every matching handler.
 */
export class TopicRouter {
  private readonly exact = new Map<string, Subscribers>();
  private readonly wildcard = new Map<string, Subscribers>();
  /** each wildcard filter split into its levels once */
  private readonly levels = new Map<string, readonly string[]>();
  /**
   * The current message of each subscribed exact topic that holds a retained message (it arrived
   * with the retain flag, or later on such a topic). The broker sends retained messages only for a new
   * subscription, so a handler that joins a topic already subscribed gets it from here instead.
   */
  private readonly retained = new Map<string, RetainedCopy>();
  failures = 0;

  constructor(private readonly log: Logger) {}

  /** Adds a handler; returns true when this filter is new (the broker must be told). */
  add(filter: string, handler: MessageHandler): boolean {
    const table = hasWildcard(filter) ? this.wildcard : this.exact;
    let subscribers = table.get(filter);
    const isNew = !subscribers;
    if (!subscribers) {
      subscribers = new Map();
      table.set(filter, subscribers);
    }
    if (table === this.wildcard && isNew) this.levels.set(filter, filter.split('/'));
    if (!subscribers.has(handler)) subscribers.set(handler, undefined);
    return isNew;
  }

  /** Removes a handler; returns true when no handler is left for the filter (unsubscribe at the broker). */
  remove(filter: string, handler: MessageHandler): boolean {
    const table = hasWildcard(filter) ? this.wildcard : this.exact;
    const subscribers = table.get(filter);
    if (!subscribers) return false;
    subscribers.delete(handler);
    if (subscribers.size > 0) return false;
    table.delete(filter);
    this.levels.delete(filter);
    this.retained.delete(filter);
    return true;
  }

  /**
   * For a handler added to an exact topic that was already subscribed: hands it the topic's retained
   * message on the next turn of the event loop, as a new subscription at the broker would. Wildcard
   * filters have no such cache (keeping every retained message under `#` would cost too much memory).
   */
  replayRetained(filter: string, handler: MessageHandler): void {
    const copy = this.retained.get(filter);
    if (!copy) return;
    setImmediate(() => {
      const subscribers = this.exact.get(filter);
      if (subscribers?.has(handler) !== true || this.retained.get(filter) !== copy) return;
      this.deliver(subscribers, handler, {
        topic: filter,
        payload: Buffer.from(copy.text, 'latin1'),
        retain: true,
        qos: copy.qos,
      });
    });
  }

  filters(): string[] {
    return [...this.exact.keys(), ...this.wildcard.keys()];
  }

  dispatch(message: IncomingMessage): number {
    let delivered = 0;
    const exact = this.exact.get(message.topic);
    if (exact) {
      if (message.retain || this.retained.has(message.topic)) {
        // an empty payload clears a retained message at the broker
        if (message.payload.length === 0) this.retained.delete(message.topic);
        // a copy as a latin1 string (byte for byte): the payload may be a view of a whole socket chunk
        else this.retained.set(message.topic, { text: message.payload.toString('latin1'), qos: message.qos });
      }
      delivered += this.run(exact, message);
    }
    if (this.wildcard.size === 0) return delivered;
    const topicLevels = message.topic.split('/');
    for (const [filter, handlers] of this.wildcard) {
      const levels = this.levels.get(filter);
      if (levels && levelsMatch(levels, topicLevels)) delivered += this.run(handlers, message);
    }
    return delivered;
  }

  /** true when some handler holds `filter` */
  has(filter: string): boolean {
    return this.exact.has(filter) || this.wildcard.has(filter);
  }

  /** Before `filter` is subscribed again on purpose: its handlers may have its retained messages once more. */
  forgetRetainedOf(filter: string): void {
    const subscribers = this.exact.get(filter) ?? this.wildcard.get(filter);
    if (subscribers) for (const handler of subscribers.keys()) subscribers.set(handler, undefined);
  }

  /** After a (re)connect every subscription is made again: each handler may have each retained message once more. */
  forgetRetained(): void {
    for (const table of [this.exact, this.wildcard]) {
      for (const subscribers of table.values())
        for (const handler of subscribers.keys()) subscribers.set(handler, undefined);
    }
  }

  private run(subscribers: Subscribers, message: IncomingMessage): number {
    let delivered = 0;
    for (const handler of subscribers.keys()) delivered += this.deliver(subscribers, handler, message);
    return delivered;
  }

  private deliver(subscribers: Subscribers, handler: MessageHandler, message: IncomingMessage): number {
    if (message.retain) {
      const had = subscribers.get(handler);
      if (had === undefined) subscribers.set(handler, message.topic);
      else if (typeof had === 'string') {
        if (had === message.topic) return 0;
        subscribers.set(handler, new Set([had, message.topic]));
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

// MQTT 5 shared subscriptions (issue 23: several instances share the ingest of state topics through
// `$share/<group>/<filter>` while discovery, the topic index and triggers stay plain on each of them).
//
// A client holding overlapping subscriptions cannot tell from a message which of them it came for, and it has to:
// a shared subscription's copy goes to one member of the group only, the plain ones' to every instance. MQTT 5 lets
// the client give each subscription an identifier that the broker puts on what it sends for it. Measured with
// Mosquitto 2.0.11: it sends one copy per matching subscription, each with the identifier of its own subscription
// (a client holding `#`, `a/b` and `$share/g/a/b` gets three copies of a message on a/b), so routing each copy to
// the handlers of the subscription it names delivers every message once per subscription, as topic matching does
// with a single copy under MQTT 3.1.1.
import type { IClientSubscribeOptions, MqttClient } from 'mqtt';
import { ValidationError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { IncomingMessage } from '../../core/ports.js';
import { topicTextProblem } from '../../core/topic.js';
import type { TopicRouter } from './topic-router.js';

/** the largest subscription identifier: a variable byte integer of at most four bytes (MQTT 5 §3.8.2.1.2) */
export const MAX_SUBSCRIPTION_ID = 268_435_455;

/**
 * `$share/<group>/`, the prefix of the group's shared filters; a ValidationError for a group that is not a valid
 * share name (MQTT 5 §4.8.2: at least one character, no `/`, `+` or `#`).
 */
export function sharePrefix(group: string): string {
  const problem =
    group.length === 0
      ? 'it is empty'
      : /[/+#]/.test(group)
        ? "it holds '/', '+' or '#'"
        : topicTextProblem(group) !== undefined
          ? 'it is not valid MQTT text'
          : undefined;
  if (problem !== undefined)
    throw new ValidationError(
      `invalid MQTT share group '${group.slice(0, 200)}': ${problem} (a share name is one or more characters other than '/', '+' and '#')`,
    );
  return `$share/${group}/`;
}

/**
 * The key a subscription is held by: with `shared` and a share prefix, the shared filter as the broker knows it;
 * otherwise the filter itself. A shared filter may not name a share of its own.
 */
export function subscriptionKey(filter: string, shared: boolean | undefined, prefix: string | undefined): string {
  if (shared !== true) return filter;
  if (filter.startsWith('$share/'))
    throw new ValidationError(`'${filter.slice(0, 200)}' is already a shared filter: subscribe it without 'shared'`);
  return prefix === undefined ? filter : prefix + filter;
}

/** SUBSCRIBE options, with the subscription identifier when there is one */
export function subscribeOptions(qos: 0 | 1 | 2, id: number | undefined): IClientSubscribeOptions {
  return id === undefined ? { qos } : { qos, properties: { subscriptionIdentifier: id } };
}

/** After a reconnect, with identifiers: each subscription again, in a packet of its own (one identifier a packet). */
export function subscribeEach(
  c: MqttClient,
  filters: readonly string[],
  options: (filter: string) => IClientSubscribeOptions,
  log: Logger,
): void {
  for (const filter of filters)
    c.subscribe(filter, options(filter), (err) => {
      if (err) log.error('resubscribe failed', { filter, err: err.message });
    });
}

/**
 * One identifier per subscription held, both ways. Identifiers count up and wrap around, skipping those in use:
 * one freed by an unsubscribe is given out again only after all the others, so a copy still on its way for the old
 * subscription finds no key (and is dropped) rather than the handlers of a new one.
 */
export class SubscriptionIds {
  private readonly byKey = new Map<string, number>();
  private readonly byId = new Map<number, string>();
  private last = 0;

  idOf(key: string): number | undefined {
    return this.byKey.get(key);
  }

  keyOf(id: number): string | undefined {
    return this.byId.get(id);
  }

  assign(key: string): number {
    const held = this.byKey.get(key);
    if (held !== undefined) return held;
    // a Map holds far fewer entries than there are identifiers, so a free one is always found
    let id = this.last;
    do id = id >= MAX_SUBSCRIPTION_ID ? 1 : id + 1;
    while (this.byId.has(id));
    this.last = id;
    this.byKey.set(key, id);
    this.byId.set(id, key);
    return id;
  }

  release(key: string): void {
    const id = this.byKey.get(key);
    if (id === undefined) return;
    this.byKey.delete(key);
    this.byId.delete(id);
  }
}

/**
 * Routes a copy to the subscription(s) its identifier(s) name. An identifier no longer held (unsubscribed while
 * the copy was on its way) routes nowhere. A copy without one goes through the topic matching: from a broker that
 * sends no identifiers (it said so in its CONNACK), where that is all there is.
 */
export function routeIdentified(
  router: TopicRouter,
  ids: SubscriptionIds,
  message: IncomingMessage,
  identifiers: number | number[] | undefined,
): void {
  if (identifiers === undefined) router.dispatch(message);
  else if (typeof identifiers === 'number') {
    const key = ids.keyOf(identifiers);
    if (key !== undefined) router.dispatchTo(key, message);
  } else {
    // a broker may also send one copy naming every matching subscription (MQTT 5 §3.3.4)
    for (const id of identifiers) {
      const key = ids.keyOf(id);
      if (key !== undefined) router.dispatchTo(key, message);
    }
  }
}

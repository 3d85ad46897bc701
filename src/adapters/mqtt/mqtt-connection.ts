// Owns mqtt.js: a client connection to the embedded or external broker (the main one, and one per
// configured profile). Implements the MessageBus port: birth/last-will on `switchyard/status` (main
// connection only), subscriptions routed by filter and restored after every reconnect, reconnect with
// backoff forever, TCP no-delay on every (re)connected socket. With a share group it speaks MQTT 5 and routes
// by subscription identifier (subscription-ids.ts says why).
import { connect, type IClientOptions, type IPublishPacket, type MqttClient } from 'mqtt';
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import type { Unsubscribe } from '../../core/event-bus.js';
import type { IncomingMessage, MessageHandler, PublishOptions } from '../../core/ports.js';
import { UnavailableError, ValidationError } from '../../core/errors.js';
import { createRateCounter } from '../../core/rates.js';
import { filterProblemText } from '../../core/topic.js';
import { checkOutgoing, publishQos0Batch, type Qos0Message } from './batch-writer.js';
import { Outbox } from './outbox.js';
import { SubscribeBatcher } from './subscribe-batcher.js';
import type { MqttConnection, MqttConnectionOptions } from './connection-types.js';
import { redactUrl } from './redact-url.js';
import {
  routeIdentified,
  sharePrefix,
  SubscriptionIds,
  subscribeEach,
  subscribeOptions,
  subscriptionKey,
} from './subscription-ids.js';
import { TopicRouter } from './topic-router.js';

export { redactUrl };
export type { MqttConnection, MqttConnectionOptions, MqttTraffic } from './connection-types.js';

/** mqtt.js's packet log, off */
const noLog = (): void => {};

export const STATUS_TOPIC = 'switchyard/status';
const MIN_BACKOFF_MS = 500;
// capped at 2 s: a broker that comes back is used again within 2 s (issue 21), and one attempt every 2 s is no storm
const MAX_BACKOFF_MS = 2_000;
/** commands kept during an outage, at most */
const OUTBOX_CAPACITY = 1_000;

export function createMqttConnection(opts: MqttConnectionOptions): MqttConnection {
  const log = opts.log;
  // the group's prefix, refused here when the group is not a valid share name
  const prefix = opts.shareGroup === undefined ? undefined : sharePrefix(opts.shareGroup);
  const router = new TopicRouter(log, prefix);
  // with a share group: every subscription's identifier while it is held, and whether SUBSCRIBEs carry them (not
  // to a broker whose CONNACK says it has none: sending one is a protocol error)
  const ids = prefix === undefined ? undefined : new SubscriptionIds();
  let useIds = false;
  const idOf = (key: string): number | undefined => (useIds ? ids?.idOf(key) : undefined);
  // keyed by the subscription's key (the shared filter for a shared one), as the router and the broker know it
  const qosByFilter = new Map<string, 0 | 1 | 2>();
  const maxPayload = opts.maxPayloadBytes ?? 1024 * 1024;
  let client: MqttClient | undefined;
  let connected = false;
  // SUBSCRIBEs of one tick share a packet; each filter's acknowledgement while it is on its way, so a
  // second handler joining the filter meanwhile waits for it too
  const batcher = new SubscribeBatcher(() => client);
  const acking = new Map<string, Promise<void>>();
  let backoff = MIN_BACKOFF_MS;
  const statusTopic = opts.statusTopic === undefined ? STATUS_TOPIC : opts.statusTopic;
  // an unreachable broker fails the same way on every retry: log each distinct error once until connected
  let lastError: string | undefined;

  const setConnected = (value: boolean) => {
    if (connected === value) return;
    connected = value;
    opts.onConnectionChange?.(value);
  };

  const received = createRateCounter();
  const published = createRateCounter();
  const outbox = new Outbox(opts.commandTtlMs ?? 0, OUTBOX_CAPACITY);

  const onMessage = (topic: string, payload: Buffer, packet: { retain?: boolean; qos?: number }) => {
    received.add();
    const message: IncomingMessage = {
      topic,
      payload,
      retain: packet.retain === true,
      qos: (packet.qos ?? 0) as 0 | 1 | 2,
    };
    router.dispatch(message);
  };
  // with a share group: the same, routed by the identifiers the copy carries
  const onIdentifiedMessage = (topic: string, payload: Buffer, packet: IPublishPacket) => {
    received.add();
    const message: IncomingMessage = { topic, payload, retain: packet.retain, qos: packet.qos };
    routeIdentified(router, ids as SubscriptionIds, message, packet.properties?.subscriptionIdentifier);
  };

  const resubscribe = (c: MqttClient) => {
    const filters = router.filters();
    if (filters.length === 0) return;
    if (useIds) return subscribeEach(c, filters, (f) => subscribeOptions(qosByFilter.get(f) ?? 0, idOf(f)), log);
    const map = Object.fromEntries(filters.map((f) => [f, { qos: qosByFilter.get(f) ?? 0 }]));
    c.subscribe(map, (err) => {
      if (err) log.error('resubscribe failed', { err: err.message });
    });
  };

  const drop = (key: string, handler: MessageHandler): void => {
    if (router.remove(key, handler)) {
      qosByFilter.delete(key);
      // copies of it still on their way route nowhere from now on
      ids?.release(key);
      // offline, mqtt.js would queue it and end() would wait for it forever; a reconnect subscribes
      // only the filters that still have handlers anyway
      if (client?.connected) client.unsubscribe(key);
    }
  };
  const unsubscribe = (filter: string, handler: MessageHandler): void => drop(router.keyFor(filter, handler), handler);
  // keeps the key, so it needs no guess between a plain and a shared subscription; made outside subscribe() so the
  // closure keeps only the key and the handler, not the whole async scope of the subscription (its SUBACK and the rest)
  const unsubscriber =
    (key: string, handler: MessageHandler): Unsubscribe =>
    () =>
      drop(key, handler);

  const connection: MqttConnection = {
    name: opts.name ?? 'mqtt',
    brokerUrl: redactUrl(opts.url),
    get connected() {
      return connected;
    },
    traffic() {
      return {
        received_total: received.total,
        published_total: published.total,
        received_per_s: received.perSecond(),
        published_per_s: published.perSecond(),
      };
    },
    get handlerFailures() {
      return router.failures;
    },
    outbox: () => outbox.stats(),
    publishWhenBack(messages, what) {
      if (connected) throw new UnavailableError('MQTT is connected: publish now');
      return outbox.keep(messages, what);
    },

    async start() {
      const options: IClientOptions = {
        clientId: opts.clientId ?? `switchyard_${randomBytes(4).toString('hex')}`,
        clean: true,
        keepalive: opts.keepaliveS ?? 30,
        connectTimeout: 10_000,
        reconnectPeriod: MIN_BACKOFF_MS,
        resubscribe: false,
        // mqtt.js logs every packet through `debug`, whose rest parameters make an array per call even when
        // disabled (tens of MB of garbage in a discovery storm); Switchyard logs what matters itself
        log: noLog,
        // mqtt-packet otherwise makes a Buffer for every possible message id (65,536 of them, 6 MB of heap)
        // the first time it writes a packet; without the table it makes one of 2 bytes when a packet has an id.
        // (The setting is the module's: the embedded broker, which shares mqtt-packet, goes without it too.)
        writeCache: false,
        // shared subscriptions and subscription identifiers are MQTT 5's
        ...(prefix !== undefined ? { protocolVersion: 5 as const } : {}),
        ...(statusTopic !== false
          ? { will: { topic: statusTopic, payload: Buffer.from('offline'), qos: 1 as const, retain: true } }
          : {}),
        ...(opts.username !== undefined ? { username: opts.username } : {}),
        ...(opts.password !== undefined ? { password: opts.password } : {}),
      };
      const c = connect(opts.url, options);
      client = c;
      c.on('connect', (connack) => {
        (c.stream as Partial<Socket>).setNoDelay?.(true);
        useIds = ids !== undefined && connack.properties?.subscriptionIdentifiersAvailable !== false;
        backoff = MIN_BACKOFF_MS;
        c.options.reconnectPeriod = backoff;
        lastError = undefined;
        log.info('mqtt connected', { broker: connection.brokerUrl });
        if (statusTopic !== false) c.publish(statusTopic, 'online', { qos: 1, retain: true });
        router.forgetRetained();
        resubscribe(c);
        setConnected(true);
        // commands kept during the outage, in the order asked, after the subscriptions (their answers are heard)
        const late = outbox.release((m) => {
          published.add();
          c.publish(m.topic, m.payload, { qos: m.qos, retain: m.retain });
        });
        if (late.length > 0) {
          log.warn('commands kept during the MQTT outage ran out of time and were not sent', { commands: late });
          opts.onCommandsExpired?.(late);
        }
      });
      // runs before mqtt.js schedules its reconnect, so the next attempt uses the grown delay
      c.prependListener('close', () => {
        if (connected && client === c) log.warn('mqtt connection lost; reconnecting', { broker: connection.brokerUrl });
        setConnected(false);
        c.options.reconnectPeriod = backoff;
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      });
      c.on('error', (err) => {
        if (err.message === lastError) {
          log.debug('mqtt error (again)', { broker: connection.brokerUrl, err: err.message });
          return;
        }
        lastError = err.message;
        log.warn('mqtt error', { broker: connection.brokerUrl, err: err.message });
      });
      c.on('message', ids === undefined ? onMessage : onIdentifiedMessage);

      const wait = opts.startWaitMs ?? 5_000;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          log.warn('mqtt broker not reachable yet; going on and retrying in the background', {
            broker: connection.brokerUrl,
          });
          resolve();
        }, wait);
        c.once('connect', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },

    async stop() {
      const c = client;
      if (!c) return;
      client = undefined;
      if (c.connected && statusTopic !== false) {
        await new Promise<void>((resolve) =>
          c.publish(statusTopic, 'offline', { qos: 1, retain: true }, () => resolve()),
        );
      }
      await c.endAsync();
      setConnected(false);
    },

    async publish(topic, payload, options: PublishOptions = {}) {
      checkOutgoing(topic, payload, maxPayload);
      const c = client;
      if (!c) throw new UnavailableError('mqtt connection is not started');
      const qos = options.qos ?? 0;
      published.add();
      if (qos === 0 && c.connected) {
        // QoS 0 has nothing to wait for but the socket draining: under a burst that would hold every
        // automation run open until the kernel takes the bytes. mqtt.js writes in order either way.
        c.publish(topic, payload, { qos: 0, retain: options.retain ?? false });
        return;
      }
      await c.publishAsync(topic, payload, { qos, retain: options.retain ?? false });
    },

    publishBatch(messages) {
      const fallback = (m: Qos0Message) =>
        void connection.publish(m.topic, m.payload, { retain: m.retain }).catch(noLog);
      return publishQos0Batch(client, messages, maxPayload, fallback, (n) => published.add(n));
    },

    unsubscribe,

    // Mosquitto 2.0.11 does not send the retained messages again for a shared subscription the client already
    // holds: there the SUBSCRIBE only confirms it. (No replay from the router's copy instead: live messages of a
    // shared subscription reach one instance each, so that copy may be older than the broker's.)
    async resubscribe(name) {
      const filter = router.keyFor(name);
      if (!router.has(filter)) throw new ValidationError(`'${name.slice(0, 200)}' is not subscribed`);
      const c = client;
      if (!c?.connected) throw new UnavailableError('MQTT is not connected');
      router.forgetRetainedOf(filter);
      await c.subscribeAsync(filter, subscribeOptions(qosByFilter.get(filter) ?? 0, idOf(filter)));
    },

    async subscribe(name, handler: MessageHandler, options = {}) {
      const filterProblem = filterProblemText(name);
      if (filterProblem !== undefined)
        throw new ValidationError(`invalid topic filter '${name.slice(0, 200)}': ${filterProblem}`);
      // from here on the subscription's key: the filter, or the shared filter the broker knows
      const filter = subscriptionKey(name, options.shared, prefix);
      const isNew = router.add(filter, handler);
      if (isNew) ids?.assign(filter);
      const qos = options.qos ?? 0;
      if (isNew || (qosByFilter.get(filter) ?? 0) < qos) {
        qosByFilter.set(filter, Math.max(qos, qosByFilter.get(filter) ?? 0) as 0 | 1 | 2);
        if (client?.connected) {
          const ack = batcher.subscribe(filter, qosByFilter.get(filter) ?? 0, idOf(filter));
          acking.set(filter, ack);
          try {
            await ack;
          } finally {
            if (acking.get(filter) === ack) acking.delete(filter);
          }
        }
      }
      const inFlight = isNew ? undefined : acking.get(filter);
      // joining a subscription still on its way: its retained messages come after the SUBACK, to this
      // handler too, so wait for that rather than replay (a refusal is the first subscriber's to report)
      if (inFlight) await inFlight.catch(() => {});
      else if (!isNew) router.replayRetained(filter, handler);
      return unsubscriber(filter, handler);
    },
  };
  return connection;
}

// Announces Switchyard's own devices to Home Assistant: one retained QoS 1 config per entity plus the
// bridge device; the entities' states on their own retained topics; a new round after Home Assistant
// comes online; stale configs of ours cleared at start; configs of removed entities cleared at once.
// The ESP32 entities are built in; other owners of entities (the helpers) add theirs as an AnnounceSource.
import { createHash } from 'node:crypto';
import type { Unsubscribe, EventBus } from '../../core/event-bus.js';
import type { CoreEvents } from '../../core/events.js';
import type { Logger } from '../../core/logger.js';
import type { Entity } from '../../core/model.js';
import type { IncomingMessage, MessageBus, Service } from '../../core/ports.js';
import type { Registry } from '../../core/registry.js';
import type { StateStore } from '../../core/state-store.js';
import type { AnnounceSource, StateMessage } from '../../protocol/ha-discovery/announce.js';
import { nodeIdOf } from '../../protocol/ha-discovery/discovery-topic.js';
import type { Esp32Bridge } from './bridge.js';
import { ESP32_SOURCE } from './device-session.js';
import {
  bridgeConfig,
  featureConfig,
  NODE_PREFIX,
  statePayload,
  stateTopic,
  type AnnounceContext,
  type DiscoveryMessage,
} from './ha-configs.js';

export interface AnnouncerDeps extends AnnounceContext {
  messages: MessageBus;
  bus: EventBus<CoreEvents>;
  registry: Registry;
  states: StateStore;
  bridge: Esp32Bridge;
  log: Logger;
  /** how long to collect our retained configs at start before clearing stale ones (Zigbee2MQTT: 5 s) */
  cleanupWindowMs?: number;
  /** random delay before re-announcing after homeassistant/status = online: [min, max] ms */
  reannounceDelayMs?: readonly [number, number];
  /** other sources of entities to announce the same way (their nodes must start with NODE_PREFIX) */
  sources?: readonly AnnounceSource[];
  /** our nodes' configs from discovery's subscription (app.ts says why); else a `<prefix>/+/+/+/config` of its own */
  ownConfigs?: (listener: (m: IncomingMessage) => void) => () => void;
}

export interface Announcer extends Service {
  /** publishes every config and state again */
  announceAll(force?: boolean): Promise<void>;
  /** config topic → digest of the payload on the broker (ours, or found there at start) */
  readonly published: ReadonlyMap<string, string>;
}

/** how long state changes are collected before they are written as one batch */
const STATE_BATCH_MS = 25;
/** new entities' configs in flight at once (see pumpAnnouncements) */
const MAX_ANNOUNCING = 64;

/**
 * What is remembered of a published config: enough to tell an identical one, a fraction of the JSON
 * (about 650 bytes per entity, 12 entities per device).
 */
const digest = (payload: string | Buffer): string => createHash('sha1').update(payload).digest('base64');

export function createAnnouncer(deps: AnnouncerDeps): Announcer {
  const { log } = deps;
  const published = new Map<string, string>(); // config topic → digest of the payload we published
  const disposers: Unsubscribe[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let started = false;
  /** the connection went down since the last announcement round */
  let wasDown = false;
  const others = new Map((deps.sources ?? []).map((s) => [s.source, s]));
  const isOurs = (entity: Entity) => entity.source === ESP32_SOURCE || others.has(entity.source);

  // An entity's device and feature, read from its config once: the registry reads a config from SQLite when asked
  // (it keeps none in memory), and every state change of a bridged device asked (a third of the CPU of 5,000
  // readings a second, profiled). Forgotten when the entity is registered again or removed.
  const keys = new Map<string, { deviceId?: string | undefined; feature?: string | undefined }>();
  const keysOf = (entity: Entity) => {
    let found = keys.get(entity.entity_id);
    if (!found) {
      const { device_id: deviceId, feature } = entity.config as { device_id?: string; feature?: string };
      found = { deviceId, feature };
      keys.set(entity.entity_id, found);
    }
    return found;
  };
  const featureOf = (entity: Entity) => {
    const { deviceId, feature } = keysOf(entity);
    const session = deviceId ? deps.bridge.session(deviceId) : undefined;
    const f = feature ? session?.features.get(feature) : undefined;
    return session?.caps && f ? { caps: session.caps, feature: f } : undefined;
  };

  const configOf = (entity: Entity): DiscoveryMessage | undefined => {
    const other = others.get(entity.source);
    if (other) return other.config(entity);
    const found = featureOf(entity);
    return found ? featureConfig(deps, found.caps, found.feature) : undefined;
  };

  const publishConfig = async (msg: DiscoveryMessage, force = false) => {
    const payload = JSON.stringify(msg.payload);
    const hash = digest(payload);
    if (!force && published.get(msg.topic) === hash) return;
    published.set(msg.topic, hash);
    await deps.messages.publish(msg.topic, payload, { qos: 1, retain: true });
  };

  const clear = async (topic: string) => {
    published.delete(topic);
    await deps.messages.publish(topic, '', { qos: 1, retain: true });
  };

  /** the state messages of an entity as it is now (none when it has none) */
  const stateMessages = (entity: Entity): readonly StateMessage[] => {
    const state = deps.states.get(entity.entity_id);
    if (!state) return [];
    const other = others.get(entity.source);
    if (other) return other.states(entity, state);
    const found = featureOf(entity);
    if (!found) return [];
    const payload = statePayload(found.feature, state.state, state.attributes);
    return payload === null ? [] : [{ topic: stateTopic(found.caps.device_id, found.feature.key), payload }];
  };

  const publishState = async (entity: Entity) => {
    for (const msg of stateMessages(entity))
      await deps.messages.publish(msg.topic, msg.payload, { qos: 0, retain: true });
  };

  // State changes are published in order, in batches collected for STATE_BATCH_MS and written as one buffer
  // (publishBatch). Each write to the socket is a system call that wakes the broker: one per state change, or one
  // per turn of the event loop as before, cost about 10% of a core at 5,000 ESP32 readings a second and held the
  // event loop in bursts that delayed automations (profiled); one every 25 ms costs next to nothing, and Home
  // Assistant sees a reading at most 25 ms later.
  let queued: StateMessage[] = [];
  let flushScheduled = false;
  const flushStates = () => {
    flushScheduled = false;
    const batch = queued;
    queued = [];
    if (batch.length === 0) return;
    const { messages } = deps;
    if (messages.publishBatch) {
      const refused = messages.publishBatch(batch.map((m) => ({ topic: m.topic, payload: m.payload, retain: true })));
      for (const err of refused) log.warn('announcer: state failed', { err });
      return;
    }
    for (const msg of batch) void safely('state', messages.publish(msg.topic, msg.payload, { qos: 0, retain: true }));
  };
  const queueState = (entity: Entity) => {
    const msgs = stateMessages(entity);
    if (msgs.length === 0) return;
    queued.push(...msgs);
    if (!flushScheduled) {
      flushScheduled = true;
      const timer = setTimeout(() => {
        timers.delete(timer);
        flushStates();
      }, STATE_BATCH_MS);
      timers.add(timer);
    }
  };

  // New entities are announced a few at a time: a thousand devices registering at once would otherwise
  // put twelve thousand QoS 1 configs in flight together, each holding its packet, payload and promise
  // chain until acknowledged (tens of MB, for a moment, that the heap then keeps). Queued by entity id
  // and read from the registry when its turn comes, so a removed entity is not announced after all.
  const toAnnounce = new Set<string>();
  let announcing = 0;
  const pumpAnnouncements = () => {
    while (announcing < MAX_ANNOUNCING && started) {
      const next = toAnnounce.values().next();
      if (next.done) return;
      toAnnounce.delete(next.value);
      const entity = deps.registry.entity(next.value);
      const msg = entity ? configOf(entity) : undefined;
      if (!entity || !msg) continue;
      announcing++;
      void safely(
        'announce',
        publishConfig(msg).then(() => publishState(entity)),
      ).finally(() => {
        announcing--;
        pumpAnnouncements();
      });
    }
  };

  const ours = () => deps.registry.entities().filter(isOurs);
  const desired = () => [bridgeConfig(deps), ...ours().flatMap((e) => configOf(e) ?? [])];

  const safely = (what: string, p: Promise<unknown>) =>
    p.catch((err: unknown) =>
      log.warn(`announcer: ${what} failed`, { err: err instanceof Error ? err.message : String(err) }),
    );

  const announcer: Announcer = {
    name: 'announcer',
    published,
    async announceAll(force = false) {
      await publishConfig(bridgeConfig(deps), force);
      // each entity looked up at its turn, as pumpAnnouncements does: a device deleted while this runs has
      // had its configs cleared, and must not have them published again afterwards
      const ids = ours().map((e) => e.entity_id);
      for (const id of ids) {
        const entity = deps.registry.entity(id);
        const msg = entity ? configOf(entity) : undefined;
        if (msg) await publishConfig(msg, force);
      }
      for (const id of ids) {
        const entity = deps.registry.entity(id);
        if (entity && isOurs(entity)) await publishState(entity);
      }
    },
    async start() {
      // our retained configs already on the broker, to clear the ones no device backs any more; the
      // window runs in the background so start-up does not wait for it
      const seen = new Map<string, string>();
      const collect = (m: IncomingMessage) => {
        if (m.retain && m.payload.length > 0 && nodeIdOf(m.topic).startsWith(NODE_PREFIX))
          seen.set(m.topic, digest(m.payload));
      };
      const collectOff = deps.ownConfigs
        ? deps.ownConfigs(collect)
        : await deps.messages.subscribe(`${deps.discoveryPrefix}/+/+/+/config`, collect);
      const finish = async () => {
        collectOff();
        for (const [topic, hash] of seen) published.set(topic, hash); // identical configs need no republish
        const wanted = new Set(desired().map((m) => m.topic));
        const stale = [...seen.keys()].filter((t) => !wanted.has(t));
        for (const topic of stale) await clear(topic);
        if (stale.length > 0) log.info('cleared stale discovery configs', { count: stale.length });
        started = true;
        await announcer.announceAll();
      };
      const window = setTimeout(() => {
        timers.delete(window);
        void safely('start-up announcement', finish());
      }, deps.cleanupWindowMs ?? 5_000);
      timers.add(window);

      disposers.push(
        collectOff,
        deps.bus.on('entity_registered', (e) => {
          keys.delete(e.entity.entity_id);
          if (!started || !isOurs(e.entity)) return;
          toAnnounce.delete(e.entity.entity_id); // to the back: announced once, as registered last
          toAnnounce.add(e.entity.entity_id);
          pumpAnnouncements();
        }),
        deps.bus.on('entity_removed', (e) => {
          keys.delete(e.entity.entity_id);
          const other = others.get(e.entity.source);
          const removed = other?.removedTopic(e.entity);
          if (removed) void safely('clear', clear(removed));
          if (e.entity.source !== ESP32_SOURCE) return;
          const { device_id: deviceId, feature } = e.entity.config as { device_id?: string; feature?: string };
          const topic = `${deps.discoveryPrefix}/${e.entity.domain}/${NODE_PREFIX}${deviceId}/${feature}/config`;
          void safely('clear', clear(topic));
        }),
        deps.bus.on('state_changed', (e) => {
          if (!started) return;
          const entity = e.new_state ? deps.registry.entity(e.entity_id) : undefined;
          if (entity && isOurs(entity)) queueState(entity);
        }),
        // back after an outage: a broker restarted without persistence lost the retained configs and states
        deps.bus.on('mqtt_connection', ({ connected }) => {
          if (!connected) wasDown = true;
          else if (wasDown && started) {
            wasDown = false;
            log.info('MQTT is back; announcing again');
            void safely('re-announce', announcer.announceAll(true));
          }
        }),
        await deps.messages.subscribe('homeassistant/status', (m: IncomingMessage) => {
          if (m.payload.toString('utf8') !== 'online' || !started) return;
          const [min, max] = deps.reannounceDelayMs ?? [1_000, 5_000];
          const timer = setTimeout(
            () => {
              timers.delete(timer);
              log.info('Home Assistant came online; announcing again');
              void safely('re-announce', announcer.announceAll(true));
            },
            min + Math.random() * (max - min),
          );
          timers.add(timer);
        }),
      );
    },
    async stop() {
      started = false;
      toAnnounce.clear();
      flushStates();
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const off of disposers.splice(0)) off();
    },
  };
  return announcer;
}

// Announces Switchyard's own devices to Home Assistant: one retained QoS 1 config per entity plus the
// bridge device; the entities' states on their own retained topics; a new round after Home Assistant
// comes online; stale configs of ours cleared at start; configs of removed entities cleared at once.
import type { Unsubscribe, EventBus } from '../../core/event-bus.js';
import type { CoreEvents } from '../../core/events.js';
import type { Logger } from '../../core/logger.js';
import type { Entity } from '../../core/model.js';
import type { IncomingMessage, MessageBus, Service } from '../../core/ports.js';
import type { Registry } from '../../core/registry.js';
import type { StateStore } from '../../core/state-store.js';
import type { Esp32Bridge } from './bridge.js';
import { ESP32_SOURCE } from './device-session.js';
import { bridgeConfig, featureConfig, NODE_PREFIX, statePayload, stateTopic, type AnnounceContext, type DiscoveryMessage } from './ha-configs.js';

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
}

export interface Announcer extends Service {
  /** publishes every config and state again */
  announceAll(force?: boolean): Promise<void>;
  readonly published: ReadonlyMap<string, string>;
}

export function createAnnouncer(deps: AnnouncerDeps): Announcer {
  const { log } = deps;
  const published = new Map<string, string>(); // config topic → payload we published
  const disposers: Unsubscribe[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let started = false;

  const featureOf = (entity: Entity) => {
    const { device_id: deviceId, feature } = entity.config as { device_id?: string; feature?: string };
    const session = deviceId ? deps.bridge.session(deviceId) : undefined;
    const f = feature ? session?.features.get(feature) : undefined;
    return session?.caps && f ? { caps: session.caps, feature: f } : undefined;
  };

  const configOf = (entity: Entity): DiscoveryMessage | undefined => {
    const found = featureOf(entity);
    return found ? featureConfig(deps, found.caps, found.feature) : undefined;
  };

  const publishConfig = async (msg: DiscoveryMessage, force = false) => {
    const payload = JSON.stringify(msg.payload);
    if (!force && published.get(msg.topic) === payload) return;
    published.set(msg.topic, payload);
    await deps.messages.publish(msg.topic, payload, { qos: 1, retain: true });
  };

  const clear = async (topic: string) => {
    published.delete(topic);
    await deps.messages.publish(topic, '', { qos: 1, retain: true });
  };

  const publishState = async (entity: Entity) => {
    const found = featureOf(entity);
    const state = deps.states.get(entity.entity_id);
    if (!found || !state) return;
    const payload = statePayload(found.feature, state.state, state.attributes);
    if (payload === null) return;
    await deps.messages.publish(stateTopic(found.caps.device_id, found.feature.key), payload, { qos: 0, retain: true });
  };

  const ours = () => deps.registry.entities().filter((e) => e.source === ESP32_SOURCE);
  const desired = () => [bridgeConfig(deps), ...ours().flatMap((e) => configOf(e) ?? [])];

  const safely = (what: string, p: Promise<unknown>) =>
    p.catch((err: unknown) => log.warn(`announcer: ${what} failed`, { err: err instanceof Error ? err.message : String(err) }));

  const announcer: Announcer = {
    name: 'announcer',
    published,
    async announceAll(force = false) {
      for (const msg of desired()) await publishConfig(msg, force);
      for (const entity of ours()) await publishState(entity);
    },
    async start() {
      // our retained configs already on the broker, to clear the ones no device backs any more; the
      // window runs in the background so start-up does not wait for it
      const seen = new Map<string, string>();
      const collectOff = await deps.messages.subscribe(`${deps.discoveryPrefix}/+/+/+/config`, (m: IncomingMessage) => {
        const node = m.topic.split('/').at(-3) ?? '';
        if (m.retain && m.payload.length > 0 && node.startsWith(NODE_PREFIX)) seen.set(m.topic, m.payload.toString('utf8'));
      });
      const finish = async () => {
        collectOff();
        for (const [topic, payload] of seen) published.set(topic, payload); // identical configs need no republish
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
          if (!started || e.entity.source !== ESP32_SOURCE) return;
          const msg = configOf(e.entity);
          if (msg) void safely('announce', publishConfig(msg).then(() => publishState(e.entity)));
        }),
        deps.bus.on('entity_removed', (e) => {
          if (e.entity.source !== ESP32_SOURCE) return;
          const { device_id: deviceId, feature } = e.entity.config as { device_id?: string; feature?: string };
          const topic = `${deps.discoveryPrefix}/${e.entity.domain}/${NODE_PREFIX}${deviceId}/${feature}/config`;
          void safely('clear', clear(topic));
        }),
        deps.bus.on('state_changed', (e) => {
          if (!started) return;
          const entity = e.new_state ? deps.registry.entity(e.entity_id) : undefined;
          if (entity?.source === ESP32_SOURCE) void safely('state', publishState(entity));
        }),
        await deps.messages.subscribe('homeassistant/status', (m: IncomingMessage) => {
          if (m.payload.toString('utf8') !== 'online' || !started) return;
          const [min, max] = deps.reannounceDelayMs ?? [1_000, 5_000];
          const timer = setTimeout(() => {
            timers.delete(timer);
            log.info('Home Assistant came online; announcing again');
            void safely('re-announce', announcer.announceAll(true));
          }, min + Math.random() * (max - min));
          timers.add(timer);
        }),
      );
    },
    async stop() {
      started = false;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const off of disposers.splice(0)) off();
    },
  };
  return announcer;
}

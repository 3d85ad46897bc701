// The MQTT discovery consumer: subscribes to <prefix>/+/+/config and <prefix>/+/+/+/config, runs Home
// Assistant's pipeline (topic rules → JSON → abbreviations → ~ → per-platform validation) and keeps one
// live DiscoveredEntity per discovered item. Bad configs become diagnostics; nothing else is touched.
import type { Clock } from '../../core/clock.js';
import { createContext } from '../../core/context.js';
import type { Unsubscribe } from '../../core/event-bus.js';
import type { Logger } from '../../core/logger.js';
import type { Entity } from '../../core/model.js';
import type { IncomingMessage, MessageBus, Service } from '../../core/ports.js';
import type { Registry } from '../../core/registry.js';
import type { StateStore } from '../../core/state-store.js';
import { parseEntityConfig, type BaseConfig, type PlatformModule } from '../../protocol/ha-discovery/components/index.js';
import { parseDiscoveryTopic } from '../../protocol/ha-discovery/discovery-topic.js';
import { parseDiscoveryPayload, type DiscoveredComponent } from '../../protocol/ha-discovery/payload.js';
import { DiagnosticsLog } from './diagnostics.js';
import { DiscoveredEntity } from './discovered-entity.js';
import { buildEntity, DISCOVERY_SOURCE, storedDiscovery, upsertDiscoveredDevice, type StoredDiscovery } from './entity-builder.js';

export const MAX_DISCOVERY_PAYLOAD = 256 * 1024;

export interface DiscoveryDeps {
  messages: MessageBus;
  registry: Registry;
  states: StateStore;
  clock: Clock;
  log: Logger;
  prefix: string;
  rooms: readonly string[];
  /** node ids starting with this are Switchyard's own announcements, already in the registry */
  ownNodePrefix?: string;
}

export interface DiscoveryConsumer extends Service {
  readonly diagnostics: DiagnosticsLog;
  /** the live entity for an entity id (used by the action handler) */
  live(entityId: string): DiscoveredEntity | undefined;
  readonly counts: { received: number; rejected: number; entities: number };
}

export function createDiscoveryConsumer(deps: DiscoveryDeps): DiscoveryConsumer {
  const log = deps.log;
  const diagnostics = new DiagnosticsLog(deps.clock, log);
  const byKey = new Map<string, string>(); // discovery key → entity id
  const live = new Map<string, DiscoveredEntity>(); // entity id → runtime
  const lastPayload = new Map<string, string>(); // discovery key → canonical JSON of its config
  const disposers: Unsubscribe[] = [];
  let received = 0;
  // messages are handled one after another so a remove never overtakes the add before it
  let queue: Promise<void> = Promise.resolve();

  const keyOf = (c: DiscoveredComponent) => `${c.component} ${c.discoveryId}`;

  const unload = (entityId: string) => {
    live.get(entityId)?.detach();
    live.delete(entityId);
  };

  const remove = (key: string) => {
    const entityId = byKey.get(key);
    byKey.delete(key);
    lastPayload.delete(key);
    if (!entityId) return;
    unload(entityId);
    const entity = deps.registry.removeEntity(entityId);
    deps.states.remove(entityId, createContext('discovery'));
    diagnostics.clearEntity(entityId);
    if (entity?.device_id && !deps.registry.entities().some((e) => e.device_id === entity.device_id)) {
      deps.registry.removeDevice(entity.device_id);
    }
    log.info('entity removed', { entity_id: entityId, discovery_key: key });
  };

  /** Builds (or rebuilds in place) the live entity for one component; returns false when it was rejected. */
  const load = async (topic: string, stored: StoredDiscovery, previous: Entity | undefined): Promise<boolean> => {
    const parsed = parseEntityConfig(stored.platform, stored.payload);
    if (!parsed.ok) {
      diagnostics.add('discovery', topic, parsed.reason, undefined, stored.discovery_key);
      return false;
    }
    const platform = parsed.platform as PlatformModule<BaseConfig>;
    const config = parsed.config as BaseConfig;
    let device = null;
    if (config.device) device = upsertDiscoveredDevice(deps.registry, config.device, deps.rooms);
    const { entity, friendly } = buildEntity(deps.registry, { domain: platform.domain, config, device, discoveryTopic: topic, stored, previous, rooms: deps.rooms });
    const prior = live.get(entity.entity_id);
    const current = prior?.state ?? deps.states.get(entity.entity_id);
    if (previous && previous.entity_id !== entity.entity_id) {
      unload(previous.entity_id);
      deps.registry.removeEntity(previous.entity_id);
    }
    prior?.detach();
    byKey.set(stored.discovery_key, entity.entity_id);
    const runtime = new DiscoveredEntity({ messages: deps.messages, states: deps.states, diagnostics, log }, entity.entity_id, topic, platform, config, friendly, current);
    live.set(entity.entity_id, runtime);
    diagnostics.clear('discovery', topic, stored.discovery_key);
    diagnostics.clear('discovery', topic);
    // subscribed before it is listed, so whoever sees the entity can rely on it hearing its topics
    await runtime.attach();
    deps.registry.upsertEntity(entity);
    return true;
  };

  const handle = async (message: IncomingMessage) => {
    received++;
    const topic = parseDiscoveryTopic(message.topic, deps.prefix);
    if (!topic.ok) {
      diagnostics.add('discovery', message.topic, topic.reason);
      return;
    }
    if (deps.ownNodePrefix && topic.nodeId?.startsWith(deps.ownNodePrefix)) return;
    const result = parseDiscoveryPayload(topic, message.payload, MAX_DISCOVERY_PAYLOAD);
    if (!result.ok) {
      diagnostics.add('discovery', message.topic, result.reason);
      return;
    }
    if (result.kind === 'remove' || result.kind === 'migrate') {
      const keys = [...byKey.entries()].filter(([, id]) => deps.registry.entity(id)?.discovery_topic === message.topic).map(([k]) => k);
      for (const key of keys) {
        if (result.kind === 'remove') remove(key);
        else {
          const id = byKey.get(key);
          if (id) unload(id);
          byKey.delete(key);
          lastPayload.delete(key);
        }
      }
      diagnostics.clearTopic(message.topic);
      return;
    }
    diagnostics.clear('discovery', message.topic);
    for (const component of result.components) {
      const key = keyOf(component);
      if (component.config === null) {
        remove(key);
        continue;
      }
      const canonical = JSON.stringify(component.config);
      if (lastPayload.get(key) === canonical && byKey.has(key)) continue; // identical: nothing to do
      const previousId = byKey.get(key);
      const stored: StoredDiscovery = { platform: component.component, discovery_key: key, payload: component.config };
      if (await load(message.topic, stored, previousId ? deps.registry.entity(previousId) : undefined)) {
        lastPayload.set(key, canonical);
        log.debug('entity discovered', { topic: message.topic, entity_id: byKey.get(key) });
      }
    }
  };

  return {
    name: 'discovery',
    diagnostics,
    live: (id) => live.get(id),
    get counts() {
      return { received, rejected: diagnostics.rejected, entities: live.size };
    },
    async start() {
      // entities restored from SQLite come back to life first, so announcers that do not retain
      // their configs keep their entities across a restart
      for (const entity of deps.registry.entities()) {
        if (entity.source !== DISCOVERY_SOURCE) continue;
        const stored = storedDiscovery(entity);
        if (!stored || !entity.discovery_topic) continue;
        if (await load(entity.discovery_topic, stored, entity)) lastPayload.set(stored.discovery_key, JSON.stringify(stored.payload));
      }
      const onMessage = (m: IncomingMessage) => {
        queue = queue.then(() => handle(m)).catch((err: unknown) => {
          diagnostics.add('discovery', m.topic, `internal error: ${err instanceof Error ? err.message : String(err)}`);
        });
      };
      for (const filter of [`${deps.prefix}/+/+/config`, `${deps.prefix}/+/+/+/config`]) {
        disposers.push(await deps.messages.subscribe(filter, onMessage, { qos: 1 }));
      }
      log.info('discovery consumer started', { prefix: deps.prefix, restored: live.size });
    },
    async stop() {
      for (const off of disposers.splice(0)) off();
      await queue;
      for (const id of [...live.keys()]) unload(id);
    },
  };
}

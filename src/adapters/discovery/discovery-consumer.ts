// The MQTT discovery consumer: subscribes to <prefix>/+/+/config and <prefix>/+/+/+/config, runs Home
// Assistant's pipeline (topic rules → JSON → abbreviations → ~ → per-platform validation) and keeps one
// live DiscoveredEntity per discovered item. Bad configs become diagnostics; nothing else is touched. The
// entities' messages pass a per-device rate limit (device-rate.ts) whose floods are reported (device-flood.ts).
import type { AlertStore } from '../../core/alerts.js';
import type { Clock } from '../../core/clock.js';
import { createContext, DISCOVERY_ORIGIN } from '../../core/context.js';
import type { EventBus, Unsubscribe } from '../../core/event-bus.js';
import type { CoreEvents } from '../../core/events.js';
import { LatestImages } from '../../core/images.js';
import type { Logger } from '../../core/logger.js';
import type { IncomingMessage, MessageBus, Service } from '../../core/ports.js';
import type { Registry } from '../../core/registry.js';
import type { StateStore } from '../../core/state-store.js';
import { createTemplateCache } from '../../protocol/ha-discovery/components/index.js';
import { nodeIdOf, parseDiscoveryTopic } from '../../protocol/ha-discovery/discovery-topic.js';
import { parseDiscoveryPayload, type DiscoveredComponent } from '../../protocol/ha-discovery/payload.js';
import { createTriggerLoader, removeDeviceIfUnused } from './device-trigger-loader.js';
import { createTagScannerLoader, type TagScannerInfo } from './tag-scanner-loader.js';
import { MessageQueue } from './message-queue.js';
import { DiagnosticsLog } from './diagnostics.js';
import type { DiscoveredEntity } from './discovered-entity.js';
import type { StoredDiscovery } from './entity-builder.js';
import { createRestore } from './restore.js';
import { createEntityLoader } from './entity-loader.js';
import { createAnnouncerWatch, createFloodWatch } from './alert-watch.js';
import { createDeviceRateLimit } from './device-flood.js';

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
  /** camera frames and images (default: a store of its own with the default bounds) */
  images?: LatestImages;
  /** where tag scans are told (`tag_scanned`) */
  bus: EventBus<CoreEvents>;
  /** told when a bulk load (a storm of configs, a large restore) starts and ends: main.ts relaxes the GC meanwhile */
  onBulk?: (busy: boolean) => void;
  /** where a flood of discovery messages (some dropped) is raised, once per flood */
  alerts?: Pick<AlertStore, 'raise' | 'acknowledge'> | undefined;
  /** discovery messages that may wait before more are dropped (default MessageQueue's 50,000) */
  maxWaiting?: number | undefined;
  /** each device's messages: a sustained rate per second (0: no limit) and a burst (defaults in device-rate.ts) */
  deviceRate?: { readonly rate: number; readonly burst: number } | undefined;
  /** resolves once the app has started: the restore waits for it (default: at once); see start() */
  started?: Promise<void> | undefined;
}

export interface DiscoveryConsumer extends Service {
  readonly diagnostics: DiagnosticsLog;
  readonly images: LatestImages;
  /** the tag scanners announced (all, or a device's) */
  tagScanners(deviceId?: string): TagScannerInfo[];
  /** the live entity for an entity id (used by the action handler); one still waiting to be restored is restored now */
  live(entityId: string): DiscoveredEntity | undefined;
  /** resolves once every entity restored from the database is live again (start() does not wait for it) */
  readonly restored: Promise<void>;
  /**
   * the subscription to the discovery configs, started after the consumer (the app starts it once its HTTP listener
   * answers: a broker's retained configs, 8.6 MiB for 10,000 entities, are then read after health, not before)
   */
  readonly configs: Service;
  /**
   * hands `listener` every config on a node of `ownNodePrefix` as it arrives (before the queue; the consumer itself
   * ignores them): the announcer learns from it what it had published, with no subscription of its own
   */
  ownConfigs(listener: (m: IncomingMessage) => void): () => void;
  /** rateLimited: entity messages dropped by the per-device rate limit */
  readonly counts: { received: number; rejected: number; entities: number; dropped: number; rateLimited: number };
}

export function createDiscoveryConsumer(deps: DiscoveryDeps): DiscoveryConsumer {
  const log = deps.log;
  const diagnostics = new DiagnosticsLog(deps.clock, log);
  const images = deps.images ?? new LatestImages();
  const byKey = new Map<string, string>(); // discovery key → entity id
  const live = new Map<string, DiscoveredEntity>(); // entity id → runtime
  const disposers: Unsubscribe[] = [];
  let received = 0;

  const keyOf = (c: DiscoveredComponent) => `${c.component} ${c.discoveryId}`;

  const unload = (entityId: string) => {
    live.get(entityId)?.detach();
    live.delete(entityId);
  };

  const remove = (key: string) => {
    const entityId = byKey.get(key);
    byKey.delete(key);
    if (!entityId) return;
    live.get(entityId)?.forget();
    unload(entityId);
    const entity = deps.registry.removeEntity(entityId);
    deps.states.remove(entityId, createContext(DISCOVERY_ORIGIN));
    diagnostics.clearEntity(entityId);
    if (entity?.device_id) removeDeviceIfUnused(deps.registry, entity.device_id, tags.usesDevice);
    log.info('entity removed', { entity_id: entityId, discovery_key: key });
  };

  // templates compiled once per source for every config this consumer parses (its own cache, bounded)
  const templates = createTemplateCache();
  const tags = createTagScannerLoader({ ...deps, diagnostics, log, templates });
  const triggers = createTriggerLoader({
    registry: deps.registry,
    rooms: deps.rooms,
    diagnostics,
    alsoUses: tags.usesDevice,
  });

  const announcers = createAnnouncerWatch({
    messages: deps.messages,
    alerts: deps.alerts,
    log,
    deviceName: (id) => deps.registry.device(id)?.name ?? undefined,
  });
  const limiter = createDeviceRateLimit({ diagnostics, alerts: deps.alerts, log, limit: deps.deviceRate });
  const { load, pending, settle } = createEntityLoader({
    messages: deps.messages,
    registry: deps.registry,
    states: deps.states,
    rooms: deps.rooms,
    log,
    images,
    diagnostics,
    templates,
    byKey,
    live,
    unload,
    announcers,
    rate: limiter,
  });

  const restore = createRestore({
    registry: deps.registry,
    log,
    hasKey: (key) => byKey.has(key),
    load,
    settle,
    liveCount: () => live.size,
  });

  const handle = async (message: IncomingMessage) => {
    received++;
    const topic = parseDiscoveryTopic(message.topic, deps.prefix);
    if (!topic.ok) {
      diagnostics.add('discovery', message.topic, topic.reason, undefined, '', topic.code);
      return;
    }
    if (deps.ownNodePrefix && topic.nodeId?.startsWith(deps.ownNodePrefix)) return;
    const result = parseDiscoveryPayload(topic, message.payload, MAX_DISCOVERY_PAYLOAD);
    if (!result.ok) {
      diagnostics.add('discovery', message.topic, result.reason, undefined, '', 'payload');
      return;
    }
    if (result.kind === 'remove' || result.kind === 'migrate') {
      await settle();
      const keys = [...byKey.entries()]
        .filter(([, id]) => deps.registry.entity(id)?.discovery_topic === message.topic)
        .map(([k]) => k);
      for (const key of keys) {
        if (result.kind === 'remove') remove(key);
        else {
          const id = byKey.get(key);
          if (id) unload(id);
          byKey.delete(key);
        }
      }
      triggers.removeTopic(message.topic);
      tags.removeTopic(message.topic);
      diagnostics.clearTopic(message.topic);
      return;
    }
    diagnostics.clear('discovery', message.topic);
    for (const component of result.components) {
      const key = keyOf(component);
      if (component.component === 'device_automation') {
        triggers.load(message.topic, key, component.discoveryId, component.config);
        continue;
      }
      if (component.component === 'tag') {
        if (component.config === null) tags.remove(key);
        else await tags.load(message.topic, key, component.config);
        continue;
      }
      if (component.config === null) {
        await settle();
        remove(key);
        continue;
      }
      if (pending.has(byKey.get(key) ?? '')) await settle();
      const previousId = byKey.get(key);
      const previous = previousId ? deps.registry.entity(previousId) : undefined;
      const stored: StoredDiscovery = { platform: component.component, discovery_key: key, payload: component.config };
      // the same config again (a retained config after a restart, an announcer repeating itself): nothing to do.
      // Compared with the row's text the record was built from (configJson: no copy per entity, no parse).
      if (previous && (previous.configJson?.() ?? JSON.stringify(previous.config)) === JSON.stringify(stored)) continue;
      if (await load(message.topic, stored, previous))
        log.debug('entity discovered', { topic: message.topic, entity_id: byKey.get(key) });
    }
  };

  const flood = createFloodWatch({ diagnostics, alerts: deps.alerts, log });
  const queue = new MessageQueue({
    handle,
    onError: (m, err) =>
      diagnostics.add(
        'discovery',
        m.topic,
        `internal error: ${err instanceof Error ? err.message : String(err)}`,
        undefined,
        '',
        'internal',
      ),
    onDrop: flood.onDrop,
    maxWaiting: deps.maxWaiting,
    onBulk: (busy) => {
      flood.onBulk(busy);
      deps.onBulk?.(busy);
    },
  });

  const ownListeners = new Set<(m: IncomingMessage) => void>();
  return {
    name: 'discovery',
    ownConfigs(listener) {
      ownListeners.add(listener);
      return () => void ownListeners.delete(listener);
    },
    diagnostics,
    images,
    tagScanners: (deviceId) => tags.list(deviceId),
    live(id) {
      restore.now(id);
      return live.get(id);
    },
    restored: restore.restored,
    get counts() {
      const rateLimited = limiter.dropped;
      return { received, rejected: diagnostics.rejected, entities: live.size, dropped: queue.dropped, rateLimited };
    },
    configs: {
      name: 'discovery configs',
      async start() {
        const onMessage = (m: IncomingMessage) => {
          if (ownListeners.size > 0 && deps.ownNodePrefix && nodeIdOf(m.topic).startsWith(deps.ownNodePrefix))
            for (const listener of ownListeners) listener(m);
          queue.push(m);
        };
        // QoS 0, as Home Assistant subscribes to them: configs are retained, and a storm of tens of thousands
        // is not held to the broker's 20 unacknowledged QoS 1 messages at a time with a PUBACK written for each
        for (const filter of [`${deps.prefix}/+/+/config`, `${deps.prefix}/+/+/+/config`]) {
          disposers.push(await deps.messages.subscribe(filter, onMessage, { qos: 0 }));
        }
        log.info('discovery configs subscribed', { prefix: deps.prefix });
      },
      async stop() {
        for (const off of disposers.splice(0)) off();
      },
    },
    async start() {
      // the entities in the registry first (restore.ts), once the app has started; messages queue behind them
      const total = restore.start(queue, deps.started);
      log.info('discovery consumer started', { prefix: deps.prefix, restoring: total });
    },
    async stop() {
      restore.stop();
      queue.close();
      for (const off of disposers.splice(0)) off();
      await queue.idle();
      await settle();
      tags.stop();
      announcers.stop();
      limiter.stop();
      for (const id of [...live.keys()]) unload(id);
    },
  };
}

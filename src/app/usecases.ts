// The one UseCaseDeps object (part of the composition root) that the REST routes and the MCP tools both run
// on: the core services, and the adapters behind the use cases' ports. Storage, discovery, the ESP32 bridge
// and the MQTT connection exist only after start(), so they are reached through getters. The MQTT topic
// indexes (fed by one `#` subscription per connection) and the capture store live here, one of each.
import { resolve } from 'node:path';
import { createAutomationFileStore } from '../adapters/automations/file-store.js';
import type { DiscoveryConsumer } from '../adapters/discovery/discovery-consumer.js';
import type { Esp32Bridge } from '../adapters/esp32/bridge.js';
import { ESP32_SOURCE } from '../adapters/esp32/device-session.js';
import { NODE_PREFIX } from '../adapters/esp32/ha-configs.js';
import type { MqttConnection } from '../adapters/mqtt/mqtt-connection.js';
import type { StorageService } from '../adapters/storage/storage-service.js';
import type { Settings } from '../config/settings.js';
import type { Clock } from '../core/clock.js';
import type { CommandRouter } from '../core/commands.js';
import { ValidationError } from '../core/errors.js';
import type { Unsubscribe } from '../core/event-bus.js';
import type { LogTail, MessageBus, Service } from '../core/ports.js';
import type { Registry } from '../core/registry.js';
import type { StateStore } from '../core/state-store.js';
import { createTopicIndex, type TopicIndex } from '../core/topic-index.js';
import { createCaptureStore, type CaptureStore } from '../usecases/captures.js';
import {
  DEFAULT_MAX_PUBLISH_BYTES,
  MAIN_CONNECTION,
  type Automations,
  type Connection,
  type ConversationRequestCounts,
  type Health,
  type RuntimeFigures,
  type UseCaseDeps,
} from '../usecases/deps.js';
import type { AutomationInputs } from './inputs.js';
import type { ProfileConnection } from './mqtt.js';

export interface UseCaseWiring {
  registry: Registry;
  states: StateStore;
  commands: CommandRouter;
  clock: Clock;
  settings: Settings;
  health: () => Health;
  /** message rates, history writer and process figures for the system status */
  runtime?: () => RuntimeFigures;
  mqtt: () => MqttConnection;
  automations: Automations;
  persistence: () => StorageService;
  discovery: () => DiscoveryConsumer | undefined;
  esp32: () => Esp32Bridge | undefined;
  /** extra broker connections from the `mqtt_profiles` setting (the raw MQTT use cases' `connection` ids) */
  profiles?: readonly ProfileConnection[];
  /** webhooks, the conversation agent's stages and tag scans (`app/inputs.ts`) */
  inputs?: Pick<AutomationInputs, 'webhooks' | 'conversation' | 'scanTag' | 'intents'>;
  /** the counts of the conversation requests over MQTT (`adapters/mqtt/conversation-requests.ts`) */
  conversationRequests?: () => ConversationRequestCounts;
  /** the last log entries kept in memory */
  logs?: LogTail;
}

export interface UseCaseParts {
  deps: UseCaseDeps;
  /** the topic index of the main connection */
  topics: TopicIndex;
  /** one topic index per MQTT profile, by profile name */
  profileTopics: ReadonlyMap<string, TopicIndex>;
  captures: CaptureStore;
  /**
   * start after MQTT: subscribes `#` on the main connection and every profile and feeds their topic indexes;
   * stop ends every capture
   */
  topicFeed: (messages: () => MessageBus) => Service;
}

export function createUseCaseDeps(w: UseCaseWiring): UseCaseParts {
  const now = () => w.clock.now();
  const topics = createTopicIndex({ now });
  const captures = createCaptureStore({ now });
  const profiles = w.profiles ?? [];
  const profileTopics = new Map(profiles.map((p) => [p.id, createTopicIndex({ now })]));
  const messages: MessageBus = {
    publish: (topic, payload, opts) => w.mqtt().publish(topic, payload, opts),
    subscribe: (filter, handler, opts) => w.mqtt().subscribe(filter, handler, opts),
    unsubscribe: (filter, handler) => w.mqtt().unsubscribe(filter, handler),
    get connected() {
      try {
        return w.mqtt().connected;
      } catch {
        return false;
      }
    },
  };
  const main = (): Connection => ({
    id: MAIN_CONNECTION,
    broker: w.health().mqtt.broker,
    connected: messages.connected,
    default: true,
    publish_allowed: true,
    messages,
    topics,
  });
  const profile = (p: ProfileConnection): Connection => {
    const index = profileTopics.get(p.id);
    return {
      id: p.id,
      broker: p.connection.brokerUrl,
      connected: p.connection.connected,
      default: false,
      publish_allowed: p.publish,
      messages: p.connection,
      ...(index ? { topics: index } : {}),
    };
  };
  const session = (id: string) =>
    id.startsWith(NODE_PREFIX) ? w.esp32()?.session(id.slice(NODE_PREFIX.length)) : undefined;
  const deps: UseCaseDeps = {
    registry: w.registry,
    states: w.states,
    commands: w.commands,
    clock: w.clock,
    // read when a use case runs: storage exists only after start(); the reader itself (not a wrapper), so
    // its optional aggregate(), summary() and historyJson() reach the use cases
    get history() {
      return w.persistence().history;
    },
    alerts: {
      raise: (a) => w.persistence().alerts.raise(a),
      list: (q) => w.persistence().alerts.list(q),
      acknowledge: (id) => w.persistence().alerts.acknowledge(id),
    },
    automations: w.automations,
    messages,
    health: w.health,
    ...(w.runtime ? { runtime: liveFigures(w.runtime, () => [topics, ...profileTopics.values()], w.logs) } : {}),
    ...(w.logs ? { logs: w.logs } : {}),
    discoveryPrefix: w.settings.discovery_prefix,
    maxPublishBytes: DEFAULT_MAX_PUBLISH_BYTES,
    deviceDetails(id) {
      const s = session(id);
      if (!s) return undefined;
      const lastSeen = s.lastSeen === null ? null : new Date(s.lastSeen).toISOString();
      return { online: s.online, last_seen: lastSeen, metrics: s.metrics, counters: { ...s.counters } };
    },
    automationFiles: createAutomationFileStore(resolve(w.settings.automations_dir)),
    topics,
    captures,
    connections: {
      list: () => [main(), ...profiles.map(profile)].map(({ messages: _m, topics: _t, ...info }) => info),
      get: (id) => (id === MAIN_CONNECTION ? main() : profiles.filter((p) => p.id === id).map(profile)[0]),
    },
    discoveryDiagnostics: {
      diagnostics: () => w.discovery()?.diagnostics.diagnostics() ?? [],
      counts: () => w.discovery()?.diagnostics.counts() ?? { seen: {}, current: {}, evicted: 0 },
    },
    async removeDevice(id) {
      const device = w.registry.device(id);
      const bridge = w.esp32();
      if (device?.source !== ESP32_SOURCE || !id.startsWith(NODE_PREFIX) || !bridge) {
        throw new ValidationError(
          `device '${id}' comes from MQTT discovery; remove it where it is announced (its retained config)`,
        );
      }
      await bridge.removeDevice(id.slice(NODE_PREFIX.length));
    },
    image: (entityId) => w.discovery()?.images.get(entityId),
    tagScanners: (deviceId) => (w.discovery()?.tagScanners(deviceId) ?? []).map((t) => ({ topic: t.topic })),
    ...(w.inputs
      ? {
          webhooks: w.inputs.webhooks,
          conversation: w.inputs.conversation,
          scanTag: w.inputs.scanTag,
          intents: w.inputs.intents,
        }
      : {}),
    ...(w.conversationRequests ? { conversationRequests: w.conversationRequests } : {}),
  };
  const topicFeed = (feed: () => MessageBus): Service => {
    const unsubscribes: Unsubscribe[] = [];
    return {
      name: 'mqtt topic index',
      async start() {
        unsubscribes.push(await feed().subscribe('#', (m) => topics.record(m)));
        // a profile connection takes the subscription even before it connects and restores it on every reconnect
        for (const p of profiles) {
          const index = profileTopics.get(p.id);
          if (index) unsubscribes.push(await p.connection.subscribe('#', (m) => index.record(m)));
        }
      },
      async stop() {
        for (const unsubscribe of unsubscribes.splice(0)) unsubscribe();
        captures.close();
      },
    };
  };
  return { deps, topics, profileTopics, captures, topicFeed };
}

/** The runtime figures with the listeners of the panel's live streams (explorer and log) added. */
function liveFigures(
  figures: () => RuntimeFigures,
  indexes: () => readonly TopicIndex[],
  logs: LogTail | undefined,
): () => RuntimeFigures {
  return () => {
    const f = figures();
    const live = indexes().reduce((n, index) => n + index.watchers, logs?.watchers ?? 0);
    return { ...f, process: { ...f.process, live_listeners: live } };
  };
}

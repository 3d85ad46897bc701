// What the caller of createApp (main.ts, the tests, the bench) may set besides the settings, and the App it gets:
// their own types, so the composition root's parts (src/app/*.ts) need not import app.ts for them.
import type { ClusterTiming } from './cluster.js';
import type { EmbeddedBroker } from '../adapters/broker/embedded-broker.js';
import type { DiscoveryConsumer } from '../adapters/discovery/discovery-consumer.js';
import type { Announcer } from '../adapters/esp32/announcer.js';
import type { Esp32Bridge } from '../adapters/esp32/bridge.js';
import type { HttpServer } from '../adapters/http/http-server.js';
import type { HealthReport } from '../adapters/http/routes/health.js';
import type { Database } from '../adapters/storage/database.js';
import type { MqttConnection } from '../adapters/mqtt/mqtt-connection.js';
import type { StorageService } from '../adapters/storage/storage-service.js';
import type { MqttEnv } from '../adapters/supervisor/resolve-mqtt.js';
import type { AutomationEngine } from '../automations/engine.js';
import type { Clock } from '../core/clock.js';
import type { CommandRouter } from '../core/commands.js';
import type { EventBus } from '../core/event-bus.js';
import type { CoreEvents } from '../core/events.js';
import type { Logger } from '../core/logger.js';
import type { MessageBus } from '../core/ports.js';
import type { Registry } from '../core/registry.js';
import type { StateStore } from '../core/state-store.js';
import type { TopicIndex } from '../core/topic-index.js';
import type { UseCaseDeps } from '../usecases/deps.js';

export interface AppOptions {
  version: string;
  log?: Logger;
  clock?: Clock;
  /** ':memory:' for tests; defaults to <data_dir>/switchyard.db */
  databasePath?: string;
  /** SUPERVISOR_TOKEN / SUPERVISOR_URL: main.ts passes process.env; without them no Supervisor is asked */
  env?: MqttEnv & { SWITCHYARD_EXAMPLES_DIR?: string | undefined };
  /** how long MQTT start waits for the first connection */
  mqttStartWaitMs?: number;
  /** how long start waits for each MQTT profile broker (default 1.5 s; they connect side by side and keep retrying) */
  mqttProfileStartWaitMs?: number;
  /** discovery messages that may wait before more are dropped (default 50,000) */
  discoveryMaxWaiting?: number;
  /** how often buffered state history is written */
  historyFlushMs?: number;
  /** the announcer's start-up window for finding stale configs (default 5 s) */
  announceWindowMs?: number;
  /** random delay before re-announcing when Home Assistant comes online (default 1–5 s) */
  reannounceDelayMs?: readonly [number, number];
  /** how long an ESP32 command may wait for its confirmation (default 5 s) */
  commandTimeoutMs?: number;
  /** the largest camera frame or image kept (default 4 MiB, the broker's largest packet) */
  maxImageBytes?: number;
  /** all camera frames and images kept together (default 64 MiB) */
  maxImageTotalBytes?: number;
  /** several instances (cluster_instance): how often the leases are claimed and how long they last (2 s, 6 s) */
  clusterTiming?: ClusterTiming;
  /** told when a bulk load of discovered entities starts and ends (main.ts relaxes the GC meanwhile) */
  onBulkLoad?: (busy: boolean) => void;
}

/** The running application: its core, its adapters (available after start()) and its lifecycle. */
export interface App {
  readonly log: Logger;
  readonly bus: EventBus<CoreEvents>;
  readonly states: StateStore;
  readonly registry: Registry;
  readonly commands: CommandRouter;
  /** available after start() */
  readonly mqtt: MessageBus & Pick<MqttConnection, 'brokerUrl' | 'outbox'>;
  readonly http: HttpServer;
  readonly broker: EmbeddedBroker | undefined;
  /** the SQLite database (throws when storage is PostgreSQL) */
  readonly database: Database;
  readonly persistence: StorageService;
  readonly discovery: DiscoveryConsumer;
  readonly esp32: Esp32Bridge;
  readonly announcer: Announcer;
  readonly automations: AutomationEngine;
  /** what the use cases run on: the MCP tools and the REST routes both */
  readonly mcpDeps: UseCaseDeps;
  /** the live index of MQTT topics seen (fed after start()) */
  readonly topics: TopicIndex;
  health(): HealthReport;
  start(): Promise<void>;
  stop(): Promise<void>;
}

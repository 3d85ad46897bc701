// The one composition root: builds the core, builds every adapter with explicit dependencies,
// starts them in order and stops them in reverse.
import { join } from 'node:path';
import type { Settings } from './config/settings.js';
import { systemClock, type Clock } from './core/clock.js';
import { createEventBus, type EventBus } from './core/event-bus.js';
import type { CoreEvents } from './core/events.js';
import type { Logger } from './core/logger.js';
import type { MessageBus, Service } from './core/ports.js';
import { createRegistry, type Registry } from './core/registry.js';
import { createStateStore, type StateStore } from './core/state-store.js';
import { createEmbeddedBroker, type EmbeddedBroker } from './adapters/broker/embedded-broker.js';
import { createHttpServer, type HttpServer } from './adapters/http/http-server.js';
import type { HealthReport } from './adapters/http/routes/health.js';
import { createLogger } from './adapters/logging/pino-logger.js';
import { createMqttConnection, type MqttConnection } from './adapters/mqtt/mqtt-connection.js';
import { openDatabase, type Database } from './adapters/storage/database.js';

export interface AppOptions {
  version: string;
  log?: Logger;
  clock?: Clock;
  /** ':memory:' for tests; defaults to <data_dir>/switchyard.db */
  databasePath?: string;
  /** how long MQTT start waits for the first connection */
  mqttStartWaitMs?: number;
}

export interface App {
  readonly log: Logger;
  readonly bus: EventBus<CoreEvents>;
  readonly states: StateStore;
  readonly registry: Registry;
  /** available after start() */
  readonly mqtt: MessageBus & { readonly brokerUrl: string };
  readonly http: HttpServer;
  readonly broker: EmbeddedBroker | undefined;
  readonly database: Database;
  health(): HealthReport;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createApp(settings: Settings, options: AppOptions): App {
  const log = options.log ?? createLogger(settings.log_level);
  const clock = options.clock ?? systemClock;
  const bus = createEventBus<CoreEvents>(log.child({ part: 'bus' }));
  const states = createStateStore(bus, clock);
  const registry = createRegistry(bus);
  const startedAt = Date.now();
  const embedded = settings.mqtt_url === '';

  const broker = embedded
    ? createEmbeddedBroker({
        port: settings.broker_port,
        dataDir: settings.data_dir,
        username: settings.broker_username,
        password: settings.broker_password,
        log: log.child({ part: 'broker' }),
      })
    : undefined;

  let database: Database | undefined;
  let mqtt: MqttConnection | undefined;
  const started: Service[] = [];

  const health = (): HealthReport => {
    const mqttUp = mqtt?.connected ?? false;
    const dbOk = database?.ping() ?? false;
    return {
      status: mqttUp && dbOk ? 'ok' : 'degraded',
      version: options.version,
      uptime_s: Math.round((Date.now() - startedAt) / 1000),
      mqtt: { connected: mqttUp, broker: embedded ? 'embedded' : (mqtt?.brokerUrl ?? settings.mqtt_url) },
      database: { ok: dbOk },
    };
  };

  const http = createHttpServer({
    log: log.child({ part: 'http' }),
    host: settings.http_host,
    port: settings.http_port,
    apiToken: settings.api_token,
    health,
  });

  const startService = async (service: Service) => {
    await service.start();
    started.push(service);
  };

  return {
    log,
    bus,
    states,
    registry,
    broker,
    http,
    get mqtt() {
      if (!mqtt) throw new Error('mqtt is available after start()');
      return mqtt;
    },
    get database() {
      if (!database) throw new Error('the database is available after start()');
      return database;
    },
    health,
    async start() {
      const dbPath = options.databasePath ?? join(settings.data_dir, 'switchyard.db');
      database = await openDatabase(dbPath);
      const db = database;
      started.push({ name: 'database', start: async () => {}, stop: () => db.close() });
      log.info('database ready', { path: dbPath });

      if (broker) await startService(broker);
      mqtt = createMqttConnection({
        url: broker ? `mqtt://127.0.0.1:${broker.port}` : settings.mqtt_url,
        username: broker ? settings.broker_username : settings.mqtt_username,
        password: broker ? settings.broker_password : settings.mqtt_password,
        log: log.child({ part: 'mqtt' }),
        ...(options.mqttStartWaitMs !== undefined ? { startWaitMs: options.mqttStartWaitMs } : {}),
        onConnectionChange: (connected) => bus.emit('mqtt_connection', { connected }),
      });
      await startService(mqtt);
      await startService(http);
      log.info('switchyard started', { version: options.version, broker: health().mqtt.broker });
    },
    async stop() {
      while (started.length > 0) {
        const service = started.pop();
        if (!service) break;
        try {
          await service.stop();
        } catch (err) {
          log.error('service failed to stop', { service: service.name, err: err instanceof Error ? err.message : String(err) });
        }
      }
      log.info('switchyard stopped');
    },
  };
}

// The one composition root: builds the core, builds every adapter with explicit dependencies,
// starts them in order and stops them in reverse.
import type { Settings } from './config/settings.js';
import { systemClock } from './core/clock.js';
import { createEventBus } from './core/event-bus.js';
import type { CoreEvents } from './core/events.js';
import type { Service } from './core/ports.js';
import { createRegistry } from './core/registry.js';
import { createStateStore } from './core/state-store.js';
import type { EmbeddedBroker } from './adapters/broker/embedded-broker.js';
import type { MqttChoice } from './adapters/supervisor/resolve-mqtt.js';
import { connectMqtt, createProfileConnections, profileConnectionsService } from './app/mqtt.js';
import { createAppHttp } from './app/http.js';
import { createHealth } from './app/health.js';
import { createLogTail } from './adapters/logging/log-tail.js';
import { createLogger } from './adapters/logging/pino-logger.js';
import type { MqttConnection } from './adapters/mqtt/mqtt-connection.js';
import type { Database } from './adapters/storage/database.js';
import type { StorageService } from './adapters/storage/storage-service.js';
import { lockData, startStorage } from './app/storage.js';
import type { DiscoveryConsumer } from './adapters/discovery/discovery-consumer.js';
import { startDiscovery } from './app/discovery.js';
import type { Esp32Bridge } from './adapters/esp32/bridge.js';
import type { Announcer } from './adapters/esp32/announcer.js';
import { startAnnouncer, startEsp32Bridge } from './app/esp32.js';
import { createAppHelpers, startHelpers } from './app/helpers.js';
import { automationApi, createAutomations } from './app/automations.js';
import type { AutomationEngine } from './automations/engine.js';
import { createRuntimeFigures } from './app/runtime.js';
import { createMcpHandler } from './app/mcp.js';
import { createUseCaseDeps } from './app/usecases.js';
import { startSideBySide, stopInReverse } from './app/side-by-side.js';
import { createSun } from './app/sun.js';
import { createHaRegistriesService, haAliases } from './app/ha-registries.js';
import { createAutomationInputs } from './app/inputs.js';
import { createAppConversationRequests } from './app/conversation-requests.js';
import { DEFAULT_ROOMS } from './core/areas.js';
import { createCommandRouter } from './core/commands.js';
import type { App, AppOptions } from './app/options.js';
import { clusterOf } from './app/cluster.js';

export type { App, AppOptions };

export function createApp(settings: Settings, options: AppOptions): App {
  // what is printed, and the last 1,000 entries kept for the panel's log view (GET /api/logs)
  const logTail = createLogTail(settings.log_level);
  const log = logTail.wrap(options.log ?? createLogger(settings.log_level, undefined, { format: settings.log_format }));
  const clock = options.clock ?? systemClock;
  const bus = createEventBus<CoreEvents>(log.child({ part: 'bus' }));
  const states = createStateStore(bus, clock);
  const registry = createRegistry(bus);
  const commands = createCommandRouter(registry, states);
  const rooms = settings.rooms?.length ? settings.rooms : DEFAULT_ROOMS;
  // the home's location (settings, else Home Assistant's core config) for sun.sun and sun automations
  const sun = createSun({ settings, env: options.env ?? {}, registry, states, clock, log });
  // Home Assistant's registries (as an add-on), for device automations made in its editor
  const ha = createHaRegistriesService({ env: options.env ?? {}, log });
  // zones, webhooks, conversation sentences and tag scans: shared by the engine and the use cases
  const aliases = ha.registries && haAliases(ha.registries, registry);
  const inputs = createAutomationInputs({ registry, states, bus, log, commands, sun: sun.source, aliases });
  // one of several instances on a shared broker and PostgreSQL (cluster_instance; docs/scale-out.md)
  const cluster = clusterOf(settings, { bus, registry, states, clock, log, timing: options.clusterTiming });
  let broker: EmbeddedBroker | undefined;
  let mqttChoice: MqttChoice | undefined;

  let database: Database | undefined;
  let mqtt: MqttConnection | undefined;
  let persistence: StorageService | undefined;
  let discovery: DiscoveryConsumer | undefined;
  let esp32: Esp32Bridge | undefined;
  let announcer: Announcer | undefined;
  let automations: AutomationEngine | undefined;
  const started: Service[] = [];
  // extra brokers for the raw MQTT tools (`mqtt_profiles`); created now, connected in start()
  const profiles = createProfileConnections(settings, log, options.mqttProfileStartWaitMs);
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is available after start()`);
    return value;
  };

  const health = createHealth({
    version: options.version,
    mqttUrl: settings.mqtt_url,
    mqtt: () => mqtt,
    database: () => persistence,
    storage: () => persistence?.guard.status(),
    embedded: () => mqttChoice?.source === 'embedded',
    cluster: () => cluster?.status(),
  });

  const runtime = createRuntimeFigures({ bus, traffic: () => mqtt?.traffic(), history: () => persistence?.recorder });

  // spoken commands over MQTT (satellites), on the same use case deps as REST and MCP
  const conversationRequests = createAppConversationRequests({
    messages: () => need(mqtt, 'mqtt'),
    deps: () => useCases.deps,
    discoveryPrefix: settings.discovery_prefix,
    clock,
    log,
  });
  // the one deps object the REST routes and the MCP tools run on; most services exist once start() has run
  const useCases = createUseCaseDeps({
    conversationRequests: conversationRequests.counts,
    runtime: runtime.figures,
    logs: logTail,
    registry,
    states,
    commands,
    clock,
    health,
    settings,
    mqtt: () => need(mqtt, 'mqtt'),
    automations: automationApi(() => automations, cluster),
    persistence: () => need(persistence, 'storage'),
    discovery: () => discovery,
    esp32: () => esp32,
    profiles,
    inputs,
  });

  // running as an add-on: Home Assistant's ingress proxy is trusted (auth hook, MCP Host check)
  const underSupervisor = Boolean(options.env?.SUPERVISOR_TOKEN?.trim());
  const http = createAppHttp({
    settings,
    log,
    health,
    registry,
    states,
    bus,
    deps: useCases.deps,
    mcpHandler: createMcpHandler({ deps: useCases.deps, settings, version: options.version, underSupervisor }),
    esp32: () => esp32,
    discovery: () => discovery,
    persistence: () => persistence,
    automations: () => automations,
    brokerLogin: () => broker?.login,
    underSupervisor,
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
    commands,
    broker,
    http,
    topics: useCases.topics,
    mcpDeps: useCases.deps,
    get mqtt() {
      return need(mqtt, 'mqtt');
    },
    get database() {
      return need(database, 'the SQLite database (storage is not PostgreSQL)');
    },
    get persistence() {
      return need(persistence, 'storage');
    },
    get discovery() {
      return need(discovery, 'discovery');
    },
    get esp32() {
      return need(esp32, 'the ESP32 bridge');
    },
    get announcer() {
      return need(announcer, 'the announcer');
    },
    get automations() {
      return need(automations, 'automations');
    },
    health,
    async start() {
      // one instance per data folder, said before anything in it is opened
      started.push(lockData(settings, log));
      // Two independent chains side by side: storage (open, migrate, restore the registry: CPU-bound) and
      // the MQTT connection (mostly waiting for the broker). What follows needs both.
      await startSideBySide(started, [
        async (startService) => {
          ({ database, persistence } = await startStorage({
            settings,
            databasePath: options.databasePath,
            historyFlushMs: options.historyFlushMs,
            bus,
            registry,
            states,
            clock,
            log,
            startService,
            records: cluster?.records,
          }));
          await startService(runtime.service);
        },
        async (startService) => {
          const connected = await connectMqtt({
            settings,
            env: options.env ?? {},
            log,
            startWaitMs: options.mqttStartWaitMs,
            onConnectionChange: (up) => bus.emit('mqtt_connection', { connected: up }),
            alerts: () => persistence?.alerts,
            ...cluster?.connection,
            startService,
          });
          ({ mqtt, broker, choice: mqttChoice } = connected);
        },
      ]);
      await startService(sun.service); // after storage: the restored sun.sun is brought up to date
      const messages = need(mqtt, 'mqtt');
      const storage = need(persistence, 'storage');
      const automationCluster = await cluster?.start(
        { messages, storage, automations: () => automations },
        startService,
      );
      const esp32Wiring = {
        settings,
        options,
        messages,
        storage,
        bus,
        registry,
        states,
        commands,
        clock,
        log,
        rooms,
        startService,
        started,
      };
      // the ESP32 bridge and the announcer run on the instance holding the `announcer` lease
      const devices = cluster?.holding('announcer', esp32Wiring) ?? esp32Wiring;
      ({ bridge: esp32 } = await startEsp32Bridge(devices));
      discovery = await startDiscovery({ ...esp32Wiring, afterStart: inputs.started });
      cluster?.follow(discovery);
      // the helpers' actions are registered now; their entities come with the automations folder's first load
      const helpers = createAppHelpers({ ...esp32Wiring, version: options.version });
      // our own retained configs reach the announcer through discovery's subscription: a filter of its own would bring
      // every retained config once more, and discovery, joining it later, would get none (no second SUBSCRIBE)
      const ownConfigs = need(discovery, 'discovery').ownConfigs;
      announcer = await startAnnouncer(devices, esp32, [helpers.announce], ownConfigs);
      await startHelpers(helpers.helpers, { messages, registry, commands, log }, startService);
      automations = createAutomations({
        settings,
        storage,
        messages,
        bus,
        registry,
        states,
        commands,
        clock,
        log,
        sun: sun.source,
        haRegistries: ha.registries,
        inputs,
        examplesDir: options.env?.SWITCHYARD_EXAMPLES_DIR,
        helpers: helpers.helpers.consumer,
        cluster: automationCluster,
      });
      await startService(inputs.zones); // persons and zone.home before the first load applies the zones
      await startService(ha.service); // connects in the background: Home Assistant may come later
      await startService(automations);
      // after the sentence triggers are armed; with several instances, the one running the automations answers
      await startService(
        cluster?.whileHolding('automations', conversationRequests.service) ?? conversationRequests.service,
      );
      await startService({ name: 'intents', start: async () => {}, stop: async () => inputs.intents.stop() });
      // Health answers from here: what follows reads what the broker keeps retained, not part of health. The
      // discovery configs (restored entities are listed already) and one `#` subscription feeding the MQTT topic
      // index (mqtt_list_topics, GET /api/mqtt/topics) each bring every retained config, 8.6 MiB for 10,000
      // entities: read before the listener, they held health back (issue 22, start-up). The profile brokers are only
      // for the MQTT tools too: each is waited for briefly, side by side, and one that is down does not stop the
      // start. start() still resolves only when all of them are done (subscribed: a config published now is seen).
      // Discovery before `#`, not beside it: Mosquitto sends a retained message once while a copy is still queued
      // to the client, so the flood `#` brought would reach discovery only from when its filters were added
      // (the first ~20 of 10,000 configs were lost; test/e2e/retained-at-start.test.ts).
      await startService(http);
      await startService(need(discovery, 'discovery').configs);
      await startSideBySide(started, [
        (startService) => startService(useCases.topicFeed(() => messages)),
        async (startService) => {
          if (profiles.length > 0) await startService(profileConnectionsService(profiles, log.child({ part: 'mqtt' })));
        },
      ]);
      log.info('switchyard started', { version: options.version, broker: health().mqtt.broker });
      // the discovered entities' restore begins now: out of the start's way
      inputs.appStarted();
    },
    async stop() {
      await stopInReverse(started, log);
      log.info('switchyard stopped');
    },
  };
}

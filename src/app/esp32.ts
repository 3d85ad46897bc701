// Wiring of the ESP32 bridge, its command handler and the announcer (part of the composition root), in
// two steps that app.ts starts on either side of MQTT discovery.
import { createAnnouncer, type Announcer, type AnnouncerDeps } from '../adapters/esp32/announcer.js';
import { createEsp32Bridge, type Esp32Bridge } from '../adapters/esp32/bridge.js';
import { createEsp32Commands, type Esp32Commands } from '../adapters/esp32/commands.js';
import { ESP32_SOURCE } from '../adapters/esp32/device-session.js';
import type { MqttConnection } from '../adapters/mqtt/mqtt-connection.js';
import type { StorageService } from '../adapters/storage/storage-service.js';
import type { AppOptions } from './options.js';
import type { Settings } from '../config/settings.js';
import type { Clock } from '../core/clock.js';
import type { CommandRouter } from '../core/commands.js';
import type { EventBus } from '../core/event-bus.js';
import type { CoreEvents } from '../core/events.js';
import type { Logger } from '../core/logger.js';
import type { Service } from '../core/ports.js';
import type { Registry } from '../core/registry.js';
import type { StateStore } from '../core/state-store.js';
import type { AnnounceSource } from '../protocol/ha-discovery/announce.js';

export interface Esp32Wiring {
  settings: Settings;
  options: AppOptions;
  messages: MqttConnection;
  storage: StorageService;
  bus: EventBus<CoreEvents>;
  registry: Registry;
  states: StateStore;
  commands: CommandRouter;
  clock: Clock;
  log: Logger;
  rooms: readonly string[];
  startService(service: Service): Promise<void>;
  /** services to stop in reverse order */
  started: Service[];
}

/**
 * The bridge and its command handler. They subscribe only to Switchyard's own topics, so app.ts starts
 * them before MQTT discovery: every subscription made after discovery's waits for its acknowledgement
 * behind the flood of retained discovery configs the broker sends for discovery's filters.
 */
export async function startEsp32Bridge(w: Esp32Wiring): Promise<{ bridge: Esp32Bridge; handler: Esp32Commands }> {
  const log = w.log.child({ part: 'esp32' });
  let handler: Esp32Commands | undefined;
  const bridge = createEsp32Bridge({
    messages: w.messages,
    registry: w.registry,
    states: w.states,
    alerts: w.storage.alerts,
    store: w.storage.bridgeDevices,
    clock: w.clock,
    log,
    bridgePrefix: w.settings.bridge_prefix,
    deviceTimeoutS: w.settings.device_timeout_s,
    rooms: w.rooms,
    onConfirmation: (...args) => handler?.confirm(...args),
    onReading: (...args) => handler?.reading(...args),
    onDeviceError: (...args) => handler?.deviceError(...args),
  });
  handler = createEsp32Commands({
    bridge,
    states: w.states,
    messages: w.messages,
    alerts: w.storage.alerts,
    log,
    bridgePrefix: w.settings.bridge_prefix,
    confirmTimeoutMs: w.options.commandTimeoutMs ?? 5_000,
  });
  w.commands.register(ESP32_SOURCE, handler);
  await w.startService(bridge);
  const commands = handler;
  const stopListening = await commands.listen(w.commands);
  w.started.push({
    name: 'esp32-commands',
    start: async () => {},
    stop: async () => {
      stopListening();
      await commands.stop();
    },
  });
  return { bridge, handler: commands };
}

/**
 * The announcer of the ESP32 entities. app.ts starts it after MQTT discovery: it listens on discovery's
 * `<prefix>/+/+/+/config` filter at QoS 0, and subscribing that filter before discovery does would make
 * the broker send every retained config twice (once more when discovery raises the QoS to 1).
 */
export async function startAnnouncer(
  w: Esp32Wiring,
  bridge: Esp32Bridge,
  sources: readonly AnnounceSource[] = [],
  ownConfigs?: AnnouncerDeps['ownConfigs'],
): Promise<Announcer> {
  const announcer = createAnnouncer({
    sources,
    ...(ownConfigs ? { ownConfigs } : {}),
    messages: w.messages,
    bus: w.bus,
    registry: w.registry,
    states: w.states,
    bridge,
    log: w.log.child({ part: 'announcer' }),
    discoveryPrefix: w.settings.discovery_prefix,
    bridgePrefix: w.settings.bridge_prefix,
    version: w.options.version,
    ...(w.options.announceWindowMs !== undefined ? { cleanupWindowMs: w.options.announceWindowMs } : {}),
    ...(w.options.reannounceDelayMs ? { reannounceDelayMs: w.options.reannounceDelayMs } : {}),
  });
  await w.startService(announcer);
  return announcer;
}

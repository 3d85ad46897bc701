// The composition root's part for MQTT discovery: the consumer with its picture store and its own node
// prefix left out, its actions registered with the command router, started.
import { createDiscoveryActionHandler } from '../adapters/discovery/action-handler.js';
import {
  createDiscoveryConsumer,
  type DiscoveryConsumer,
  type DiscoveryDeps,
} from '../adapters/discovery/discovery-consumer.js';
import { DISCOVERY_SOURCE } from '../adapters/discovery/entity-builder.js';
import { NODE_PREFIX } from '../adapters/esp32/ha-configs.js';
import type { Settings } from '../config/settings.js';
import type { AlertStore } from '../core/alerts.js';
import type { CommandRouter } from '../core/commands.js';
import { LatestImages } from '../core/images.js';
import type { Service } from '../core/ports.js';
import type { AppOptions } from './options.js';

export interface DiscoveryWiring
  extends Pick<DiscoveryDeps, 'messages' | 'registry' | 'states' | 'clock' | 'log' | 'rooms' | 'bus'> {
  settings: Settings;
  options: Pick<AppOptions, 'maxImageBytes' | 'maxImageTotalBytes' | 'onBulkLoad' | 'discoveryMaxWaiting'>;
  commands: CommandRouter;
  storage: { readonly alerts: AlertStore };
  startService: (service: Service) => Promise<void>;
  /** resolves once the app has started: the restore of the discovered entities waits for it */
  afterStart?: Promise<void> | undefined;
}

export async function startDiscovery(w: DiscoveryWiring): Promise<DiscoveryConsumer> {
  const { settings, options } = w;
  const discovery = createDiscoveryConsumer({
    messages: w.messages,
    registry: w.registry,
    states: w.states,
    clock: w.clock,
    log: w.log.child({ part: 'discovery' }),
    prefix: settings.discovery_prefix,
    rooms: w.rooms,
    bus: w.bus,
    ownNodePrefix: NODE_PREFIX,
    images: new LatestImages(options.maxImageBytes, options.maxImageTotalBytes),
    ...(options.onBulkLoad ? { onBulk: options.onBulkLoad } : {}),
    alerts: w.storage.alerts,
    maxWaiting: options.discoveryMaxWaiting,
    deviceRate: { rate: settings.device_rate_limit, burst: settings.device_rate_burst },
    started: w.afterStart,
  });
  w.commands.register(DISCOVERY_SOURCE, createDiscoveryActionHandler(discovery, w.messages));
  await w.startService(discovery);
  return discovery;
}

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
import type { CommandRouter } from '../core/commands.js';
import { LatestImages } from '../core/images.js';
import type { Service } from '../core/ports.js';

export interface DiscoveryWiring extends Omit<DiscoveryDeps, 'images' | 'ownNodePrefix' | 'onBulk'> {
  commands: CommandRouter;
  startService: (service: Service) => Promise<void>;
  /** the largest picture kept, and all of them together (defaults: LatestImages') */
  maxImageBytes?: number | undefined;
  maxImageTotalBytes?: number | undefined;
  onBulkLoad?: ((busy: boolean) => void) | undefined;
}

export async function startDiscovery(w: DiscoveryWiring): Promise<DiscoveryConsumer> {
  const { commands, startService, maxImageBytes, maxImageTotalBytes, onBulkLoad, ...deps } = w;
  const discovery = createDiscoveryConsumer({
    ...deps,
    ownNodePrefix: NODE_PREFIX,
    images: new LatestImages(maxImageBytes, maxImageTotalBytes),
    ...(onBulkLoad ? { onBulk: onBulkLoad } : {}),
  });
  commands.register(DISCOVERY_SOURCE, createDiscoveryActionHandler(discovery, deps.messages));
  await startService(discovery);
  return discovery;
}

// Wiring of the helpers (part of the composition root): the runtime with its storage's store of last states and
// its action handler on the command router (before the announcer, which gets their AnnounceSource), then the
// command topics Home Assistant sends to, and the runtime as a service started before the automations.
import { BRIDGE_IDENTIFIER, BRIDGE_STATUS_TOPIC, NODE_PREFIX } from '../adapters/esp32/ha-configs.js';
import { createHelperAnnounceSource } from '../adapters/helpers/announce.js';
import { listenForHelperCommands } from '../adapters/helpers/commands.js';
import type { StorageService } from '../adapters/storage/storage-service.js';
import { createHelpers, HELPERS_SOURCE, type Helpers } from '../automations/helpers/helpers.js';
import { namedZone, type TimeZone } from '../automations/local-time.js';
import type { Settings } from '../config/settings.js';
import type { Clock } from '../core/clock.js';
import type { CommandRouter } from '../core/commands.js';
import type { EventBus } from '../core/event-bus.js';
import type { CoreEvents } from '../core/events.js';
import type { Logger } from '../core/logger.js';
import type { MessageBus, Service } from '../core/ports.js';
import type { Registry } from '../core/registry.js';
import type { StateStore } from '../core/state-store.js';
import type { AnnounceSource } from '../protocol/ha-discovery/announce.js';

export interface HelperWiring {
  settings: Settings;
  version: string;
  /** keeps the helpers' last states (held in memory while the database cannot be written) */
  storage: Pick<StorageService, 'helperStates'>;
  bus: EventBus<CoreEvents>;
  registry: Registry;
  states: StateStore;
  commands: CommandRouter;
  clock: Clock;
  log: Logger;
  zone?: TimeZone | undefined;
}

/** The helpers and how the announcer is to show them; their actions are registered with the command router. */
export function createAppHelpers(w: HelperWiring): { helpers: Helpers; announce: AnnounceSource } {
  const helpers = createHelpers({
    registry: w.registry,
    states: w.states,
    bus: w.bus,
    clock: w.clock,
    store: w.storage.helperStates,
    log: w.log.child({ part: 'helpers' }),
    // input_datetime's timestamps: the home's zone when the settings name one (as Home Assistant's core config)
    zone: w.zone ?? (w.settings.time_zone ? namedZone(w.settings.time_zone) : undefined),
  });
  w.commands.register(HELPERS_SOURCE, helpers.handler);
  const announce = createHelperAnnounceSource({
    discoveryPrefix: w.settings.discovery_prefix,
    version: w.version,
    // under Switchyard's own node prefix: its discovery consumer leaves these configs out
    node: `${NODE_PREFIX}helpers`,
    viaDevice: BRIDGE_IDENTIFIER,
    availabilityTopic: BRIDGE_STATUS_TOPIC,
  });
  return { helpers, announce };
}

/** Listens on the helpers' command topics and starts the runtime (stopped after the automations). */
export async function startHelpers(
  helpers: Helpers,
  w: { messages: MessageBus; registry: Registry; commands: CommandRouter; log: Logger },
  startService: (service: Service) => Promise<void>,
): Promise<void> {
  const off = await listenForHelperCommands({ ...w, log: w.log.child({ part: 'helpers' }) });
  await startService({
    name: 'helpers',
    start: () => helpers.start(),
    stop: async () => {
      off();
      await helpers.stop();
    },
  });
}

// The home's sun (part of the composition root): its location from the settings, else (as an add-on) from Home
// Assistant's core config through the Supervisor; the astronomy-engine calculator for it; the `sun.sun` entity.
// Without a location there is no sun: sun triggers and conditions say so in the automations' diagnostics.
import { createSunCalculator } from '../adapters/sun/astronomy.js';
import { createSunEntity, removeSunEntity } from '../adapters/sun/sun-entity.js';
import { mergeLocation, waitForCoreLocation } from '../adapters/supervisor/core-config.js';
import { namedZone, processZone } from '../automations/local-time.js';
import { SunHolder, type HomeLocation, type HomeSun, type SunSource } from '../automations/sun.js';
import type { Settings } from '../config/settings.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Service } from '../core/ports.js';
import type { Registry } from '../core/registry.js';
import type { StateStore } from '../core/state-store.js';

export interface SunWiring {
  settings: Settings;
  env: { SUPERVISOR_TOKEN?: string | undefined; SUPERVISOR_URL?: string | undefined };
  registry: Registry;
  states: StateStore;
  clock: Clock;
  log: Logger;
  /** attempts and pause while Home Assistant's core is not answering (tests shorten them) */
  supervisorAttempts?: number | undefined;
  supervisorDelayMs?: number | undefined;
}

export function homeSun(location: HomeLocation): HomeSun {
  const zone = (location.time_zone && namedZone(location.time_zone)) || processZone;
  return { location, calculator: createSunCalculator(location), zone };
}

/**
 * The sun source the automations get (undefined: no location will come) and the service that keeps `sun.sun`.
 * Settings with latitude and longitude are used as they are; else, running as an add-on, the core config is asked
 * in the background (Home Assistant's core may start after the add-on), the settings' fields winning.
 */
export function createSun(w: SunWiring): { source: SunSource | undefined; service: Service } {
  const log = w.log.child({ part: 'sun' });
  const token = w.env.SUPERVISOR_TOKEN?.trim();
  const fromSettings = mergeLocation(w.settings, undefined);
  const source = fromSettings || token ? new SunHolder() : undefined;
  const abort = new AbortController();
  let entity: Service | undefined;

  const use = async (location: HomeLocation, from: string): Promise<void> => {
    if (abort.signal.aborted || !source) return;
    const sun = homeSun(location);
    log.info("the home's location is known", { from, ...location });
    entity = createSunEntity({ sun, registry: w.registry, states: w.states, clock: w.clock });
    await entity.start();
    source.set(sun);
  };

  const service: Service = {
    name: 'sun',
    async start() {
      if (fromSettings) return use(fromSettings, 'settings');
      if (!token) {
        removeSunEntity(w.registry, w.states);
        log.info("no home location (latitude/longitude): no sun.sun, sun triggers and conditions can't be set up");
        return;
      }
      const url = w.env.SUPERVISOR_URL?.trim() || 'http://supervisor';
      void waitForCoreLocation({
        url,
        token,
        log,
        signal: abort.signal,
        attempts: w.supervisorAttempts,
        delayMs: w.supervisorDelayMs,
      })
        .then((core) => {
          const location = mergeLocation(w.settings, core);
          if (location) return use(location, 'home assistant');
          log.warn("the home's location is not known: sun triggers wait and sun conditions fail until a restart");
        })
        .catch((err: unknown) => log.error('sun setup failed', { err: String(err) }));
    },
    async stop() {
      abort.abort();
      await entity?.stop();
    },
  };
  return { source, service };
}

/**
 * The `sun.sun` entity, as Home Assistant's `components/sun/entity.py` keeps it:
 * - state `above_horizon` when the (refracted) elevation is above -0.833°, else `below_horizon`;
 * - attributes `next_dawn`, `next_dusk`, `next_midnight`, `next_noon`, `next_rising`, `next_setting` (UTC
 *   isoformat), `elevation` and `azimuth` (rounded to 2 decimals), `rising` (next noon before next midnight);
 * - `update_events`: the next of each solar event (astronomical/nautical/civil dawn, sunrise, the sun rising
 *   through +10°, noon, setting through +10°, sunset, civil/nautical/astronomical dusk, midnight); the earliest
 *   is the next change, and the event before it tells the phase the sun is in now. It runs again at that change.
 * - `update_sun_position`: elevation and azimuth now, then again after the phase's interval (night 20 min,
 *   astronomical twilight 8, nautical 4, civil twilight and low sun 2, day 4) unless the next change comes
 *   within 1.25 intervals.
 * Searches start a minute after now so that the event that woke the update is not found again (astronomy-engine
 * finds an event to about a second).
 */
import { localEntity } from '../../core/model.js';
import type { HomeSun, SunEvent } from '../../automations/sun.js';
import { isoUtc } from '../../automations/sun.js';
import { at, type Timer } from '../../automations/timers.js';
import type { Clock } from '../../core/clock.js';
import type { Service } from '../../core/ports.js';
import type { Registry } from '../../core/registry.js';
import type { StateStore } from '../../core/state-store.js';

export const SUN_ENTITY_ID = 'sun.sun';
export const SUN_SOURCE = 'sun';

type Phase = 'night' | 'astronomical_twilight' | 'nautical_twilight' | 'twilight' | 'small_day' | 'day';
const MINUTE = 60_000;
const PHASE_UPDATES: Readonly<Record<Phase, number>> = {
  night: 20 * MINUTE,
  astronomical_twilight: 8 * MINUTE,
  nautical_twilight: 4 * MINUTE,
  twilight: 2 * MINUTE,
  small_day: 2 * MINUTE,
  day: 4 * MINUTE,
};
const AFTER_MS = MINUTE;
const YEAR_DAYS = 367;

type Attribute = 'next_dawn' | 'next_rising' | 'next_noon' | 'next_setting' | 'next_dusk' | 'next_midnight';
/** entity.py `update_events`, in its order: the event, the phase before it, the attribute it sets. */
const CYCLE: readonly (readonly [SunEvent, Phase | null, Attribute | null])[] = [
  [{ kind: 'dawn', depression: 18 }, 'night', null],
  [{ kind: 'dawn', depression: 12 }, 'astronomical_twilight', null],
  [{ kind: 'dawn', depression: 6 }, 'nautical_twilight', 'next_dawn'],
  [{ kind: 'sunrise' }, 'twilight', 'next_rising'],
  [{ kind: 'dawn', depression: -10 }, 'small_day', null],
  [{ kind: 'noon' }, null, 'next_noon'],
  [{ kind: 'dusk', depression: -10 }, 'day', null],
  [{ kind: 'sunset' }, 'small_day', 'next_setting'],
  [{ kind: 'dusk', depression: 6 }, 'twilight', 'next_dusk'],
  [{ kind: 'dusk', depression: 12 }, 'nautical_twilight', null],
  [{ kind: 'dusk', depression: 18 }, 'astronomical_twilight', null],
  [{ kind: 'midnight' }, null, 'next_midnight'],
];

/** entity.py: the phase from the elevation at the next change, when that change is noon or midnight. */
function phaseAt(elevation: number): Phase {
  if (elevation >= 10) return 'day';
  if (elevation >= 0) return 'small_day';
  if (elevation >= -6) return 'twilight';
  if (elevation >= -12) return 'nautical_twilight';
  if (elevation >= -18) return 'astronomical_twilight';
  return 'night';
}

export interface SunEntityDeps {
  readonly sun: HomeSun;
  readonly registry: Registry;
  readonly states: StateStore;
  readonly clock: Clock;
}

/** Keeps `sun.sun` in the registry and the state store while started. */
export function createSunEntity(deps: SunEntityDeps): Service {
  const { sun, states, clock } = deps;
  const calc = sun.calculator;
  let events: Partial<Record<Attribute, string | null>> = {};
  let rising = false;
  let phase: Phase = 'night';
  let nextChange = 0;
  let eventsTimer: Timer | undefined;
  let positionTimer: Timer | undefined;

  const updatePosition = (): void => {
    positionTimer = undefined;
    const now = clock.now().getTime();
    const { elevation, azimuth } = calc.position(now);
    const shown = { elevation: Math.round(elevation * 100) / 100, azimuth: Math.round(azimuth * 100) / 100 };
    states.set(SUN_ENTITY_ID, shown.elevation > -0.833 ? 'above_horizon' : 'below_horizon', {
      ...events,
      ...shown,
      rising,
      friendly_name: 'Sun',
    });
    const delta = PHASE_UPDATES[phase];
    if (now + delta * 1.25 > nextChange) return;
    positionTimer = at(clock, now + delta, updatePosition);
  };

  const updateEvents = (): void => {
    const now = clock.now().getTime();
    nextChange = now + 400 * 86_400_000;
    let before: Phase | null = null;
    const found: Partial<Record<Attribute, number>> = {};
    for (const [event, phaseBefore, attribute] of CYCLE) {
      const when = calc.next(event, now + AFTER_MS, YEAR_DAYS);
      if (when === undefined) continue;
      if (attribute) found[attribute] = when;
      if (when < nextChange) {
        nextChange = when;
        before = phaseBefore;
      }
    }
    phase = before ?? phaseAt(calc.position(nextChange).elevation);
    const noon = found.next_noon;
    const midnight = found.next_midnight;
    rising = noon !== undefined && midnight !== undefined && noon < midnight;
    const iso = (ms: number | undefined): string | null => (ms === undefined ? null : isoUtc(ms));
    events = {
      next_dawn: iso(found.next_dawn),
      next_dusk: iso(found.next_dusk),
      next_midnight: iso(found.next_midnight),
      next_noon: iso(found.next_noon),
      next_rising: iso(found.next_rising),
      next_setting: iso(found.next_setting),
    };
    positionTimer?.cancel();
    updatePosition();
    eventsTimer = at(clock, nextChange, updateEvents);
  };

  return {
    name: 'sun',
    async start() {
      const existing = deps.registry.entity(SUN_ENTITY_ID);
      if (!existing || existing.source !== SUN_SOURCE) {
        deps.registry.upsertEntity(
          localEntity({
            entity_id: SUN_ENTITY_ID,
            domain: 'sun',
            name: 'Sun',
            source: SUN_SOURCE,
          }),
        );
      }
      updateEvents();
    },
    async stop() {
      eventsTimer?.cancel();
      positionTimer?.cancel();
      eventsTimer = undefined;
      positionTimer = undefined;
    },
  };
}

/** A `sun.sun` left from an earlier start with a location, when there is none now. */
export function removeSunEntity(registry: Registry, states: StateStore): void {
  if (registry.entity(SUN_ENTITY_ID)?.source !== SUN_SOURCE) return;
  registry.removeEntity(SUN_ENTITY_ID);
  states.remove(SUN_ENTITY_ID);
}

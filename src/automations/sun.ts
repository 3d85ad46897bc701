/**
 * The sun as Home Assistant's automations see it. The astronomy is a port, `SunCalculator` (astronomy-engine in
 * `adapters/sun/`); what is built on it follows Home Assistant:
 * - `helpers/sun.py` `get_astral_event_date(hass, event, date)`: astral's `Location.<event>(date, local=False)`,
 *   the event whose *UTC* date is `date` (astral ≥ 2.2 searches the day before or after until the date matches),
 *   None when there is none that day (polar day or night): `eventOnUtcDate`.
 * - `get_astral_event_next(hass, event, now, offset)`: the first event whose time plus `offset` is after `now`
 *   (searched for a year): `nextSunEvent`, what the `sun` trigger schedules (`helpers/event.py` `async_track_sunrise`
 *   / `async_track_sunset` plan the next one after each firing).
 * - `components/sun/condition.py` `sun()`: `sunCondition`, rule by rule (below).
 */
import type { Condition } from './model.js';
import { fromUtc, type TimeZone } from './local-time.js';

const DAY = 86_400_000;

/** A solar event: rise/set (upper limb, standard refraction), the centre through an altitude, noon or midnight. */
export type SunEvent =
  | { readonly kind: 'sunrise' | 'sunset' }
  /** astral's dawn/dusk with `solar_depression`: the centre rising/setting through `-depression` degrees */
  | { readonly kind: 'dawn' | 'dusk'; readonly depression: number }
  | { readonly kind: 'noon' | 'midnight' };

export interface SunPosition {
  /** degrees above the horizon, with atmospheric refraction */
  readonly elevation: number;
  /** degrees clockwise from north */
  readonly azimuth: number;
}

/** The astronomy for one place (the port; `adapters/sun/astronomy.ts`). */
export interface SunCalculator {
  position(epochMs: number): SunPosition;
  /** the first time after `afterMs` that the event happens, within `limitDays`; undefined when it does not */
  next(event: SunEvent, afterMs: number, limitDays: number): number | undefined;
}

/** Home Assistant's core config fields the sun needs. */
export interface HomeLocation {
  readonly latitude: number;
  readonly longitude: number;
  /** metres above sea level; astral treats it as the observer's height above the horizon */
  readonly elevation: number;
  /** IANA zone the days are counted in; the process's (TZ) when absent */
  readonly time_zone?: string | undefined;
  /** the home zone's radius in metres (Home Assistant's core config `radius`); zone.home uses 100 when absent */
  readonly radius?: number | undefined;
  /** Home Assistant's `location_name`, zone.home's name; "Home" when absent */
  readonly name?: string | undefined;
}

/** The home's sun: the calculator for its place and the zone its days are counted in. */
export interface HomeSun {
  readonly location: HomeLocation;
  readonly calculator: SunCalculator;
  readonly zone: TimeZone;
}

/**
 * Where triggers and conditions find the home's sun. `current()` is undefined while the location is not known yet
 * (the add-on asks Home Assistant's core config through the Supervisor, which may answer only once the core runs);
 * `ready` calls back once it is known (at once when it is). No source at all means no location will come.
 */
export interface SunSource {
  current(): HomeSun | undefined;
  ready(fn: (sun: HomeSun) => void): () => void;
}

/** A source that is set once the location is known. */
export class SunHolder implements SunSource {
  private sun: HomeSun | undefined;
  private readonly waiting = new Set<(sun: HomeSun) => void>();

  current(): HomeSun | undefined {
    return this.sun;
  }

  set(sun: HomeSun): void {
    this.sun = sun;
    const waiting = [...this.waiting];
    this.waiting.clear();
    for (const fn of waiting) fn(sun);
  }

  ready(fn: (sun: HomeSun) => void): () => void {
    if (this.sun) {
      fn(this.sun);
      return () => {};
    }
    this.waiting.add(fn);
    return () => void this.waiting.delete(fn);
  }
}

export const NO_LOCATION =
  "the home's location is not known: set latitude and longitude (as an add-on they come from Home Assistant)";
export const LOCATION_PENDING = "the home's location is not known yet (waiting for Home Assistant's core config)";

/** astral `Location.sunrise/sunset(date, local=False)`: the event on the UTC day starting at `utcDayMs`. */
export function eventOnUtcDate(sun: HomeSun, kind: 'sunrise' | 'sunset', utcDayMs: number): number | undefined {
  const found = sun.calculator.next({ kind }, utcDayMs, 1);
  return found !== undefined && found < utcDayMs + DAY ? found : undefined;
}

/** `get_astral_event_next`: the first event with `event + offset > afterMs` (within a year), plus the offset. */
export function nextSunEvent(
  sun: HomeSun,
  kind: 'sunrise' | 'sunset',
  afterMs: number,
  offsetMs: number,
): number | undefined {
  const from = afterMs - offsetMs;
  let found = sun.calculator.next({ kind }, from, 367);
  // strictly after: a search that starts at an event may find that event again
  if (found !== undefined && found <= from) found = sun.calculator.next({ kind }, found + 1_000, 367);
  return found === undefined ? undefined : found + offsetMs;
}

/** The UTC midnight of the local date of `epochMs` in `zone` (Python's `as_local(utcnow).date()` as a key). */
export function localDateKey(zone: TimeZone, epochMs: number): number {
  const wall = fromUtc(zone, epochMs).wall;
  return wall - (((wall % DAY) + DAY) % DAY);
}

/** Home Assistant's datetime `isoformat()` of a UTC instant: `2015-09-16T13:33:18.342000+00:00`. */
export function isoUtc(epochMs: number): string {
  const text = new Date(epochMs).toISOString();
  const ms = text.slice(20, 23);
  return `${text.slice(0, 19)}${ms === '000' ? '' : `.${ms}000`}+00:00`;
}

export interface SunConditionOptions {
  readonly before?: 'sunrise' | 'sunset' | undefined;
  readonly after?: 'sunrise' | 'sunset' | undefined;
  readonly before_offset?: number | undefined;
  readonly after_offset?: number | undefined;
}

/** What a sun condition found: its verdict and the times it compared (the keys Home Assistant's trace shows). */
export interface SunConditionResult {
  now: string;
  wanted_time_before?: string;
  wanted_time_after?: string;
  pass: boolean;
  message?: string;
}

/**
 * `components/sun/condition.py` `sun()`. "Today" is the local date of now; its sunrise and sunset are the events on
 * the UTC day of that date (astral); an event whose local date is before today is replaced by the next day's when
 * the condition uses it. Then:
 * - `before: sunrise` + `after: sunset` is "before sunrise OR after sunset" (the special case);
 * - otherwise every bound given must hold: now ≤ event + before_offset, now ≥ event + after_offset (Home Assistant
 *   returns false when now is past a bound, so the boundary instant itself passes), checked in the order before
 *   sunrise, before sunset, after sunrise, after sunset, each wanted time recorded as it is checked.
 * Polar day or night (no sunrise or sunset that day): false, "no sunrise today" / "no sunset today", as Home
 * Assistant means it (its code as written stumbles on the missing event before it gets there: `as_local(None)`).
 */
export function sunCondition(sun: HomeSun, nowMs: number, opts: SunConditionOptions): SunConditionResult {
  const { before, after } = opts;
  const beforeOffset = opts.before_offset ?? 0;
  const afterOffset = opts.after_offset ?? 0;
  const today = localDateKey(sun.zone, nowMs);
  const uses = (event: 'sunrise' | 'sunset'): boolean => before === event || after === event;
  const eventOf = (kind: 'sunrise' | 'sunset'): number | undefined => {
    const found = eventOnUtcDate(sun, kind, today);
    if (found !== undefined && uses(kind) && today > localDateKey(sun.zone, found))
      return eventOnUtcDate(sun, kind, today + DAY);
    return found;
  };
  const sunrise = eventOf('sunrise');
  const sunset = eventOf('sunset');
  const result: SunConditionResult = { now: isoUtc(nowMs), pass: false };

  if (before === 'sunrise' && after === 'sunset') {
    if (sunrise === undefined && sunset === undefined) return { ...result, message: 'no sunrise or sunset today' };
    const wantedBefore = sunrise === undefined ? undefined : sunrise + beforeOffset;
    const wantedAfter = sunset === undefined ? undefined : sunset + afterOffset;
    if (wantedBefore !== undefined) result.wanted_time_before = isoUtc(wantedBefore);
    if (wantedAfter !== undefined) result.wanted_time_after = isoUtc(wantedAfter);
    result.pass =
      (wantedBefore !== undefined && nowMs < wantedBefore) || (wantedAfter !== undefined && nowMs > wantedAfter);
    return result;
  }
  if (sunrise === undefined && uses('sunrise')) return { ...result, message: 'no sunrise today' };
  if (sunset === undefined && uses('sunset')) return { ...result, message: 'no sunset today' };

  const checks: [bound: 'before' | 'after', event: 'sunrise' | 'sunset'][] = [
    ['before', 'sunrise'],
    ['before', 'sunset'],
    ['after', 'sunrise'],
    ['after', 'sunset'],
  ];
  for (const [bound, event] of checks) {
    if (opts[bound] !== event) continue;
    const at = (event === 'sunrise' ? sunrise : sunset) ?? 0;
    const wanted = at + (bound === 'before' ? beforeOffset : afterOffset);
    result[bound === 'before' ? 'wanted_time_before' : 'wanted_time_after'] = isoUtc(wanted);
    if (bound === 'before' ? nowMs > wanted : nowMs < wanted) return result;
  }
  result.pass = true;
  return result;
}

/** Whether any of the conditions (at any depth) is a sun condition. */
export function usesSun(conditions: readonly Condition[]): boolean {
  return conditions.some((c) =>
    c.condition === 'sun' ? c.enabled : 'conditions' in c && c.enabled && usesSun(c.conditions),
  );
}

/** Times of day and weekdays in local time, for time conditions and time triggers. */
import type { StateStore } from '../../core/state-store.js';

export const DAY_MS = 86_400_000;
/** Weekday names by `Date.getDay()` (0 = Sunday). */
export const WEEKDAY_BY_DAY = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** Milliseconds since local midnight. */
export function msOfDay(date: Date): number {
  return ((date.getHours() * 60 + date.getMinutes()) * 60 + date.getSeconds()) * 1000 + date.getMilliseconds();
}

/** "HH:MM[:SS[.fff]]" → ms since midnight, undefined when it is not a time of day. */
export function parseTimeOfDay(text: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?$/.exec(text.trim());
  if (!m) return undefined;
  const [h, min, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  if (h > 23 || min > 59 || s > 59) return undefined;
  return ((h * 60 + min) * 60 + s) * 1000 + Math.round(Number(`0.${m[4] ?? '0'}`) * 1000);
}

/** "HH:MM:SS" of ms since midnight. */
export function formatTimeOfDay(ms: number): string {
  const s = Math.floor(ms / 1000);
  return [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60].map((n) => String(n).padStart(2, '0')).join(':');
}

/**
 * The time of day an entity holds: a time ("07:30:00", input_datetime / time entities) or the local
 * time of a date-time (timestamp sensors). Undefined when its state is neither.
 */
export function entityTimeOfDay(states: StateStore, entityId: string): number | undefined {
  const state = states.get(entityId)?.state;
  if (state === undefined) return undefined;
  const time = parseTimeOfDay(state);
  if (time !== undefined) return time;
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(state)) return undefined;
  const at = Date.parse(state.replace(' ', 'T'));
  return Number.isNaN(at) ? undefined : msOfDay(new Date(at));
}

/** A time of day, or an entity holding one. */
export function timeOrEntity(states: StateStore, value: string): number | undefined {
  return parseTimeOfDay(value) ?? entityTimeOfDay(states, value);
}

/**
 * Home Assistant's window: after ≤ now < before; without `after` from midnight, without `before` to
 * midnight; when after ≥ before the window spans midnight.
 */
export function inWindow(now: number, after: number | undefined, before: number | undefined): boolean {
  const from = after ?? 0;
  const to = before ?? DAY_MS;
  return from < to ? from <= now && now < to : !(to <= now && now < from);
}

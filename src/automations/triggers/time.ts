/**
 * Schedules in local time, as Home Assistant's `components/homeassistant/triggers/time.py` and
 * `time_pattern.py` do through `helpers/event.py`:
 * - time: `at` a time of day is `async_track_time_change(hour, minute, second)` (daily, local), as is an entity
 *   holding a time of day (its `offset` added on the wall clock, wrapping round midnight); an entity holding a
 *   date-time fires once (`async_track_point_in_time`); a template is rendered when the trigger is set up;
 *   `weekday` filters on the local day of the firing.
 * - time_pattern: `async_track_time_change(hours, minutes, seconds)`, each field `*`, a value or `/n`.
 * Local times, with the daylight-saving changes, follow dt.py's `find_next_time_expression_time`
 * (`../local-time.ts`): a time in the spring's skipped hour does not fire that day, one in the autumn's
 * repeated hour fires in both passes.
 */
import type { Clock } from '../../core/clock.js';
import { STATE_UNAVAILABLE, STATE_UNKNOWN } from '../../core/state.js';
import { parseTimeOfDay, WEEKDAY_BY_DAY } from '../conditions/time-window.js';
import { PyDatetime } from '../../protocol/template/datetime-value.js';
import { parseDatetime } from '../../protocol/template/ha-time.js';
import { resolveDuration } from '../durations.js';
import { parseIsoDatetime } from '../../protocol/template/datetime-parse.js';
import {
  dailyAt,
  localDay,
  nextTimeChange,
  parseTimeExpression,
  processZone,
  toUtc,
  type TimeExpression,
  type TimeZone,
} from '../local-time.js';
import type { TimeAt, TimeMatch, Trigger } from '../model.js';
import { at, type Timer } from '../timers.js';
import { fireOf, type ArmFunction, type ArmedTrigger, type TriggerRuntime } from './types.js';

type TimeTrigger = Extract<Trigger, { trigger: 'time' }>;
type PatternTrigger = Extract<Trigger, { trigger: 'time_pattern' }>;

/** The local zone triggers schedule in: the process's, which stands for Home Assistant's configured zone. */
const ZONE: TimeZone = processZone;

/** A time_pattern's fields as dt.py `parse_time_expression` gives them. */
export function patternExpression(p: { hours: TimeMatch; minutes: TimeMatch; seconds: TimeMatch }): TimeExpression {
  return {
    hours: parseTimeExpression(p.hours, 23),
    minutes: parseTimeExpression(p.minutes, 59),
    seconds: parseTimeExpression(p.seconds, 59),
  };
}

/** The first time after `now` (from the next whole second) that the pattern matches in `zone`. */
export function nextPatternTime(
  now: Date,
  p: { hours: TimeMatch; minutes: TimeMatch; seconds: TimeMatch },
  zone: TimeZone = ZONE,
): Date {
  return new Date(nextTimeChange(zone, now.getTime(), patternExpression(p)));
}

type Next = (after: number) => number | undefined;

/** Fires at each time `next` gives, from `clock` on, until stopped. */
function repeating(clock: Clock, next: Next, onTime: (when: number) => void): ArmedTrigger {
  let timer: Timer | undefined;
  let stopped = false;
  const plan = (after: number): void => {
    const when = next(after);
    if (when === undefined || stopped) return;
    timer = at(clock, when, () => {
      if (stopped) return;
      onTime(when);
      plan(when);
    });
  };
  plan(clock.now().getTime());
  return {
    stop() {
      stopped = true;
      timer?.cancel();
    },
  };
}

/** event.py `async_track_time_change`: every local time the expression matches. */
const timeChange = (clock: Clock, expr: TimeExpression, onTime: (when: number) => void): ArmedTrigger =>
  repeating(clock, (after) => nextTimeChange(ZONE, after, expr), onTime);

export const armTimePattern: ArmFunction<PatternTrigger> = (t, base, rt, _vars, fire) =>
  timeChange(rt.clock, patternExpression(t), (when) =>
    fire(fireOf(base, 'time pattern', { now: new PyDatetime(when, true) }, null)),
  );

/** When an entity's state says to fire: daily at a time of day, or once at a date-time. */
function entitySchedule(rt: TriggerRuntime, entityId: string, offsetMs: number): Next | undefined {
  const state = rt.states.get(entityId)?.state;
  if (state === undefined || state === STATE_UNKNOWN || state === STATE_UNAVAILABLE) return undefined;
  const time = parseTimeOfDay(state);
  // time.py: the offset moves the wall-clock time ("apply the offset even if it wraps around to the next day")
  if (time !== undefined) {
    const expr = dailyAt(Math.floor(time / 1000) * 1000 + offsetMs);
    return (after) => nextTimeChange(ZONE, after, expr);
  }
  const w = parseIsoDatetime(state.trim());
  if (!w) return undefined;
  // time.py: a date-time without UTC offset (input_datetime) is `datetime(..., tzinfo=default zone) + offset`,
  // added on the wall clock and read with fold 0; one with an offset (a timestamp sensor) is an instant
  const wall = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) + Math.floor(w.micro / 1000);
  const when =
    w.offset === null ? toUtc(ZONE, { wall: wall + offsetMs, fold: 0 }) : PyDatetime.fromWall(w).epochMs + offsetMs;
  return (after) => (when > after ? when : undefined);
}

export const armTime: ArmFunction<TimeTrigger> = (t, base, rt, vars, fire) => {
  const parts: ArmedTrigger[] = [];
  const dayOk = (when: number): boolean =>
    t.weekday === undefined || t.weekday.includes(WEEKDAY_BY_DAY[localDay(ZONE, when)] ?? 'mon');
  const onTime = (entityId: string | null) => (when: number) => {
    if (!dayOk(when)) return;
    const variables = { now: new PyDatetime(when, true), ...(entityId ? { entity_id: entityId } : {}) };
    fire(fireOf(base, entityId ? `time set in ${entityId}` : 'time', variables, null));
  };
  const fixed = (ms: number): void => void parts.push(timeChange(rt.clock, dailyAt(ms), onTime(null)));

  const armAt = (entry: TimeAt): void => {
    if (entry.kind === 'time') {
      fixed(parseTimeOfDay(entry.time) ?? 0);
      return;
    }
    if (entry.kind === 'template') {
      const value = rt.templates.compile(entry.template).native(vars);
      const time = typeof value === 'string' ? parseTimeOfDay(value) : undefined;
      if (time !== undefined) {
        fixed(time);
        return;
      }
      const dt = parseDatetime(value);
      if (!dt) {
        rt.log.warn('time trigger: template gave no time', { template: entry.template, value: String(value) });
        return;
      }
      parts.push(repeating(rt.clock, (after) => (dt.epochMs > after ? dt.epochMs : undefined), onTime(null)));
      return;
    }
    const offset = entry.offset ? resolveDuration(entry.offset, rt.templates, vars) : 0;
    let current: ArmedTrigger | undefined;
    const replan = (): void => {
      current?.stop();
      const schedule = entitySchedule(rt, entry.entity_id, offset);
      current = schedule ? repeating(rt.clock, schedule, onTime(entry.entity_id)) : undefined;
    };
    replan();
    const off = rt.index.watchEntity(entry.entity_id, replan);
    parts.push({
      stop() {
        off();
        current?.stop();
      },
    });
  };
  for (const entry of t.at) armAt(entry);
  return {
    stop() {
      for (const part of parts) part.stop();
    },
  };
};

/**
 * Schedules in local time.
 * - time: `at` a time of day (daily), an entity holding a time of day (daily) or a date-time
 *   (once, plus `offset`), or a template rendered when the trigger is set up; `weekday` filters days.
 * - time_pattern: every second whose hours/minutes/seconds match (`*`, a value, or `/n` = divisible by n).
 */
import type { Clock } from '../../core/clock.js';
import { STATE_UNAVAILABLE, STATE_UNKNOWN } from '../../core/state.js';
import { parseTimeOfDay, WEEKDAY_BY_DAY } from '../conditions/time-window.js';
import { PyDatetime } from '../../protocol/template/datetime-value.js';
import { parseDatetime } from '../../protocol/template/ha-time.js';
import { resolveDuration } from '../durations.js';
import type { TimeAt, TimeMatch, Trigger } from '../model.js';
import { at, type Timer } from '../timers.js';
import { fireOf, type ArmFunction, type ArmedTrigger, type TriggerRuntime } from './types.js';

type TimeTrigger = Extract<Trigger, { trigger: 'time' }>;
type PatternTrigger = Extract<Trigger, { trigger: 'time_pattern' }>;

/** The next local date-time after `now` at `msOfDay` since midnight. */
export function nextDaily(now: Date, msOfDay: number): Date {
  const s = Math.floor(msOfDay / 1000);
  const make = (dayOffset: number): Date => {
    const d = new Date(now.getTime());
    d.setDate(d.getDate() + dayOffset);
    d.setHours(Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60, msOfDay % 1000);
    return d;
  };
  const today = make(0);
  return today.getTime() > now.getTime() ? today : make(1);
}

const fits = (m: TimeMatch, v: number): boolean => m.kind === 'any' || (m.kind === 'value' ? v === m.value : v % m.every === 0);

/** The first local second strictly after `now` that matches the pattern (undefined if none within two days). */
export function nextPatternTime(now: Date, p: { hours: TimeMatch; minutes: TimeMatch; seconds: TimeMatch }): Date | undefined {
  const start = new Date(now.getTime());
  start.setMilliseconds(0);
  start.setSeconds(start.getSeconds() + 1);
  const [sh, sm, ss] = [start.getHours(), start.getMinutes(), start.getSeconds()];
  for (let day = 0; day < 3; day++) {
    const first = day === 0;
    for (let h = first ? sh : 0; h < 24; h++) {
      if (!fits(p.hours, h)) continue;
      const hourNow = first && h === sh;
      for (let m = hourNow ? sm : 0; m < 60; m++) {
        if (!fits(p.minutes, m)) continue;
        const minuteNow = hourNow && m === sm;
        for (let s = minuteNow ? ss : 0; s < 60; s++) {
          if (!fits(p.seconds, s)) continue;
          const d = new Date(start.getTime());
          d.setDate(d.getDate() + day);
          d.setHours(h, m, s, 0);
          return d;
        }
      }
    }
  }
  return undefined;
}

/** Fires at each time `next` gives, from `clock` on, until stopped. */
function repeating(clock: Clock, next: (after: Date) => Date | undefined, onTime: (when: Date) => void): ArmedTrigger {
  let timer: Timer | undefined;
  let stopped = false;
  const plan = (after: Date): void => {
    const when = next(after);
    if (!when || stopped) return;
    timer = at(clock, when.getTime(), () => {
      if (stopped) return;
      onTime(when);
      plan(when);
    });
  };
  plan(clock.now());
  return {
    stop() {
      stopped = true;
      timer?.cancel();
    },
  };
}

export const armTimePattern: ArmFunction<PatternTrigger> = (t, base, rt, _vars, fire) =>
  repeating(rt.clock, (after) => nextPatternTime(after, t), (when) => fire(fireOf(base, 'time pattern', { now: new PyDatetime(when.getTime(), true) }, null)));

/** When an entity's state says to fire: daily at a time of day, or once at a date-time. */
function entitySchedule(rt: TriggerRuntime, entityId: string, offsetMs: number): ((after: Date) => Date | undefined) | undefined {
  const state = rt.states.get(entityId)?.state;
  if (state === undefined || state === STATE_UNKNOWN || state === STATE_UNAVAILABLE) return undefined;
  const time = parseTimeOfDay(state);
  if (time !== undefined) return (after) => nextDaily(after, time);
  const dt = parseDatetime(state);
  if (!dt) return undefined;
  const when = dt.epochMs + offsetMs;
  return (after) => (when > after.getTime() ? new Date(when) : undefined);
}

export const armTime: ArmFunction<TimeTrigger> = (t, base, rt, vars, fire) => {
  const parts: ArmedTrigger[] = [];
  const dayOk = (when: Date): boolean => t.weekday === undefined || t.weekday.includes(WEEKDAY_BY_DAY[when.getDay()] ?? 'mon');
  const onTime = (entityId: string | null) => (when: Date) => {
    if (!dayOk(when)) return;
    fire(fireOf(base, entityId ? `time set in ${entityId}` : 'time', { now: new PyDatetime(when.getTime(), true), ...(entityId ? { entity_id: entityId } : {}) }, null));
  };
  const fixed = (ms: number): void => void parts.push(repeating(rt.clock, (after) => nextDaily(after, ms), onTime(null)));

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
      parts.push(repeating(rt.clock, (after) => (dt.epochMs > after.getTime() ? new Date(dt.epochMs) : undefined), onTime(null)));
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

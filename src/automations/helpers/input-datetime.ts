/**
 * `input_datetime` (components/input_datetime): a date, a time or both, in the home's time zone. The state is
 * `YYYY-MM-DD`, `HH:MM:SS` or `YYYY-MM-DD HH:MM:SS`; attributes has_date/has_time, year/month/day,
 * hour/minute/second and `timestamp` (seconds since midnight for a time, the POSIX time of the date at
 * midnight or of the date-time otherwise). `initial` wins (converted into the zone when written with an
 * offset), else the last state parsed for the kind it is, else today at midnight. `set_datetime` takes one of
 * date/time (either or both), datetime or timestamp; the parts the helper does not have are dropped and
 * "Nothing to set" is raised when nothing is left.
 */
import { ValidationError } from '../../core/errors.js';
import { fromUtc, toUtc } from '../local-time.js';
import {
  dayOf,
  formatDate,
  formatTime,
  parseDate,
  parseDateTime,
  parseTime,
  timeOf,
  type ParsedDateTime,
} from './datetime-text.js';
import type { HelperConfig } from './schema.js';
import { numberParam, stringParam, type HelperEnv, type HelperKind } from './types.js';

type Config = HelperConfig<'input_datetime'>;

/** config.initial (or a last state) as a wall time, as parse_initial_datetime reads it */
export function parseFor(
  config: Pick<Config, 'has_date' | 'has_time'>,
  text: string,
  today: number,
): ParsedDateTime | undefined {
  if (config.has_date && config.has_time) return parseDateTime(text);
  if (config.has_date) {
    const date = parseDate(text);
    return date === undefined ? undefined : { wall: date };
  }
  const time = parseTime(text);
  return time === undefined ? undefined : { wall: today + time };
}

export const inputDatetime: HelperKind<'input_datetime'> = {
  actions: {
    set_datetime: {
      description: 'set the date and/or time: date, time, datetime or timestamp',
      params: {
        date: { type: 'string' },
        time: { type: 'string' },
        datetime: { type: 'string' },
        timestamp: { type: 'number' },
      },
    },
  },
  create(initialConfig, last, env: HelperEnv) {
    let config: Config = initialConfig;
    const zone = env.zone;
    const today = () => dayOf(fromUtc(zone, env.clock.now().getTime()).wall);
    let wall = today();
    const initial = config.initial ? parseFor(config, config.initial, today()) : undefined;
    if (initial) wall = initial.offset === undefined ? initial.wall : fromUtc(zone, initial.wall - initial.offset).wall;
    else if (last) wall = parseFor(config, last.state, today())?.wall ?? wall;

    const set = (data: Readonly<Record<string, unknown>>) => {
      const what = `${env.entityId} set_datetime`;
      const given = ['date', 'time', 'datetime', 'timestamp'].filter((k) => data[k] !== undefined && data[k] !== null);
      if (given.length === 0)
        throw new ValidationError(`${what}: must contain at least one of date, time, datetime, timestamp`);
      const groups = [
        given.some((k) => k === 'date' || k === 'time'),
        given.includes('datetime'),
        given.includes('timestamp'),
      ];
      if (groups.filter(Boolean).length > 1) throw new ValidationError(`Cannot use together: ${given.join(', ')}`);
      let date: number | undefined;
      let time: number | undefined;
      const parsed = (value: number | undefined, key: string, kind: string): number => {
        if (value === undefined)
          throw new ValidationError(`${what}: '${key}' is not a valid ${kind}: ${JSON.stringify(data[key])}`);
        return value;
      };
      if (data['date'] !== undefined) date = parsed(parseDate(stringParam(data, 'date', what)), 'date', 'date');
      if (data['time'] !== undefined) time = parsed(parseTime(stringParam(data, 'time', what)), 'time', 'time');
      let at: number | undefined;
      if (data['timestamp'] !== undefined) {
        const seconds = numberParam(data, 'timestamp', what);
        if (seconds) at = fromUtc(zone, Math.round(seconds * 1000)).wall; // `if timestamp:` — 0 sets nothing
      }
      if (data['datetime'] !== undefined)
        at = parsed(parseDateTime(stringParam(data, 'datetime', what))?.wall, 'datetime', 'datetime');
      if (at !== undefined) {
        date = dayOf(at);
        time = timeOf(at);
      }
      if (!config.has_date) date = undefined;
      if (!config.has_time) time = undefined;
      if (date === undefined && time === undefined) throw new ValidationError('Nothing to set');
      wall = (date ?? dayOf(wall)) + (time ?? timeOf(wall));
    };

    return {
      state() {
        const { has_date, has_time } = config;
        const d = new Date(wall);
        const state =
          has_date && has_time
            ? `${formatDate(wall)} ${formatTime(wall)}`
            : has_date
              ? formatDate(wall)
              : formatTime(wall);
        const timestamp = !has_date
          ? d.getUTCHours() * 3600 + d.getUTCMinutes() * 60 + d.getUTCSeconds()
          : toUtc(zone, { wall: has_time ? wall : dayOf(wall), fold: 0 }) / 1000;
        return {
          state,
          attributes: {
            has_date,
            has_time,
            ...(has_date ? { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() } : {}),
            ...(has_time ? { hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() } : {}),
            timestamp,
          },
        };
      },
      execute(_action, data) {
        set(data);
      },
      update(next) {
        config = next as Config;
      },
      dispose() {},
    };
  },
};

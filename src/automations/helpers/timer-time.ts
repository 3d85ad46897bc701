/** The timer's time arithmetic as Home Assistant does it (components/timer). */
import { ValidationError } from '../../core/errors.js';
import { isRecord } from '../schema/fields.js';
import { unitsMs } from '../schema/values.js';

/** `_format_timedelta`: `H:MM:SS`, hours unbounded, the fraction of a second dropped. */
export function formatTimedelta(ms: number): string {
  const total = Math.trunc(ms / 1000);
  const sign = total < 0 ? '-' : '';
  const abs = Math.abs(total);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${sign}${Math.floor(abs / 3600)}:${two(Math.floor((abs % 3600) / 60))}:${two(abs % 60)}`;
}

/** cv.time_period (signed): seconds, `[-]H:MM[:SS[.f]]`, or a mapping of days/hours/minutes/seconds/milliseconds. */
export function timePeriodMs(value: unknown, what: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.round(value * 1000);
  if (typeof value === 'string') {
    const text = value.trim();
    if (/^[+-]?\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
    const m = /^([+-])?(\d+):(\d{1,2})(?::(\d{1,2}(?:\.\d+)?))?$/.exec(text);
    if (m) {
      const ms = Number(m[2]) * 3_600_000 + Number(m[3]) * 60_000 + Math.round(Number(m[4] ?? 0) * 1000);
      return m[1] === '-' ? -ms : ms;
    }
  }
  if (isRecord(value)) {
    try {
      return Math.round(unitsMs(value));
    } catch (err) {
      throw new ValidationError(`${what}: ${(err as Error).message}`);
    }
  }
  throw new ValidationError(
    `${what}: expected a duration (seconds, "HH:MM:SS" or hours/minutes/seconds), got ${JSON.stringify(value)}`,
  );
}

/** `dt_util.utcnow().replace(microsecond=0)`: whole seconds */
export const wholeSeconds = (ms: number): number => Math.floor(ms / 1000) * 1000;

/**
 * Python's datetime and timedelta for templates (automations and discovery configs): `now()`, `utcnow()`, `today_at()`,
 * `as_datetime()`, `timedelta()`, and the `last_changed` of state objects. Comparison, `+`/`-` with
 * timedeltas, and the common attributes and methods (hour, weekday(), isoformat(), strftime(), …).
 * Local time is the process time zone (run the add-on with TZ set).
 */
import { fromTimestamp, strftime } from './datetime.js';
import { HostObject, NOT_HANDLED, type HostFunction } from './host.js';
import { PyFloat } from './python-values.js';

/** The method names these values provide, for the template compiler. */
export const DATETIME_METHODS: readonly string[] = ['weekday', 'isoweekday', 'isoformat', 'timestamp', 'strftime', 'date', 'time', 'replace', 'astimezone', 'total_seconds'];

const p2 = (n: number): string => String(n).padStart(2, '0');
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : v instanceof PyFloat ? v.value : typeof v === 'boolean' ? Number(v) : undefined);

export class PyTimedelta extends HostObject {
  readonly typeName = 'timedelta';

  constructor(readonly ms: number) {
    super();
  }

  toPyString(): string {
    // Python normalises to days (negative or not) plus 0 ≤ seconds < 86,400: -1 s is '-1 day, 23:59:59'
    const days = Math.floor(this.ms / 86_400_000);
    const rest = this.ms - days * 86_400_000;
    const h = Math.floor(rest / 3_600_000);
    const m = Math.floor((rest % 3_600_000) / 60_000);
    const s = Math.floor((rest % 60_000) / 1000);
    const micro = Math.round((rest % 1000) * 1000);
    const clock = `${h}:${p2(m)}:${p2(s)}${micro ? `.${String(micro).padStart(6, '0')}` : ''}`;
    return `${days ? `${days} day${Math.abs(days) === 1 ? '' : 's'}, ` : ''}${clock}`;
  }

  override attribute(name: string): unknown {
    const days = Math.floor(this.ms / 86_400_000);
    const rest = this.ms - days * 86_400_000;
    if (name === 'days') return days;
    if (name === 'seconds') return Math.floor(rest / 1000);
    if (name === 'microseconds') return Math.round((rest % 1000) * 1000);
    return undefined;
  }

  override method(name: string): HostFunction | undefined {
    return name === 'total_seconds' ? () => new PyFloat(this.ms / 1000) : undefined;
  }

  override compareKey(): number {
    return this.ms;
  }

  override binary(op: string, other: unknown, reflected: boolean): unknown {
    if (other instanceof PyTimedelta && (op === '+' || op === '-')) {
      return new PyTimedelta(op === '+' ? this.ms + other.ms : reflected ? other.ms - this.ms : this.ms - other.ms);
    }
    const n = num(other);
    if (n !== undefined && op === '*') return new PyTimedelta(this.ms * n);
    if (n !== undefined && op === '/' && !reflected && n !== 0) return new PyTimedelta(this.ms / n);
    return NOT_HANDLED;
  }
}

export class PyDatetime extends HostObject {
  readonly typeName = 'datetime';

  /** `local`: shown in the process time zone; otherwise in UTC */
  constructor(
    readonly epochMs: number,
    readonly local: boolean,
  ) {
    super();
  }

  private parts() {
    return fromTimestamp(this.epochMs / 1000, this.local);
  }

  isoformat(sep = 'T'): string {
    const d = this.parts();
    const offset = d.offset;
    const tz = `${offset < 0 ? '-' : '+'}${p2(Math.floor(Math.abs(offset) / 60))}:${p2(Math.abs(offset) % 60)}`;
    const frac = d.micro ? `.${String(d.micro).padStart(6, '0')}` : '';
    return `${String(d.year).padStart(4, '0')}-${p2(d.month)}-${p2(d.day)}${sep}${p2(d.hour)}:${p2(d.minute)}:${p2(d.second)}${frac}${tz}`;
  }

  toPyString(): string {
    return this.isoformat(' ');
  }

  override attribute(name: string): unknown {
    const d = this.parts();
    switch (name) {
      case 'year':
        return d.year;
      case 'month':
        return d.month;
      case 'day':
        return d.day;
      case 'hour':
        return d.hour;
      case 'minute':
        return d.minute;
      case 'second':
        return d.second;
      case 'microsecond':
        return d.micro;
      default:
        return undefined;
    }
  }

  override method(name: string): HostFunction | undefined {
    const d = () => this.parts();
    switch (name) {
      case 'weekday':
        return () => (d().weekday + 6) % 7;
      case 'isoweekday':
        return () => ((d().weekday + 6) % 7) + 1;
      case 'isoformat':
        return ([sep]) => this.isoformat(typeof sep === 'string' ? sep : 'T');
      case 'timestamp':
        return () => new PyFloat(this.epochMs / 1000);
      case 'strftime':
        return ([format]) => strftime(d(), String(format ?? ''), !this.local);
      case 'date':
        return () => this.isoformat(' ').slice(0, 10);
      case 'time':
        return () => this.isoformat(' ').slice(11, 19);
      case 'astimezone':
        return () => new PyDatetime(this.epochMs, true);
      case 'replace':
        return (_args, kw) => this.replace(kw);
      default:
        return undefined;
    }
  }

  private replace(kw: Readonly<Record<string, unknown>>): PyDatetime {
    const d = this.parts();
    const get = (key: string, fallback: number): number => num(kw[key]) ?? fallback;
    const fields = [get('year', d.year), get('month', d.month) - 1, get('day', d.day), get('hour', d.hour), get('minute', d.minute), get('second', d.second)] as const;
    const ms = Math.round(get('microsecond', d.micro) / 1000);
    const epoch = this.local ? new Date(...fields, ms).getTime() : Date.UTC(...fields, ms);
    return new PyDatetime(epoch, this.local);
  }

  override compareKey(): number {
    return this.epochMs;
  }

  override binary(op: string, other: unknown, reflected: boolean): unknown {
    if (other instanceof PyTimedelta && op === '+') return new PyDatetime(this.epochMs + other.ms, this.local);
    if (other instanceof PyTimedelta && op === '-' && !reflected) return new PyDatetime(this.epochMs - other.ms, this.local);
    if (other instanceof PyDatetime && op === '-') return new PyTimedelta(reflected ? other.epochMs - this.epochMs : this.epochMs - other.epochMs);
    return NOT_HANDLED;
  }
}

/** `timedelta(days=…, hours=…, minutes=…, seconds=…, milliseconds=…, weeks=…)` (positional: days, seconds). */
export function timedelta(args: readonly unknown[], kw: Readonly<Record<string, unknown>>): PyTimedelta {
  const unit: Record<string, number> = { weeks: 604_800_000, days: 86_400_000, hours: 3_600_000, minutes: 60_000, seconds: 1000, milliseconds: 1, microseconds: 0.001 };
  let ms = (num(args[0]) ?? 0) * 86_400_000 + (num(args[1]) ?? 0) * 1000;
  for (const [key, value] of Object.entries(kw)) {
    const factor = unit[key];
    const n = num(value);
    if (factor === undefined || n === undefined) throw new Error(`timedelta() got an unexpected argument '${key}'`);
    ms += n * factor;
  }
  return new PyTimedelta(ms);
}

/** A datetime from an ISO text or a timestamp, undefined when it is neither. */
export function parseDatetime(value: unknown): PyDatetime | undefined {
  if (value instanceof PyDatetime) return value;
  const n = num(value);
  if (n !== undefined) return new PyDatetime(n * 1000, true);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(text)) return undefined;
  const ms = Date.parse(text.includes(' ') ? text.replace(' ', 'T') : text.length === 10 ? `${text}T00:00:00` : text);
  return Number.isNaN(ms) ? undefined : new PyDatetime(ms, true);
}

/** `today_at("07:30")`: today at that local time. */
export function todayAt(now: Date, time: unknown): PyDatetime {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(String(time ?? '00:00').trim());
  if (!m) throw new Error(`today_at: '${String(time)}' is not a time like '07:30'`);
  const d = new Date(now.getTime());
  d.setHours(Number(m[1]), Number(m[2]), Number(m[3] ?? 0), 0);
  return new PyDatetime(d.getTime(), true);
}

/** The time functions Home Assistant gives every template, by name. */
export const TIME_FUNCTIONS = ['now', 'utcnow', 'today_at', 'as_datetime', 'as_local', 'timedelta'] as const;

/** `now()`, `utcnow()`, `today_at()`, `as_datetime()`, `as_local()` and `timedelta()` on the given clock (epoch ms). */
export function timeFunctions(nowMs: () => number): Record<(typeof TIME_FUNCTIONS)[number], HostFunction> {
  return {
    now: () => new PyDatetime(nowMs(), true),
    utcnow: () => new PyDatetime(nowMs(), false),
    today_at: ([time]) => todayAt(new Date(nowMs()), time),
    as_datetime: ([value, fallback]) => {
      const dt = parseDatetime(value);
      if (dt) return dt;
      if (fallback !== undefined) return fallback;
      throw new Error(`as_datetime: '${String(value)}' is not a date/time`);
    },
    as_local: ([value]) => {
      const dt = parseDatetime(value);
      if (!dt) throw new Error(`as_local: '${String(value)}' is not a datetime`);
      return new PyDatetime(dt.epochMs, true);
    },
    timedelta: (args, kw) => timedelta(args, kw),
  };
}

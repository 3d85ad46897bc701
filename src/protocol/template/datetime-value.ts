/**
 * Python's datetime and timedelta for templates (automations and discovery configs): what `now()`,
 * `as_datetime()`, `strptime()`, `timedelta()` and the `last_changed` of state objects give. A datetime is an
 * instant and a zone: the local one (Home Assistant's time zone: the process's; run the add-on with TZ set),
 * a fixed offset (UTC, or '+01:00' read from text), or none (naive: wall-clock fields only, as strptime
 * without %z gives). Comparison, `+`/`-` with timedeltas, attributes and methods as Python has them.
 */
import { PyError } from './errors.js';
import { fromTimestamp, isoFormat, strftime, type Parts } from './datetime.js';
import type { WallTime } from './datetime-parse.js';
import { HostObject, NOT_HANDLED, type HostFunction } from './host.js';
import { PyFloat } from './python-values.js';

export { PyTimedelta, timedelta } from './timedelta.js';
import { PyTimedelta } from './timedelta.js';

/** The method names these values provide, for the template compiler. */
export const DATETIME_METHODS: readonly string[] = [
  'weekday',
  'isoweekday',
  'isoformat',
  'timestamp',
  'strftime',
  'date',
  'time',
  'replace',
  'astimezone',
  'total_seconds',
];

export type Zone =
  | { readonly kind: 'local' }
  | { readonly kind: 'fixed'; readonly offset: number; readonly utc: boolean }
  | { readonly kind: 'naive' };

export const LOCAL: Zone = { kind: 'local' };
export const UTC: Zone = { kind: 'fixed', offset: 0, utc: true };
export const NAIVE: Zone = { kind: 'naive' };

const num = (v: unknown): number | undefined =>
  typeof v === 'number' ? v : v instanceof PyFloat ? v.value : typeof v === 'boolean' ? Number(v) : undefined;

/** Milliseconds since the epoch that the wall-clock `ms` (fields read as UTC) is in the local zone. */
export function localWallToEpoch(wallMs: number): number {
  const whole = Math.floor(wallMs);
  const d = new Date(whole);
  const local = new Date(2000, 0, 1);
  local.setFullYear(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  local.setHours(d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
  return local.getTime() + (wallMs - whole);
}

/** Wall-clock fields of `epochMs` in the local zone, as a UTC-read millisecond count. */
export function epochToLocalWall(epochMs: number): number {
  return epochMs - new Date(Math.floor(epochMs)).getTimezoneOffset() * 60_000;
}

export class PyDatetime extends HostObject {
  readonly typeName = 'datetime';
  readonly zone: Zone;

  /**
   * `epochMs`: the instant (for a naive datetime: its wall-clock fields read as UTC). `local`: in the local
   * zone, else in UTC, unless `zone` says otherwise.
   */
  constructor(
    readonly epochMs: number,
    local: boolean,
    zone?: Zone,
  ) {
    super();
    this.zone = zone ?? (local ? LOCAL : UTC);
  }

  /** A datetime from wall-clock fields in a zone (local, fixed offset, or naive). */
  static fromWall(w: WallTime, zone?: Zone): PyDatetime {
    const wall = new Date(0);
    wall.setUTCFullYear(w.year, w.month - 1, w.day);
    wall.setUTCHours(w.hour, w.minute, w.second, 0);
    const ms = wall.getTime() + w.micro / 1000;
    const z: Zone = zone ?? (w.offset === null ? NAIVE : { kind: 'fixed', offset: w.offset, utc: w.utc });
    if (z.kind === 'naive') return new PyDatetime(ms, false, NAIVE);
    if (z.kind === 'local') return new PyDatetime(localWallToEpoch(ms), true);
    return new PyDatetime(ms - z.offset * 60_000, false, z);
  }

  get local(): boolean {
    return this.zone.kind === 'local';
  }

  get naive(): boolean {
    return this.zone.kind === 'naive';
  }

  /** The wall-clock fields as a UTC-read millisecond count. */
  wallMs(): number {
    const z = this.zone;
    if (z.kind === 'naive') return this.epochMs;
    if (z.kind === 'local') return epochToLocalWall(this.epochMs);
    return this.epochMs + z.offset * 60_000;
  }

  parts(): Parts {
    const z = this.zone;
    if (z.kind === 'local') return fromTimestamp(this.epochMs / 1000, true);
    const p = fromTimestamp(this.wallMs() / 1000, false);
    if (z.kind === 'naive') return { ...p, naive: true };
    const name = z.utc || z.offset === 0 ? 'UTC' : `UTC${isoOffset(z.offset)}`;
    return { ...p, offset: z.offset, epochSeconds: Math.floor(this.epochMs / 1000), zoneName: name };
  }

  isoformat(sep = 'T'): string {
    const iso = isoFormat(this.parts());
    return sep === 'T' ? iso : `${iso.slice(0, 10)}${sep}${iso.slice(11)}`;
  }

  toPyString(): string {
    return this.isoformat(' ');
  }

  /** datetime.timestamp(): a naive datetime is read as local time, as Python does */
  timestamp(): number {
    return (this.zone.kind === 'naive' ? localWallToEpoch(this.epochMs) : this.epochMs) / 1000;
  }

  override attribute(name: string): unknown {
    const d = this.parts();
    const fields: Record<string, number> = {
      year: d.year,
      month: d.month,
      day: d.day,
      hour: d.hour,
      minute: d.minute,
      second: d.second,
      microsecond: d.micro,
    };
    return Object.hasOwn(fields, name) ? fields[name] : undefined;
  }

  override method(name: string): HostFunction | undefined {
    switch (name) {
      case 'weekday':
        return () => (this.parts().weekday + 6) % 7;
      case 'isoweekday':
        return () => ((this.parts().weekday + 6) % 7) + 1;
      case 'isoformat':
        return ([sep]) => this.isoformat(typeof sep === 'string' ? sep : 'T');
      case 'timestamp':
        return () => new PyFloat(this.timestamp());
      case 'strftime':
        return ([format], _kw, env) => {
          const utc = this.zone.kind === 'fixed' && this.zone.utc;
          return strftime(this.parts(), String(format ?? ''), utc, env.zoneNames);
        };
      case 'date':
        return () => this.isoformat(' ').slice(0, 10);
      case 'time':
        return () =>
          this.isoformat(' ')
            .slice(11)
            .replace(/[+-]\d\d:\d\d$/, '');
      case 'astimezone':
        return () => new PyDatetime(this.zone.kind === 'naive' ? localWallToEpoch(this.epochMs) : this.epochMs, true);
      case 'replace':
        return (_args, kw) => this.replace(kw);
      default:
        return undefined;
    }
  }

  private replace(kw: Readonly<Record<string, unknown>>): PyDatetime {
    const d = this.parts();
    const get = (key: string, fallback: number): number => num(kw[key]) ?? fallback;
    const w: WallTime = {
      year: get('year', d.year),
      month: get('month', d.month),
      day: get('day', d.day),
      hour: get('hour', d.hour),
      minute: get('minute', d.minute),
      second: get('second', d.second),
      micro: get('microsecond', d.micro),
      offset: null,
      utc: false,
    };
    if (Object.hasOwn(kw, 'tzinfo') && kw['tzinfo'] === null) return PyDatetime.fromWall(w, NAIVE);
    return PyDatetime.fromWall(w, this.zone);
  }

  /** naive datetimes order among themselves only (Python raises between naive and aware) */
  override compareKey(): number | string {
    return this.zone.kind === 'naive' ? `naive ${String(this.epochMs + 1e15).padStart(24, '0')}` : this.epochMs;
  }

  override binary(op: string, other: unknown, reflected: boolean): unknown {
    if (other instanceof PyTimedelta && (op === '+' || (op === '-' && !reflected))) {
      const delta = op === '+' ? other.ms : -other.ms;
      // aware arithmetic is on the wall clock, as Python's; the local offset is then the one of the result
      if (this.zone.kind === 'local') return new PyDatetime(localWallToEpoch(this.wallMs() + delta), true);
      return new PyDatetime(this.epochMs + delta, false, this.zone);
    }
    if (other instanceof PyDatetime && op === '-') {
      if (this.naive !== other.naive) throw new PyError("can't subtract offset-naive and offset-aware datetimes");
      const [a, b] = reflected ? [other, this] : [this, other];
      const sameZone = a.zone.kind === 'local' && b.zone.kind === 'local';
      return new PyTimedelta(sameZone ? a.wallMs() - b.wallMs() : a.epochMs - b.epochMs);
    }
    return NOT_HANDLED;
  }
}

function isoOffset(minutes: number): string {
  const abs = Math.abs(minutes);
  const p2 = (n: number): string => String(n).padStart(2, '0');
  return `${minutes < 0 ? '-' : '+'}${p2(Math.floor(abs / 60))}:${p2(abs % 60)}`;
}

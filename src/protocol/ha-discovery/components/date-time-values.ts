/**
 * Python's date, time and datetime values as the MQTT date, time and datetime platforms use them: civil
 * fields with an optional fixed UTC offset, `isoformat()` as Python prints it, IANA zones applied like
 * `datetime.replace(tzinfo=ZoneInfo(...))` (fold 0: an ambiguous or skipped wall time takes the offset in
 * force before the transition), and the `value` a command template sees (a date/time object, not text).
 * "Local" is the process time zone, which stands for Home Assistant's configured zone.
 */
import { HostObject, strftime, type Civil, type HostFunction } from '../../template/index.js';

export type { Civil };

/** A datetime: civil fields plus the UTC offset in seconds east, or null when naive. */
export interface PyDatetimeValue extends Civil {
  readonly offset: number | null;
}

const p2 = (n: number): string => String(n).padStart(2, '0');

/** Days in the month (proleptic Gregorian, as Python's calendar.monthrange). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Python's datetime constructor checks. */
export function validCivil(c: Civil): boolean {
  const int = (n: number, lo: number, hi: number): boolean => Number.isInteger(n) && n >= lo && n <= hi;
  return (
    int(c.year, 1, 9999) &&
    int(c.month, 1, 12) &&
    int(c.day, 1, daysInMonth(c.year, c.month)) &&
    int(c.hour, 0, 23) &&
    int(c.minute, 0, 59) &&
    int(c.second, 0, 59) &&
    int(c.micro, 0, 999_999)
  );
}

/** Seconds since the epoch of the civil fields read as UTC (any year, unlike Date.UTC's 0–99 quirk). */
export function civilSeconds(c: Civil): number {
  const d = new Date(0);
  d.setUTCFullYear(c.year, c.month - 1, c.day);
  d.setUTCHours(c.hour, c.minute, c.second, 0);
  return d.getTime() / 1000;
}

/** The civil fields of an instant (epoch seconds + microseconds) seen at `offset` seconds east of UTC. */
export function civilAt(seconds: number, micro: number, offset: number): Civil {
  const d = new Date((seconds + offset) * 1000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    micro,
  };
}

/** The fields an offset is read from: the wall time of an instant in the zone. */
const WALL_FIELDS: Intl.DateTimeFormatOptions = {
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  era: 'short',
};

/**
 * One time zone's offsets, read from one Intl formatter (about 30 KB, most of it ICU's, outside V8's heap).
 * Whoever needs a zone holds its clock: a datetime config the clock of its `timezone`, made once when the
 * config is parsed (`zoneClock`), a `set_value` the local zone's for that call; nothing is kept by zone name.
 */
export class ZoneClock {
  private constructor(
    /** the zone's name, or undefined for the process zone */
    readonly zone: string | undefined,
    private readonly format: Intl.DateTimeFormat,
  ) {}

  /**
   * `zoneinfo.ZoneInfo(name)` or undefined when unknown. Intl accepts names in any case, the zone database
   * files do not, so a name differing from the canonical one only by case is refused.
   */
  static of(name: string): ZoneClock | undefined {
    let format: Intl.DateTimeFormat;
    try {
      format = new Intl.DateTimeFormat('en-US', { ...WALL_FIELDS, timeZone: name });
    } catch {
      return undefined;
    }
    const resolved = format.resolvedOptions().timeZone;
    return resolved !== name && resolved.toLowerCase() === name.toLowerCase() ? undefined : new ZoneClock(name, format);
  }

  /** The process time zone's clock (HA: its configured zone's). */
  static local(): ZoneClock {
    return new ZoneClock(undefined, new Intl.DateTimeFormat('en-US', WALL_FIELDS));
  }

  /** UTC offset (seconds east) at the instant `seconds`. */
  offsetAt(seconds: number): number {
    const parts: Record<string, string> = {};
    for (const p of this.format.formatToParts(new Date(seconds * 1000))) parts[p.type] = p.value;
    const year = Number(parts.year) * (parts.era === 'BC' ? -1 : 1);
    const wall = civilSeconds({
      year,
      month: Number(parts.month),
      day: Number(parts.day),
      hour: Number(parts.hour),
      minute: Number(parts.minute),
      second: Number(parts.second),
      micro: 0,
    });
    return wall - Math.floor(seconds);
  }

  /** `naive.replace(tzinfo=ZoneInfo(zone))`: the offset that wall time has in this zone (fold 0). */
  offsetOf(c: Civil): number {
    const wall = civilSeconds(c);
    const before = this.offsetAt(wall - 86_400);
    const after = this.offsetAt(wall + 86_400);
    if (this.offsetAt(wall - before) === before) return before;
    return this.offsetAt(wall - after) === after ? after : before;
  }
}

/** `astimezone(UTC)` of an aware datetime. */
export function toUtc(v: PyDatetimeValue): PyDatetimeValue {
  return { ...civilAt(civilSeconds(v) - (v.offset ?? 0), v.micro, 0), offset: 0 };
}

const fraction = (micro: number): string => (micro ? `.${String(micro).padStart(6, '0')}` : '');

/** `date.isoformat()` */
export const isoDate = (c: Civil): string => `${String(c.year).padStart(4, '0')}-${p2(c.month)}-${p2(c.day)}`;
/** `time.isoformat()` */
export const isoTime = (c: Civil): string => `${p2(c.hour)}:${p2(c.minute)}:${p2(c.second)}${fraction(c.micro)}`;

/** Python's utcoffset formatting: ±HH:MM, with :SS when the offset has seconds. */
export function isoOffset(offset: number): string {
  const abs = Math.abs(offset);
  const s = abs % 60;
  const hhmm = `${p2(Math.floor(abs / 3600))}:${p2(Math.floor(abs / 60) % 60)}`;
  return `${offset < 0 ? '-' : '+'}${hhmm}${s ? `:${p2(s)}` : ''}`;
}

/** `datetime.isoformat(sep)`; `seconds` drops the microseconds (timespec="seconds"). */
export function isoDatetime(v: PyDatetimeValue, sep = 'T', seconds = false): string {
  const time = seconds ? isoTime({ ...v, micro: 0 }) : isoTime(v);
  return `${isoDate(v)}${sep}${time}${v.offset === null ? '' : isoOffset(v.offset)}`;
}

type Kind = 'date' | 'time' | 'datetime';
type Parts = Parameters<typeof strftime>[0];

/** A date, time or datetime as a template value: str(), attributes, isoformat()/strftime()/weekday(). */
export class PyDateTimeObject extends HostObject {
  readonly typeName: Kind;

  constructor(
    readonly kind: Kind,
    readonly value: PyDatetimeValue,
  ) {
    super();
    this.typeName = kind;
  }

  private iso(sep: string): string {
    if (this.kind === 'date') return isoDate(this.value);
    return this.kind === 'time' ? isoTime(this.value) : isoDatetime(this.value, sep);
  }

  toPyString(): string {
    return this.iso(' ');
  }

  private parts(): Parts {
    const v = this.value;
    const utcSeconds = civilSeconds(v) - (v.offset ?? 0);
    const weekday = new Date(civilSeconds({ ...v, hour: 0, minute: 0, second: 0 }) * 1000).getUTCDay();
    return { ...v, weekday, offset: (v.offset ?? 0) / 60, epochSeconds: utcSeconds };
  }

  override attribute(name: string): unknown {
    const dateFields = ['year', 'month', 'day'];
    const timeFields = ['hour', 'minute', 'second'];
    if (this.kind !== 'time' && dateFields.includes(name)) return this.value[name as keyof Civil];
    if (this.kind !== 'date' && timeFields.includes(name)) return this.value[name as keyof Civil];
    if (this.kind !== 'date' && name === 'microsecond') return this.value.micro;
    return undefined;
  }

  override method(name: string): HostFunction | undefined {
    const weekday = (): number => (this.parts().weekday + 6) % 7;
    switch (name) {
      case 'isoformat':
        return ([sep]) => this.iso(typeof sep === 'string' ? sep : 'T');
      case 'strftime':
        return ([format], _kw, env) =>
          strftime(this.parts(), String(format ?? ''), this.value.offset === 0, env.zoneNames);
      case 'weekday':
        return this.kind === 'time' ? undefined : () => weekday();
      case 'isoweekday':
        return this.kind === 'time' ? undefined : () => weekday() + 1;
      default:
        return undefined;
    }
  }

  override compareKey(): string {
    return this.kind === 'datetime' ? isoDatetime(toUtc(this.value)) : this.iso('T');
  }
}

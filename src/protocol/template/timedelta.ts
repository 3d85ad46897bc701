// Python's datetime.timedelta for templates: `timedelta(hours=1)`, durations of automations (`for`).
import { PyError } from './errors.js';
import { HostObject, NOT_HANDLED, type HostFunction } from './host.js';
import { PyFloat } from './python-values.js';

const p2 = (n: number): string => String(n).padStart(2, '0');
const num = (v: unknown): number | undefined =>
  typeof v === 'number' ? v : v instanceof PyFloat ? v.value : typeof v === 'boolean' ? Number(v) : undefined;

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

/** `timedelta(days=…, hours=…, minutes=…, seconds=…, …)`, as Python's; positional: days, seconds. */
export function timedelta(args: readonly unknown[], kw: Readonly<Record<string, unknown>>): PyTimedelta {
  const unit: Record<string, number> = {
    weeks: 604_800_000,
    days: 86_400_000,
    hours: 3_600_000,
    minutes: 60_000,
    seconds: 1000,
    milliseconds: 1,
    microseconds: 0.001,
  };
  let ms = (num(args[0]) ?? 0) * 86_400_000 + (num(args[1]) ?? 0) * 1000;
  for (const [key, value] of Object.entries(kw)) {
    const factor = unit[key];
    const n = num(value);
    if (factor === undefined || n === undefined) {
      throw new PyError(`timedelta() got an unexpected keyword argument '${key}'`);
    }
    ms += n * factor;
  }
  return new PyTimedelta(ms);
}

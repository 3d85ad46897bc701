/**
 * Scalar values of the automation dialect: entity id lists, state values, durations, times of day,
 * weekdays. Each accepts what Home Assistant's config validation accepts and yields one normalised form.
 */
import { z } from 'zod';
import { isValidEntityId } from '../../core/entity-id.js';
import { haString } from '../../protocol/ha-discovery/common-schema.js';
import { describeValue, didYouMean, isRecord, isTemplate, report } from './fields.js';

export {
  haBoolean,
  haString,
  intAtLeast,
  positiveInt,
  qosSchema,
  subscribeTopic,
} from '../../protocol/ha-discovery/common-schema.js';

/** A template source, kept as text (a later step compiles it). */
export const template = z.unknown().transform((v, ctx): string => {
  if (typeof v === 'string') return v;
  if (v === undefined) report(ctx, 'required key not provided');
  else report(ctx, `expected a template string, got ${describeValue(v)}`);
  return z.NEVER;
});

/** One of a fixed set of words, with a "did you mean" hint for typos. */
export function choice<const T extends readonly string[]>(values: T) {
  return z.unknown().transform((v, ctx): T[number] => {
    const s = typeof v === 'string' ? v.toLowerCase() : undefined;
    if (s !== undefined && (values as readonly string[]).includes(s)) return s as T[number];
    const hint = typeof v === 'string' ? didYouMean(v, values) : undefined;
    report(ctx, `expected one of ${values.join(', ')}, got ${describeValue(v)}`, [], hint ? { hint } : {});
    return z.NEVER;
  });
}

/** A mapping of variables (values may be templates). */
export const variablesSchema = z.record(z.string(), z.unknown(), {
  error: 'expected a mapping of variable names to values',
});

export interface EntityIdOptions {
  /** items may be templates such as "{{ trigger.entity_id }}" (action targets) */
  templates?: boolean;
  /** `all` and `none` are accepted (action targets) */
  special?: boolean;
}

/** `cv.entity_ids`: a list, or one id, or ids separated by commas; each must be a valid entity id. */
export function entityIds(options: EntityIdOptions = {}) {
  return z.unknown().transform((v, ctx): string[] => {
    if (v === undefined) {
      report(ctx, 'required key not provided');
      return z.NEVER;
    }
    const items: unknown[] = Array.isArray(v) ? v : typeof v === 'string' && !isTemplate(v) ? v.split(',') : [v];
    const out: string[] = [];
    for (const [i, item] of items.entries()) {
      const at = Array.isArray(v) ? [i] : [];
      if (typeof item !== 'string') {
        report(ctx, `expected an entity id, got ${describeValue(item)}`, at);
        continue;
      }
      const id = isTemplate(item) ? item : item.trim().toLowerCase();
      if (isTemplate(id)) {
        if (options.templates) {
          out.push(id);
          continue;
        }
        report(ctx, 'a template is not allowed here, only entity ids', at);
        continue;
      }
      if (options.special && (id === 'all' || id === 'none')) {
        out.push(id);
        continue;
      }
      if (!isValidEntityId(id)) {
        report(ctx, `'${item}' is not a valid entity id`, at, {
          hint: "entity ids look like 'domain.object_id', e.g. 'light.kitchen'",
        });
        continue;
      }
      out.push(id);
    }
    if (out.length === 0 && items.length === 0) report(ctx, 'needs at least one entity id');
    return out;
  });
}

const stateText = (v: unknown): string | undefined =>
  typeof v === 'string'
    ? v
    : typeof v === 'number'
      ? String(v)
      : typeof v === 'boolean'
        ? v
          ? 'on'
          : 'off'
        : undefined;

/**
 * A state value or a list of them. Numbers become text ("5"); YAML booleans become "on"/"off" (the
 * value a user who wrote an unquoted on/off under YAML 1.1 meant). With `nullable`, an explicit null
 * (`to: null`, `to:`) is kept: it means "any state" in a state trigger.
 */
export function stateValues(nullable = false) {
  return z.unknown().transform((v, ctx): string[] | null => {
    if (v === null && nullable) return null;
    const items = Array.isArray(v) ? v : [v];
    const out: string[] = [];
    items.forEach((item, i) => {
      const s = stateText(item);
      if (s === undefined)
        report(ctx, `expected a state (text), got ${describeValue(item)}`, Array.isArray(v) ? [i] : []);
      else out.push(s);
    });
    return out;
  });
}

/** A threshold: a number, or the entity id of a number/sensor whose state is the threshold. */
export const numberOrEntity = z.unknown().transform((v, ctx): number | string => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i.test(v)) return Number(v);
  if (typeof v === 'string' && isValidEntityId(v.trim())) return v.trim();
  report(ctx, `expected a number or an entity id, got ${describeValue(v)}`);
  return z.NEVER;
});

/** Weekdays as Home Assistant spells them. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const weekdays = z.unknown().transform((v, ctx): Weekday[] => {
  const items = Array.isArray(v) ? v : [v];
  const out: Weekday[] = [];
  items.forEach((item, i) => {
    const s = typeof item === 'string' ? item.toLowerCase() : '';
    if ((WEEKDAYS as readonly string[]).includes(s)) out.push(s as Weekday);
    else {
      const hint = didYouMean(String(item), WEEKDAYS) ?? `use ${WEEKDAYS.join(', ')}`;
      report(ctx, `expected a weekday, got ${describeValue(item)}`, Array.isArray(v) ? [i] : [], { hint });
    }
  });
  return out;
});

/** "HH:MM" or "HH:MM:SS" → "HH:MM:SS", undefined when it is not a valid time of day. */
export function timeOfDay(v: unknown): string | undefined {
  const m = typeof v === 'string' ? /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(v.trim()) : null;
  if (!m) return undefined;
  const [h, min, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  if (h > 23 || min > 59 || s > 59) return undefined;
  return [h, min, s].map((n) => String(n).padStart(2, '0')).join(':');
}

/** A time of day ("07:30" → "07:30:00") or the entity id of an input_datetime / time / timestamp sensor. */
export const timeOrEntity = z.unknown().transform((v, ctx): string => {
  const t = timeOfDay(v);
  if (t !== undefined) return t;
  if (typeof v === 'string' && isValidEntityId(v.trim())) return v.trim();
  report(ctx, `expected a time of day like '07:30' or '07:30:00', or an entity id, got ${describeValue(v)}`);
  return z.NEVER;
});

/** milliseconds per duration unit, as Home Assistant's time periods name them */
export const UNITS = { days: 86_400_000, hours: 3_600_000, minutes: 60_000, seconds: 1000, milliseconds: 1 } as const;
type Unit = keyof typeof UNITS;

/**
 * The milliseconds of a mapping of duration units (`{minutes: 5, seconds: "30"}`), not rounded; throws naming the
 * first key that is not a unit or value that is not a number.
 */
export function unitsMs(parts: Readonly<Record<string, unknown>>): number {
  let total = 0;
  for (const [key, part] of Object.entries(parts)) {
    const unit = Object.hasOwn(UNITS, key) ? UNITS[key as Unit] : undefined;
    const n = typeof part === 'number' ? part : typeof part === 'string' ? Number(part) : Number.NaN;
    if (unit === undefined || !Number.isFinite(n))
      throw new Error(`invalid duration part '${key}': ${JSON.stringify(part)}`);
    total += n * unit;
  }
  return total;
}

/**
 * A duration: `{ kind: 'fixed', ms }` when known at load time, `{ kind: 'template', template }` when
 * the whole value is a template, `{ kind: 'parts', … }` when some parts of a mapping are templates.
 */
export type Duration =
  | { kind: 'fixed'; ms: number }
  | { kind: 'template'; template: string }
  | { kind: 'parts'; parts: Partial<Record<Unit, number | string>> };

function parseDuration(v: unknown, signed: boolean, ctx: z.RefinementCtx): Duration {
  const bad = (): Duration => {
    report(ctx, `expected a duration ("HH:MM:SS", seconds, or hours/minutes/seconds), got ${describeValue(v)}`);
    return z.NEVER;
  };
  const fixed = (ms: number): Duration => {
    if (ms < 0 && !signed) {
      report(ctx, 'a duration cannot be negative');
      return z.NEVER;
    }
    return { kind: 'fixed', ms: Math.round(ms) };
  };
  if (typeof v === 'number') return Number.isFinite(v) ? fixed(v * 1000) : bad();
  if (typeof v === 'string' && isTemplate(v)) return { kind: 'template', template: v };
  if (typeof v === 'string') {
    const text = v.trim();
    if (/^[+-]?\d+(\.\d+)?$/.test(text)) return fixed(Number(text) * 1000);
    const m = /^([+-])?(\d+):(\d{1,2})(?::(\d{1,2}(?:\.\d+)?))?$/.exec(text);
    if (!m) return bad();
    const ms = Number(m[2]) * UNITS.hours + Number(m[3]) * UNITS.minutes + Number(m[4] ?? 0) * UNITS.seconds;
    return fixed(m[1] === '-' ? -ms : ms);
  }
  if (!isRecord(v)) return bad();
  const parts: Partial<Record<Unit, number | string>> = {};
  let total = 0;
  let templated = false;
  for (const [key, raw] of Object.entries(v)) {
    if (!Object.hasOwn(UNITS, key)) {
      report(ctx, `unknown key '${key}' in duration`, [key], {
        unknown_key: key,
        hint: didYouMean(key, Object.keys(UNITS)) ?? `use ${Object.keys(UNITS).join(', ')}`,
      });
      continue;
    }
    const unit = key as Unit;
    const n =
      typeof raw === 'number'
        ? raw
        : typeof raw === 'string' && /^\s*[+-]?\d+(\.\d+)?\s*$/.test(raw)
          ? Number(raw)
          : undefined;
    if (n !== undefined) {
      parts[unit] = n;
      total += n * UNITS[unit];
    } else if (typeof raw === 'string' && isTemplate(raw)) {
      parts[unit] = raw;
      templated = true;
    } else report(ctx, `expected a number of ${unit}, got ${describeValue(raw)}`, [key]);
  }
  return templated ? { kind: 'parts', parts } : fixed(total);
}

/** A non-negative duration (`for:`, `delay:`, `timeout:`). */
export const duration = z.unknown().transform((v, ctx) => parseDuration(v, false, ctx));
/** A duration that may be negative (`offset:`). */
export const signedDuration = z.unknown().transform((v, ctx) => parseDuration(v, true, ctx));

/** The text of an id (`cv.string`): numbers are accepted and become text. */
export const idText = haString;

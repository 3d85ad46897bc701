/**
 * Numeric readings with Home Assistant's rules (shared by the numeric_state trigger and condition):
 * `unavailable`/`unknown`/missing values are not numbers and make the check false; thresholds may be
 * numbers or the entity id of a sensor/number whose state is the threshold. What Home Assistant's
 * `async_numeric_state` raises (an unknown entity, a value that is not a number, a failing
 * value_template) is an `error`; what it answers False to with a note is a `message`.
 */
import { STATE_UNAVAILABLE, STATE_UNKNOWN } from '../../core/state.js';
import type { StateStore } from '../../core/state-store.js';
import { PyFloat } from '../../protocol/template/index.js';
import type { TemplateEnv } from '../templates.js';

export interface NumericOptions {
  readonly attribute?: string | undefined;
  readonly value_template?: string | undefined;
}

export interface NumericReading {
  readonly entity_id: string;
  /** the value as a number, null when it is not one */
  readonly value: number | null;
  /** what was read (state, attribute or template result) */
  readonly raw: unknown;
  readonly message?: string;
  /** why Home Assistant would raise rather than answer */
  readonly error?: string;
}

export interface RangeCheck {
  readonly pass: boolean;
  readonly above?: number | null;
  readonly below?: number | null;
  readonly message?: string;
  readonly error?: string;
}

/** Python's float literal (lowercased): an underscore only between two digits, as in `1_000.5` (not `_1`, `1__0`) */
const PYTHON_FLOAT = /^[+-]?(?:\d(?:_?\d)*\.(?:\d(?:_?\d)*)?|\.\d(?:_?\d)*|\d(?:_?\d)*)(?:e[+-]?\d(?:_?\d)*)?$/;
const PLAIN_DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Python's float(): numbers, booleans and numeric text; NaN when it is none of them. */
export function pyFloat(v: unknown): number {
  if (v instanceof PyFloat) return v.value;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v !== 'string') return NaN;
  // a sensor's plain decimal text, without copies of it (the general rules below trim, lower and strip `_`)
  if (PLAIN_DECIMAL.test(v)) return Number(v);
  const text = v.trim().toLowerCase();
  if (/^[+-]?(inf|infinity)$/.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  return PYTHON_FLOAT.test(text) ? Number(text.replaceAll('_', '')) : NaN;
}

const nonNumeric = (entity_id: string, raw: unknown): NumericReading => ({
  entity_id,
  value: null,
  raw,
  message: `value '${String(raw)}' is non-numeric and treated as False`,
});

/** Reads an entity's state (or attribute, or value_template with `state` bound to the state object) as a number. */
export function readNumeric(
  states: StateStore,
  templates: TemplateEnv,
  entityId: string,
  options: NumericOptions,
  vars: Readonly<Record<string, unknown>>,
): NumericReading {
  const state = states.get(entityId);
  if (!state) return { entity_id: entityId, value: null, raw: null, error: `unknown entity ${entityId}` };
  const { attribute } = options;
  if (attribute !== undefined && !Object.hasOwn(state.attributes, attribute)) {
    const message = `attribute '${attribute}' of entity ${entityId} does not exist`;
    return { entity_id: entityId, value: null, raw: null, message };
  }
  let raw: unknown = attribute === undefined ? state.state : state.attributes[attribute];
  if (raw === undefined || raw === null) return nonNumeric(entityId, raw ?? null);
  if (attribute === undefined && (raw === STATE_UNAVAILABLE || raw === STATE_UNKNOWN)) return nonNumeric(entityId, raw);
  if (options.value_template !== undefined) {
    try {
      raw = templates.compile(options.value_template).native({ ...vars, state: templates.stateObject(state) });
    } catch (err) {
      const error = `template error: ${err instanceof Error ? err.message : String(err)}`;
      return { entity_id: entityId, value: null, raw: null, error };
    }
  }
  const value = pyFloat(raw);
  if (Number.isNaN(value)) {
    const error = `entity ${entityId} state '${String(raw)}' cannot be processed as a number`;
    return { entity_id: entityId, value: null, raw, error };
  }
  return { entity_id: entityId, value, raw };
}

type Bound = number | string | undefined;

interface Threshold {
  /** undefined: no such bound; null: the entity holding it is unavailable/unknown (the check is false) */
  readonly value?: number | null;
  readonly message?: string;
  readonly error?: string;
}

function threshold(states: StateStore, bound: Bound, which: 'above' | 'below'): Threshold {
  if (bound === undefined) return {};
  if (typeof bound === 'number') return { value: bound };
  const entity = states.get(bound);
  if (!entity) return { value: null, error: `unknown '${which}' entity ${bound}` };
  if (entity.state === STATE_UNAVAILABLE || entity.state === STATE_UNKNOWN) {
    return { value: null, message: `'${which}' entity ${bound} is ${entity.state}` };
  }
  const value = pyFloat(entity.state);
  if (!Number.isNaN(value)) return { value };
  const error = `the '${which}' entity ${bound} state '${entity.state}' cannot be processed as a number`;
  return { value: null, error };
}

/**
 * Strictly above `above` and strictly below `below` (either may be an entity id), checked as Home
 * Assistant does: nothing when the value is not a number, then `below`, then `above`.
 */
export function checkRange(
  states: StateStore,
  value: number | null,
  bounds: { above?: Bound; below?: Bound },
): RangeCheck {
  // the usual bounds are plain numbers: answered with one object (the general way below makes about ten, and a
  // numeric_state trigger asks on every change of its entity)
  if (typeof bounds.above !== 'string' && typeof bounds.below !== 'string') {
    const { above, below } = bounds;
    const pass = value !== null && (below === undefined || value < below) && (above === undefined || value > above);
    if (above !== undefined) return below !== undefined ? { pass, above, below } : { pass, above };
    return below !== undefined ? { pass, below } : { pass };
  }
  const above = threshold(states, bounds.above, 'above');
  const below = threshold(states, bounds.below, 'below');
  const shown = {
    ...(above.value !== undefined ? { above: above.value } : {}),
    ...(below.value !== undefined ? { below: below.value } : {}),
  };
  if (value === null) return { pass: false, ...shown };
  const checks: [Threshold, (bound: number) => boolean][] = [
    [below, (b) => value < b],
    [above, (a) => value > a],
  ];
  for (const [bound, holds] of checks) {
    if (bound.error !== undefined) return { pass: false, ...shown, error: bound.error };
    if (bound.value === null) return { pass: false, ...shown, ...(bound.message ? { message: bound.message } : {}) };
    if (bound.value !== undefined && !holds(bound.value)) return { pass: false, ...shown };
  }
  return { pass: true, ...shown };
}

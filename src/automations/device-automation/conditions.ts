/**
 * Device conditions of entity domains, evaluated as the state or numeric_state check Home Assistant builds for
 * them (each `<domain>/device_condition.py` `async_condition_from_config`):
 * - toggle domains (toggle_entity.py) and binary_sensor: a state condition, "on" or "off", with `for`;
 * - sensor: a numeric_state condition with above/below;
 * - cover: `condition.state` on open/closed/opening/closing, or `async_numeric_state` on the position attribute;
 * - lock: `condition.state` on the lock state; select: `condition.state` on the option, with `for`;
 * - climate: the state (`is_hvac_mode`) or the `preset_mode` attribute equal to the wanted one, false (not an
 *   error) when the entity does not exist.
 * The entity is resolved at each evaluation (`ids.ts`); when it cannot be, the condition raises with the reason.
 */
import { errorMessage } from '../../core/errors.js';
import { matchesState } from '../conditions/match.js';
import { checkRange, readNumeric } from '../conditions/numeric.js';
import type { ConditionDeps } from '../conditions/types.js';
import { resolveDuration } from '../durations.js';
import type { Condition } from '../model.js';
import { BINARY_SENSOR_CONDITION_PAIRS, COVER_POSITION_ATTRIBUTES } from './names.js';

type DeviceCondition = Extract<Condition, { condition: 'device' }>;

/** What a device condition compared (shown in traces) and its verdict. */
export interface DeviceConditionFact {
  readonly entity_id: string | null;
  readonly value: unknown;
  readonly wanted?: string;
  readonly above?: number | null;
  readonly below?: number | null;
  readonly pass: boolean;
  readonly message?: string;
  readonly error?: string;
}

type Check =
  | { kind: 'state'; state: string; attribute?: string; missingIsFalse?: boolean }
  | { kind: 'numeric'; attribute?: string };

const BINARY_ON = new Set(BINARY_SENSOR_CONDITION_PAIRS.map(([on]) => on));
const COVER_STATES: Readonly<Record<string, string>> = {
  is_open: 'open',
  is_closed: 'closed',
  is_opening: 'opening',
  is_closing: 'closing',
};

/** The check Home Assistant makes for `c`. */
export function deviceCheck(c: DeviceCondition): Check {
  switch (c.domain) {
    case 'binary_sensor':
      return { kind: 'state', state: BINARY_ON.has(c.type) ? 'on' : 'off' };
    case 'sensor':
      return { kind: 'numeric' };
    case 'cover': {
      const state = COVER_STATES[c.type];
      if (state !== undefined) return { kind: 'state', state };
      return {
        kind: 'numeric',
        attribute: COVER_POSITION_ATTRIBUTES[c.type.slice('is_'.length)] ?? 'current_position',
      };
    }
    case 'lock':
      return { kind: 'state', state: c.type.slice('is_'.length) };
    case 'climate':
      return c.type === 'is_hvac_mode'
        ? { kind: 'state', state: c.hvac_mode ?? '', missingIsFalse: true }
        : { kind: 'state', state: c.preset_mode ?? '', attribute: 'preset_mode', missingIsFalse: true };
    case 'select':
      return { kind: 'state', state: c.option ?? '' };
    default:
      return { kind: 'state', state: c.type === 'is_on' ? 'on' : 'off' };
  }
}

/** Evaluates a device condition now; `vars` are what a templated `for` sees. */
export function evaluateDeviceCondition(
  c: DeviceCondition,
  deps: ConditionDeps,
  vars: Readonly<Record<string, unknown>>,
): DeviceConditionFact {
  const ref = c.entity_id ?? '';
  const found = deps.devices ? deps.devices.entity(ref, c.domain) : { ok: true as const, id: ref };
  if (!found.ok) return { entity_id: null, value: null, pass: false, error: found.reason };
  const entityId = found.id;
  const check = deviceCheck(c);
  if (check.kind === 'numeric') {
    const reading = readNumeric(deps.states, deps.templates, entityId, { attribute: check.attribute }, vars);
    const range = checkRange(deps.states, reading.value, { above: c.above, below: c.below });
    const message = reading.message ?? range.message;
    const error = reading.error ?? range.error;
    return {
      entity_id: entityId,
      value: reading.value,
      ...(range.above !== undefined ? { above: range.above } : {}),
      ...(range.below !== undefined ? { below: range.below } : {}),
      pass: range.pass && error === undefined,
      ...(message ? { message } : {}),
      ...(error ? { error } : {}),
    };
  }
  const state = deps.states.get(entityId);
  const wanted = check.state;
  if (!state) {
    if (check.missingIsFalse) return { entity_id: entityId, value: null, wanted, pass: false };
    return { entity_id: entityId, value: null, wanted, pass: false, error: `unknown entity ${entityId}` };
  }
  const value = check.attribute === undefined ? state.state : (state.attributes[check.attribute] ?? null);
  if (!matchesState(value, [wanted])) return { entity_id: entityId, value, wanted, pass: false };
  if (!c.for) return { entity_id: entityId, value, wanted, pass: true };
  let forMs: number;
  try {
    forMs = resolveDuration(c.for, deps.templates, vars);
  } catch (err) {
    return { entity_id: entityId, value, wanted, pass: false, error: `for: ${errorMessage(err)}` };
  }
  const held = deps.clock.now().getTime() - Date.parse(state.last_changed);
  return {
    entity_id: entityId,
    value,
    wanted,
    pass: held >= forMs,
    ...(held < forMs ? { message: `held ${held} ms of ${forMs} ms` } : {}),
  };
}

/**
 * Which device trigger, condition and action types each entity domain has and the keys each type takes, as the
 * voluptuous schemas of Home Assistant's `<domain>/device_trigger.py`, `device_condition.py` and `device_action.py`
 * declare them (`TRIGGER_SCHEMA`, `CONDITION_SCHEMA`, `ACTION_SCHEMA`; toggle domains through
 * `device_automation/toggle_entity.py`, `changed_states` through `device_automation/entity.py`).
 */
import type { z } from 'zod';
import { haFloat, haInt } from '../../protocol/ha-discovery/common-schema.js';
import { report } from '../schema/fields.js';
import { choice, duration, haBoolean, haString } from '../schema/values.js';
import {
  BINARY_SENSOR_CONDITION_PAIRS,
  BINARY_SENSOR_TRIGGER_PAIRS,
  COVER_POSITION_ATTRIBUTES,
  COVER_TRIGGER_STATES,
  HVAC_MODES,
  LOCK_STATES,
  SENSOR_CONDITION_TYPES,
  SENSOR_TRIGGER_TYPES,
  TOGGLE_DOMAINS,
} from './names.js';

type KeySchema = z.ZodType<unknown, unknown>;

/** One type: the keys it takes besides the common ones, which of them it needs, and `has_at_least_one_key`. */
export interface TypeSpec {
  readonly keys: Readonly<Record<string, KeySchema>>;
  readonly required?: readonly string[];
  readonly oneOf?: readonly string[];
}

/** domain → type → spec */
export type DomainSpecs = Readonly<Record<string, Readonly<Record<string, TypeSpec>>>>;

/** `vol.Range(min=0, max=100)` after `vol.Coerce(int)` (cover positions) */
const percentInt = haInt.superRefine((n, ctx) => {
  if (n < 0 || n > 100) report(ctx, `expected 0–100, got ${n}`);
});
/** light's VALID_BRIGHTNESS_PCT: `vol.All(vol.Coerce(float), vol.Range(min=0, max=100))` */
const percentFloat = haFloat.superRefine((n, ctx) => {
  if (n < 0 || n > 100) report(ctx, `expected 0–100, got ${n}`);
});

const forOnly: TypeSpec = { keys: { for: duration } };
const none: TypeSpec = { keys: {} };
const range = (bound: KeySchema, withFor: boolean): TypeSpec => ({
  keys: { above: bound, below: bound, ...(withFor ? { for: duration } : {}) },
  oneOf: ['above', 'below'],
});
const each = (names: readonly string[], spec: TypeSpec): Record<string, TypeSpec> =>
  Object.fromEntries(names.map((n) => [n, spec]));

const toggleTriggers = each(['turned_on', 'turned_off', 'changed_states'], forOnly);
const toggleConditions = each(['is_on', 'is_off'], forOnly);
const toggleActions = each(['turn_on', 'turn_off', 'toggle'], none);

export const TRIGGER_SPECS: DomainSpecs = {
  ...Object.fromEntries(TOGGLE_DOMAINS.map((d) => [d, toggleTriggers])),
  binary_sensor: each(BINARY_SENSOR_TRIGGER_PAIRS.flat(), forOnly),
  sensor: each(SENSOR_TRIGGER_TYPES, range(haFloat, true)),
  cover: {
    ...each(Object.keys(COVER_TRIGGER_STATES), forOnly),
    ...each(Object.keys(COVER_POSITION_ATTRIBUTES), range(percentInt, true)),
  },
  lock: each(LOCK_STATES, forOnly),
  button: { pressed: none },
  climate: {
    hvac_mode_changed: { keys: { to: choice(HVAC_MODES), for: duration }, required: ['to'] },
    ...each(['current_temperature_changed', 'current_humidity_changed'], range(haFloat, true)),
  },
  select: { current_option_changed: { keys: { to: haString, from: haString, for: duration } } },
};

export const CONDITION_SPECS: DomainSpecs = {
  ...Object.fromEntries(TOGGLE_DOMAINS.map((d) => [d, toggleConditions])),
  binary_sensor: each(BINARY_SENSOR_CONDITION_PAIRS.flat(), forOnly),
  sensor: each(SENSOR_CONDITION_TYPES, range(haFloat, false)),
  cover: {
    ...each(['is_open', 'is_closed', 'is_opening', 'is_closing'], none),
    ...each(['is_position', 'is_tilt_position'], range(percentInt, false)),
  },
  lock: each(
    LOCK_STATES.map((s) => `is_${s}`),
    none,
  ),
  climate: {
    is_hvac_mode: { keys: { hvac_mode: choice(HVAC_MODES) }, required: ['hvac_mode'] },
    is_preset_mode: { keys: { preset_mode: haString }, required: ['preset_mode'] },
  },
  select: { selected_option: { keys: { option: haString, for: duration }, required: ['option'] } },
};

const lightExtras = { brightness_pct: percentFloat, flash: choice(['short', 'long']) };

export const ACTION_SPECS: DomainSpecs = {
  ...Object.fromEntries(TOGGLE_DOMAINS.map((d) => [d, toggleActions])),
  // light/device_action.py: brightness_pct and flash are keys of the whole ACTION_SCHEMA
  light: {
    ...each(['turn_on', 'turn_off', 'toggle', 'brightness_increase', 'brightness_decrease', 'flash'], {
      keys: lightExtras,
    }),
  },
  cover: {
    ...each(['open', 'close', 'stop', 'open_tilt', 'close_tilt'], none),
    ...each(['set_position', 'set_tilt_position'], { keys: { position: percentInt } }),
  },
  lock: each(['lock', 'unlock', 'open'], none),
  button: { press: none },
  number: { set_value: { keys: { value: haFloat }, required: ['value'] } },
  select: {
    ...each(['select_first', 'select_last'], none),
    ...each(['select_next', 'select_previous'], { keys: { cycle: haBoolean } }),
    select_option: { keys: { option: haString }, required: ['option'] },
  },
  climate: {
    set_hvac_mode: { keys: { hvac_mode: choice(HVAC_MODES) }, required: ['hvac_mode'] },
    set_preset_mode: { keys: { preset_mode: haString }, required: ['preset_mode'] },
  },
};

/** MQTT device triggers (`device_automation` discovery configs): mqtt/device_trigger.py TRIGGER_SCHEMA. */
export const MQTT_TRIGGER: TypeSpec = {
  keys: { subtype: haString, discovery_id: haString },
  required: ['subtype'],
};

/**
 * What the MQTT climate and water_heater platforms share, as Home Assistant's MqttTemperatureControlEntity
 * (mqtt/climate.py) and helpers/temperature.py do: state templates falling back to `value_template`, numeric
 * state topics ("None" resets, empty or unparsable values are ignored), modes taken only from their list,
 * `cv.temperature_unit` (C or F, any case), the `precision` option (0.1, 0.5 or 1.0, not coerced),
 * temperatures published as Python floats ("21.0", also as `value` in a command template) and display_temp's
 * rounding. Temperatures are shown in the entity's own unit (as if HA's unit system were that unit).
 */
import { z } from 'zod';
import { PyFloat } from '../../template/index.js';
import { haString } from '../common-schema.js';
import type { CompiledTemplate } from '../../template/index.js';
import type { StateUpdate } from './platform.js';
import {
  PAYLOAD_NONE,
  parsePyFloat,
  pyFloatStr,
  pyRound,
  renderCommand,
  renderValue,
  type BaseConfig,
  type TopicHandler,
} from './shared.js';

/** Renders a state template, or `value_template` when the config leaves that template unset. */
export function renderState(c: BaseConfig, template: string, payload: string): string | undefined {
  return renderValue(c.templates[template] ?? c.templates.value_template, payload);
}

/**
 * A numeric state topic (current temperature, target temperature, …): an empty rendering or one Python's
 * float() refuses is ignored, "None" sets the attribute to null; `display` rounds the value for the state.
 */
export function numericHandler<C extends BaseConfig>(
  topic: string,
  template: string,
  attribute: string,
  display: (c: C, value: number) => number = (_c, value) => value,
): TopicHandler<C> {
  return {
    key: topic,
    handle: (c, payload) => {
      const v = renderState(c, template, payload);
      if (!v) return null;
      if (v === PAYLOAD_NONE) return { attributes: { [attribute]: null } };
      const n = parsePyFloat(v);
      return n === undefined ? null : { attributes: { [attribute]: display(c, n) } };
    },
  };
}

/** A mode from a state topic: "None" resets, values outside the list are ignored (HA logs a warning). */
export function listed(
  v: string | undefined,
  list: readonly string[],
  make: (v: string | null) => StateUpdate,
): StateUpdate | null {
  if (v === undefined) return null;
  if (v === PAYLOAD_NONE) return make(null);
  return list.includes(v) ? make(v) : null;
}

/** `cv.temperature_unit`: "C" or "F" in any case (HA refuses "°C", "K" and the like). */
export const temperatureUnitSchema = haString.transform((s, ctx): 'C' | 'F' => {
  const unit = s.toUpperCase();
  if (unit === 'C' || unit === 'F') return unit;
  ctx.addIssue({ code: 'custom', message: `invalid temperature unit (expected C or F), got '${s}'` });
  return z.NEVER;
});

/** `vol.In([PRECISION_TENTHS, PRECISION_HALVES, PRECISION_WHOLE])`: a number, not coerced from text. */
export const precisionSchema = z.number().refine((p) => p === 0.1 || p === 0.5 || p === 1, 'expected 0.1, 0.5 or 1.0');

/** TemperatureConverter: °C → °F and °F → °C. */
export const celsiusToFahrenheit = (c: number): number => c * 1.8 + 32;
export const fahrenheitToCelsius = (f: number): number => (f - 32) / 1.8;

/**
 * Python's `round(x, digits)` (digits ≥ 0): the exact binary value is rounded, and only an exact half goes to
 * the even neighbour. toFixed rounds the exact value too, but sends halves away from zero.
 */
export function pyRoundTo(x: number, digits: number): number {
  if (!Number.isFinite(x) || Math.abs(x) >= 1e21) return x;
  const exact = Math.abs(x).toFixed(100);
  const dot = exact.indexOf('.');
  const kept = exact.slice(0, dot + 1 + digits);
  const last = Number(exact[digits > 0 ? dot + digits : dot - 1]);
  if (/^50*$/.test(exact.slice(dot + 1 + digits)) && last % 2 === 0) return Number(`${x < 0 ? '-' : ''}${kept}`);
  return Number(x.toFixed(digits));
}

/** helpers/temperature.py display_temp (same unit): halves, tenths, or whole degrees. */
export function displayTemp(t: number, precision: number): number {
  if (precision === 0.5) return pyRound(t * 2) / 2;
  if (precision === 0.1) return pyRoundTo(t, 1);
  return pyRound(t);
}

/** A temperature as HA publishes it: str(float) without a template, a Python float as the template's `value`. */
export function temperatureCommand(template: CompiledTemplate | undefined, t: number): string {
  return template === undefined ? pyFloatStr(t) : renderCommand(template, new PyFloat(t));
}

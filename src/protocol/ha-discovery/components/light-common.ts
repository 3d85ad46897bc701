/**
 * Pieces shared by the basic and JSON light schemas: colour modes, kelvin limits, the action spec and
 * the light service's argument preprocessing (brightness_pct → brightness, hex → rgb, brightness 0 → off,
 * conversion of a colour to a mode the light supports), as homeassistant/components/light/__init__.py does.
 */
import { haBoolean, intAtLeast, positiveInt, stringList } from '../common-schema.js';
import {
  DEFAULT_MAX_KELVIN,
  DEFAULT_MIN_KELVIN,
  hsToRgb,
  miredToKelvin,
  rgbToHs,
  rgbToRgbw,
  rgbToXy,
  type Hs,
  type Rgb,
} from './color.js';
import { CommandError, type ActionSpec, type EntityState, type ParamSpec } from './platform.js';
import { pyRound } from './shared.js';

export const COLOR_MODES = ['onoff', 'brightness', 'color_temp', 'hs', 'xy', 'rgb', 'rgbw', 'rgbww', 'white'] as const;
export type ColorMode = (typeof COLOR_MODES)[number];
const COLOR_ONLY: readonly ColorMode[] = ['hs', 'xy', 'rgb', 'rgbw', 'rgbww'];

export const brightnessSupported = (modes: readonly ColorMode[]): boolean => modes.some((m) => m !== 'onoff');
export const colorSupported = (modes: readonly ColorMode[]): boolean => modes.some((m) => COLOR_ONLY.includes(m));

/** light.valid_supported_color_modes; returns an error sentence or undefined. */
export function invalidColorModes(modes: readonly ColorMode[]): string | undefined {
  const set = new Set(modes);
  const bad =
    set.size === 0 ||
    (set.has('brightness') && set.size > 1) ||
    (set.has('onoff') && set.size > 1) ||
    (set.has('white') && !colorSupported(modes));
  return bad ? `invalid supported_color_modes ${JSON.stringify([...set].sort())}` : undefined;
}

/** Options every light schema accepts (default, json and template): the colour temperature range and effects. */
export const lightRangeShape = {
  color_temp_kelvin: haBoolean.default(false),
  effect_list: stringList.optional(),
  min_mireds: positiveInt.optional(),
  max_mireds: positiveInt.optional(),
  min_kelvin: positiveInt.optional(),
  max_kelvin: positiveInt.optional(),
};

/** Options the default and json light schemas accept. */
export const lightCommonShape = {
  brightness_scale: intAtLeast(1).default(255),
  white_scale: intAtLeast(1).default(255),
  ...lightRangeShape,
};

/** Kelvin limits: mired limits win when set (max_mireds gives the minimum kelvin). */
export function kelvinRange(c: {
  min_mireds?: number | undefined;
  max_mireds?: number | undefined;
  min_kelvin?: number | undefined;
  max_kelvin?: number | undefined;
}): [number, number] {
  const min = c.max_mireds ? miredToKelvin(c.max_mireds) : (c.min_kelvin ?? DEFAULT_MIN_KELVIN);
  const max = c.min_mireds ? miredToKelvin(c.min_mireds) : (c.max_kelvin ?? DEFAULT_MAX_KELVIN);
  return [min, max];
}

export interface LightFeatures {
  readonly modes: readonly ColorMode[];
  readonly kelvin: readonly [number, number];
  readonly transition: boolean;
  readonly flash: boolean;
  /** Effect names when effects are supported. */
  readonly effects?: readonly string[] | undefined;
}

export function lightAttributes(f: LightFeatures): Record<string, unknown> {
  const attrs: Record<string, unknown> = { supported_color_modes: f.modes };
  if (f.modes.includes('color_temp'))
    Object.assign(attrs, { min_color_temp_kelvin: f.kelvin[0], max_color_temp_kelvin: f.kelvin[1] });
  if (f.effects) attrs.effect_list = f.effects;
  return attrs;
}

export function lightActions(f: LightFeatures): Record<string, ActionSpec> {
  const on: Record<string, ParamSpec> = {};
  const off: Record<string, ParamSpec> = {};
  if (brightnessSupported(f.modes)) {
    on.brightness = { type: 'number', min: 0, max: 255, integer: true };
    on.brightness_pct = { type: 'number', min: 0, max: 100, unit: '%' };
    Object.assign(on, BRIGHTNESS_STEPS);
  }
  if (f.modes.includes('color_temp')) {
    on.color_temp_kelvin = { type: 'number', min: f.kelvin[0], max: f.kelvin[1], integer: true, unit: 'K' };
  }
  if (colorSupported(f.modes))
    Object.assign(on, { rgb_color: { type: 'rgb' }, hex_color: { type: 'hex' }, hs_color: { type: 'hs' } });
  if (f.effects) on.effect = { type: 'string', options: f.effects };
  if (f.flash) on.flash = off.flash = { type: 'string', options: ['short', 'long'] };
  if (f.transition) on.transition = off.transition = { type: 'number', min: 0, max: 6553, unit: 's' };
  return {
    turn_on: { description: 'Turn on, optionally with brightness/colour', params: on },
    turn_off: { description: 'Turn off', params: off },
    toggle: { description: 'Toggle (turn_on parameters apply when turning on)', params: on },
  };
}

/** light.turn_on's relative changes: added to the current brightness (HA clamps to these ranges; Switchyard refuses). */
export const BRIGHTNESS_STEPS: Readonly<Record<'brightness_step' | 'brightness_step_pct', ParamSpec>> = {
  brightness_step: { type: 'number', min: -255, max: 255, integer: true },
  brightness_step_pct: { type: 'number', min: -100, max: 100, unit: '%' },
};

/**
 * light/__init__.py `process_turn_on_params`: a step is added to the current brightness (0 when the light is off
 * or has none); `brightness_step_pct` goes through whole percent, `round((round(b / 255 * 100) + step) / 100 * 255)`;
 * the result is clamped to 0–255 (0 then turns the light off). Undefined when `data` names no step.
 */
export function steppedBrightness(
  data: Readonly<Record<string, unknown>>,
  current: { readonly state: string; readonly attributes: Readonly<Record<string, unknown>> } | undefined,
): number | undefined {
  const step = data.brightness_step as number | undefined;
  const stepPct = data.brightness_step_pct as number | undefined;
  if (step === undefined && stepPct === undefined) return undefined;
  const known = current?.state === 'on' ? current.attributes.brightness : undefined;
  let brightness = typeof known === 'number' && known > 0 ? known : 0;
  if (step !== undefined) brightness += step;
  else brightness = pyRound(((pyRound((brightness / 255) * 100) + (stepPct as number)) / 100) * 255);
  return Math.max(0, Math.min(255, brightness));
}

/** Normalised turn_on arguments after the light service's preprocessing. */
export interface TurnOn {
  brightness?: number;
  color_temp_kelvin?: number;
  rgb?: Rgb;
  hs?: Hs;
  xy?: [number, number];
  rgbw?: [number, number, number, number];
  rgbww?: [number, number, number, number, number];
  effect?: string;
  flash?: string;
  transition?: number;
}

/**
 * Applies HA's turn_on preprocessing to validated data. Returns 'off' when brightness is 0 (HA turns the
 * light off then). Colours are converted to a mode the light supports (hs → rgb/rgbw/rgbww/xy, rgb → rgbw/
 * rgbww/hs/xy); rgbww conversions use cold/warm white 0.
 */
export function preprocessTurnOn(
  action: string,
  data: Record<string, unknown>,
  modes: readonly ColorMode[],
  current?: EntityState,
): TurnOn | 'off' {
  const given = (keys: string[]): string[] => keys.filter((k) => data[k] !== undefined);
  for (const group of [
    ['brightness', 'brightness_pct', 'brightness_step', 'brightness_step_pct'],
    ['rgb_color', 'hex_color', 'hs_color', 'color_temp_kelvin'],
  ]) {
    if (given(group).length > 1) throw new CommandError(`${action}: use only one of ${group.join(', ')}`);
  }
  const out: TurnOn = {};
  const brightness =
    steppedBrightness(data, current) ??
    (data.brightness_pct !== undefined
      ? pyRound(((data.brightness_pct as number) * 255) / 100)
      : (data.brightness as number | undefined));
  if (brightness === 0) return 'off';
  if (brightness !== undefined) out.brightness = brightness;
  if (data.color_temp_kelvin !== undefined) out.color_temp_kelvin = data.color_temp_kelvin as number;
  for (const key of ['effect', 'flash', 'transition'] as const) {
    if (data[key] !== undefined) (out as Record<string, unknown>)[key] = data[key];
  }
  let rgb = (data.rgb_color ?? data.hex_color) as Rgb | undefined;
  const hs = data.hs_color as Hs | undefined;
  const has = (m: ColorMode): boolean => modes.includes(m);
  if (hs !== undefined) {
    if (has('hs')) out.hs = hs;
    else rgb = hsToRgb(hs);
  }
  if (rgb !== undefined) {
    const fromHs = hs !== undefined;
    if (has('rgb')) out.rgb = rgb;
    else if (has('rgbw')) out.rgbw = rgbToRgbw(rgb);
    else if (has('rgbww')) out.rgbww = [...rgb, 0, 0];
    else if (has('hs') && !fromHs) out.hs = rgbToHs(rgb);
    else if (has('xy')) out.xy = rgbToXy(rgb);
  }
  return out;
}

/** MQTT_LIGHT_ATTRIBUTES_BLOCKED: what json_attributes may not set on any light schema. */
export const LIGHT_ATTRIBUTES_BLOCKED: readonly string[] = [
  'color_mode',
  'brightness',
  'color_temp',
  'color_temp_kelvin',
  'effect',
  'effect_list',
  'hs_color',
  'max_color_temp_kelvin',
  'max_mireds',
  'min_color_temp_kelvin',
  'min_mireds',
  'rgb_color',
  'rgbw_color',
  'rgbww_color',
  'supported_color_modes',
  'xy_color',
];

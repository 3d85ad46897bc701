/**
 * MQTT light, `schema: json` (mqtt/light/schema_json.py). State and commands are one JSON object each.
 * supported_color_modes (or the legacy `brightness: true` flag → brightness mode, else onoff);
 * brightness_scale 255; flash/transition enabled by default; flash_time_short 2 / long 10.
 * Legacy keys color_mode/color_temp/hs/rgb/xy were removed in HA 2025.3 and are dropped silently.
 * Commands are serialised like HA's orjson dump: compact, floats keep ".0" (transition, hs, xy).
 */
import { z } from 'zod';
import { isJsonObject } from '../abbreviations.js';
import {
  checkAvailabilityExclusive,
  entityCommonShape,
  haBoolean,
  oneOf,
  positiveInt,
  readWriteShape,
} from '../common-schema.js';
import { brightnessToValue, kelvinToMired, miredToKelvin, valueToBrightness } from './color.js';
import {
  brightnessSupported,
  COLOR_MODES,
  invalidColorModes,
  kelvinRange,
  LIGHT_ATTRIBUTES_BLOCKED,
  lightActions,
  lightAttributes,
  lightCommonShape,
  preprocessTurnOn,
  type ColorMode,
  type LightFeatures,
} from './light-common.js';
import type { CommandResult, EntityState, PlatformModule, StateUpdate } from './platform.js';
import { attachTemplates, definePlatform, optimisticByStateTopic, publishMsg, pyFloatStr, pyRound } from './shared.js';

export const jsonLightSchema = z
  .object({
    ...entityCommonShape,
    ...readWriteShape,
    ...lightCommonShape,
    schema: z.literal('json'),
    brightness: haBoolean.default(false),
    effect: haBoolean.default(false),
    flash: haBoolean.default(true),
    transition: haBoolean.default(true),
    flash_time_short: positiveInt.default(2),
    flash_time_long: positiveInt.default(10),
    supported_color_modes: z
      .preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), z.array(oneOf(COLOR_MODES)))
      .optional(),
  })
  .superRefine(checkAvailabilityExclusive)
  .superRefine((c, ctx) => {
    const problem = c.supported_color_modes && invalidColorModes(c.supported_color_modes);
    if (problem) ctx.addIssue({ code: 'custom', path: ['supported_color_modes'], message: problem });
  })
  .transform(attachTemplates([]));

export type JsonLightConfig = z.output<typeof jsonLightSchema>;

export function jsonColorModes(c: JsonLightConfig): ColorMode[] {
  if (c.supported_color_modes?.length) return [...new Set(c.supported_color_modes)];
  return [c.brightness ? 'brightness' : 'onoff'];
}
const features = (c: JsonLightConfig): LightFeatures => ({
  modes: jsonColorModes(c),
  kelvin: kelvinRange(c),
  transition: c.transition,
  flash: c.flash,
  effects: c.effect ? (c.effect_list ?? []) : undefined,
});

/** A number Python holds as float (printed "2.0"). */
class PyFloat {
  constructor(readonly value: number) {}
}
function dumps(value: unknown): string {
  if (value instanceof PyFloat) return pyFloatStr(value.value);
  if (Array.isArray(value)) return `[${value.map(dumps).join(',')}]`;
  if (isJsonObject(value))
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${dumps(v)}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

function colorUpdate(c: JsonLightConfig, values: Record<string, unknown>): Record<string, unknown> {
  const mode = values.color_mode;
  if (typeof mode !== 'string' || !jsonColorModes(c).includes(mode as ColorMode)) return {};
  const color = isJsonObject(values.color) ? values.color : {};
  const ints = (keys: string[]): number[] | undefined => {
    const out = keys.map((k) => Math.trunc(Number(color[k])));
    return out.some((n) => Number.isNaN(n)) || keys.some((k) => color[k] === undefined || color[k] === null)
      ? undefined
      : out;
  };
  const floats = (keys: string[]): number[] | undefined => {
    const out = keys.map((k) => Number(color[k]));
    return keys.some((k) => typeof color[k] !== 'number' && typeof color[k] !== 'string') || out.some(Number.isNaN)
      ? undefined
      : out;
  };
  const got: Record<string, unknown> | undefined = (() => {
    switch (mode) {
      case 'color_temp': {
        const t = Number(values.color_temp);
        return Number.isFinite(t) && t > 0
          ? { color_temp_kelvin: c.color_temp_kelvin ? t : miredToKelvin(t) }
          : undefined;
      }
      case 'hs': {
        const v = floats(['h', 's']);
        return v && { hs_color: v };
      }
      case 'xy': {
        const v = floats(['x', 'y']);
        return v && { xy_color: v };
      }
      case 'rgb': {
        const v = ints(['r', 'g', 'b']);
        return v && { rgb_color: v };
      }
      case 'rgbw': {
        const v = ints(['r', 'g', 'b', 'w']);
        return v && { rgbw_color: v };
      }
      case 'rgbww': {
        const v = ints(['r', 'g', 'b', 'c', 'w']);
        return v && { rgbww_color: v };
      }
      default:
        return {};
    }
  })();
  return got === undefined ? {} : { ...got, color_mode: mode };
}

function stateUpdate(c: JsonLightConfig, payload: string): StateUpdate | null {
  let values: unknown;
  try {
    values = JSON.parse(payload);
  } catch {
    return null;
  }
  if (!isJsonObject(values) || !('state' in values)) return null;
  const state =
    values.state === 'ON' ? 'on' : values.state === 'OFF' ? 'off' : values.state === null ? 'unknown' : undefined;
  const attributes: Record<string, unknown> = 'color_mode' in values ? colorUpdate(c, values) : {};
  if (brightnessSupported(jsonColorModes(c)) && 'brightness' in values) {
    const b = Number(values.brightness);
    if (Number.isFinite(b) && b !== 0 && values.brightness !== null)
      attributes.brightness = valueToBrightness(c.brightness_scale, b);
  }
  // HA tests `supported_features and EFFECT`, i.e. any feature at all (flash/transition are on by default).
  if ((c.effect || c.flash || c.transition) && 'effect' in values) attributes.effect = values.effect;
  return { ...(state ? { state } : {}), ...(Object.keys(attributes).length ? { attributes } : {}) };
}

function command(
  c: JsonLightConfig,
  action: string,
  data: Record<string, unknown>,
  current: EntityState,
): CommandResult {
  const opt = optimisticByStateTopic(c);
  const modes = jsonColorModes(c);
  const transitionAndFlash = (
    message: Record<string, unknown>,
    args: { transition?: number; flash?: string },
  ): void => {
    if (args.transition !== undefined) message.transition = new PyFloat(args.transition);
    if (args.flash === 'long') message.flash = c.flash_time_long;
    else if (args.flash === 'short') message.flash = c.flash_time_short;
  };
  const off = (): CommandResult => {
    const message: Record<string, unknown> = { state: 'OFF' };
    transitionAndFlash(message, data as { transition?: number; flash?: string });
    return { publish: [publishMsg(c, c.command_topic, dumps(message))], optimistic: opt ? { state: 'off' } : null };
  };
  if (action === 'turn_off' || (action === 'toggle' && current.state === 'on')) return off();
  const args = preprocessTurnOn(action, data, modes, current);
  if (args === 'off') return off();
  const message: Record<string, unknown> = { state: 'ON' };
  const attrs: Record<string, unknown> = {};
  // Without the legacy `brightness` flag HA folds the brightness into the colour and drops it from the message.
  const scaled = (color: readonly number[]): number[] => {
    let b = 255;
    if (!c.brightness) {
      b = args.brightness ?? 255;
      delete args.brightness;
    }
    return color.map((ch) => pyRound((ch / 255) * b));
  };
  if (args.hs && modes.includes('hs')) {
    message.color = { h: new PyFloat(args.hs[0]), s: new PyFloat(args.hs[1]) };
    Object.assign(attrs, { color_mode: 'hs', hs_color: args.hs });
  }
  for (const [mode, keys] of [
    ['rgb', 'rgb'],
    ['rgbw', 'rgbw'],
    ['rgbww', 'rgbcw'],
  ] as const) {
    const color = args[mode];
    if (color === undefined || !modes.includes(mode)) continue;
    const v = scaled(color);
    message.color = Object.fromEntries([...keys].map((k, i) => [k, v[i]]));
    Object.assign(attrs, { color_mode: mode, [`${mode}_color`]: v });
  }
  if (args.xy && modes.includes('xy')) {
    message.color = { x: new PyFloat(args.xy[0]), y: new PyFloat(args.xy[1]) };
    Object.assign(attrs, { color_mode: 'xy', xy_color: args.xy });
  }
  transitionAndFlash(message, args);
  if (args.brightness !== undefined && brightnessSupported(modes)) {
    message.brightness = Math.max(pyRound(brightnessToValue(c.brightness_scale, args.brightness)), 1);
    attrs.brightness = args.brightness;
  }
  if (args.color_temp_kelvin !== undefined) {
    message.color_temp = c.color_temp_kelvin ? args.color_temp_kelvin : kelvinToMired(args.color_temp_kelvin);
    Object.assign(attrs, { color_mode: 'color_temp', color_temp_kelvin: args.color_temp_kelvin, hs_color: null });
  }
  if (args.effect !== undefined) {
    message.effect = args.effect;
    attrs.effect = args.effect;
  }
  return {
    publish: [publishMsg(c, c.command_topic, dumps(message))],
    optimistic: opt ? { state: 'on', ...(Object.keys(attrs).length ? { attributes: attrs } : {}) } : null,
  };
}

export const jsonLight: PlatformModule<JsonLightConfig> = definePlatform<JsonLightConfig>({
  domain: 'light',
  attributesBlocked: LIGHT_ATTRIBUTES_BLOCKED,
  schema: jsonLightSchema,
  optimistic: optimisticByStateTopic,
  initialState: (c) => ({ state: 'unknown', attributes: lightAttributes(features(c)) }),
  handlers: [{ key: 'state_topic', handle: stateUpdate }],
  actions: (c) => lightActions(features(c)),
  command,
});

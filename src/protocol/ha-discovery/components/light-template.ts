/**
 * MQTT light, `schema: template` (mqtt/light/schema_template.py). Commands are command_on_template /
 * command_off_template rendered with the service's values: state (True/False), brightness, color_temp
 * (mired, or kelvin with color_temp_kelvin), red/green/blue (the colour at the brightness, 255 when there
 * is a brightness_template), hue/sat (floats), effect, flash, transition (float); absent ones are undefined.
 * One state topic feeds every *_template. Colour modes: onoff, brightness (brightness_template),
 * color_temp (color_temp_template), hs (red+green+blue templates), reduced as light's
 * filter_supported_color_modes does. Flash and transition are always supported, effects with effect_list.
 * Optimistic with `optimistic`, without state_topic, or without state_template.
 */
import { z } from 'zod';
import { checkAvailabilityExclusive, entityCommonShape, readWriteShape, templateSchema } from '../common-schema.js';
import { PyFloat } from '../../template/index.js';
import { kelvinToMired, miredToKelvin, rgbToHs, type Hs, type Rgb } from './color.js';
import {
  kelvinRange,
  LIGHT_ATTRIBUTES_BLOCKED,
  lightActions,
  lightAttributes,
  lightRangeShape,
  preprocessTurnOn,
  type ColorMode,
  type LightFeatures,
} from './light-common.js';
import type { CommandResult, EntityState, PlatformModule, StateUpdate } from './platform.js';
import { attachTemplates, definePlatform, PAYLOAD_NONE, publishMsg, renderCommand, renderValue } from './shared.js';

const VALUE_TEMPLATES = [
  'state_template',
  'brightness_template',
  'color_temp_template',
  'red_template',
  'green_template',
  'blue_template',
  'effect_template',
] as const;

export const templateLightSchema = z
  .object({
    ...entityCommonShape,
    ...readWriteShape,
    schema: z.literal('template'),
    command_on_template: templateSchema,
    command_off_template: templateSchema,
    state_template: templateSchema.optional(),
    brightness_template: templateSchema.optional(),
    color_temp_template: templateSchema.optional(),
    red_template: templateSchema.optional(),
    green_template: templateSchema.optional(),
    blue_template: templateSchema.optional(),
    effect_template: templateSchema.optional(),
    ...lightRangeShape,
  })
  .superRefine(checkAvailabilityExclusive)
  .transform(attachTemplates(['command_on_template', 'command_off_template', ...VALUE_TEMPLATES]));

export type TemplateLightConfig = z.output<typeof templateLightSchema>;

const hasRgb = (c: TemplateLightConfig): boolean =>
  c.red_template !== undefined && c.green_template !== undefined && c.blue_template !== undefined;

export function templateColorModes(c: TemplateLightConfig): ColorMode[] {
  const modes: ColorMode[] = ['onoff'];
  if (c.brightness_template !== undefined) modes.push('brightness');
  if (c.color_temp_template !== undefined) modes.push('color_temp');
  if (hasRgb(c)) modes.push('hs');
  // filter_supported_color_modes: onoff, then brightness, give way to any richer mode
  const withoutOnoff = modes.length > 1 ? modes.filter((m) => m !== 'onoff') : modes;
  return withoutOnoff.length > 1 ? withoutOnoff.filter((m) => m !== 'brightness') : withoutOnoff;
}
const fixedMode = (c: TemplateLightConfig): ColorMode | undefined => {
  const modes = templateColorModes(c);
  return modes.length === 1 ? modes[0] : undefined;
};
const features = (c: TemplateLightConfig): LightFeatures => ({
  modes: templateColorModes(c),
  kelvin: kelvinRange(c),
  transition: true,
  flash: true,
  effects: c.effect_list,
});
export const templateLightOptimistic = (c: TemplateLightConfig): boolean =>
  c.optimistic || c.state_topic === undefined || c.state_template === undefined;

/** Python's int(text): surrounding whitespace, a sign, digits (underscores between them). */
function pyInt(text: string): number | undefined {
  return /^\s*[+-]?\d+(_\d+)*\s*$/.test(text) ? Number(text.replace(/[\s_]/g, '')) : undefined;
}

/** color_hsv_to_RGB: colorsys.hsv_to_rgb(h/360, s/100, v/100), each channel int()ed (truncated). */
export function hsvToRgb(h: number, s: number, v: number): Rgb {
  const [H, S, V] = [h / 360, s / 100, v / 100];
  if (S === 0) return [V, V, V].map((x) => Math.trunc(x * 255)) as Rgb;
  const i = Math.trunc(H * 6);
  const f = H * 6 - i;
  const [p, q, t] = [V * (1 - S), V * (1 - S * f), V * (1 - S * (1 - f))];
  const table: [number, number, number][] = [
    [V, t, p],
    [q, V, p],
    [p, V, t],
    [p, q, V],
    [t, p, V],
    [V, p, q],
  ];
  return (table[((i % 6) + 6) % 6] as [number, number, number]).map((x) => Math.trunc(x * 255)) as Rgb;
}

/** Sentinel: HA's handler raises (the whole message is dropped). */
const DROP = Symbol('drop');

function colorTemp(c: TemplateLightConfig, text: string): number | null | undefined | typeof DROP {
  if (c.color_temp_kelvin) return pyInt(text);
  if (text === PAYLOAD_NONE) return null;
  const mired = pyInt(text);
  if (mired === 0) return DROP; // ZeroDivisionError in color_temperature_mired_to_kelvin
  return mired === undefined ? undefined : miredToKelvin(mired);
}

function rgbUpdate(c: TemplateLightConfig, texts: string[], attrs: Record<string, unknown>): void {
  if (texts.some((t) => t === '')) return;
  let hs: Hs | null = null;
  if (!texts.every((t) => t === PAYLOAD_NONE)) {
    const rgb = texts.map(pyInt);
    if (rgb.some((x) => x === undefined)) return;
    hs = rgbToHs(rgb as Rgb);
  }
  attrs.hs_color = hs;
  if (fixedMode(c) === undefined) attrs.color_mode = hs ? 'hs' : 'color_temp';
}

function stateUpdate(c: TemplateLightConfig, payload: string): StateUpdate | null {
  const rendered: Partial<Record<(typeof VALUE_TEMPLATES)[number], string>> = {};
  for (const key of VALUE_TEMPLATES) {
    if (key !== 'state_template' && c[key] === undefined) continue;
    const text = renderValue(c.templates[key], payload);
    if (text === undefined) return null; // a Python error in a template: HA drops the message
    rendered[key] = text;
  }
  const attrs: Record<string, unknown> = {};
  const s = rendered.state_template;
  const state = s === 'on' ? 'on' : s === 'off' ? 'off' : s === PAYLOAD_NONE ? 'unknown' : undefined;
  const brightness = rendered.brightness_template ? pyInt(rendered.brightness_template) : undefined;
  if (brightness) attrs.brightness = brightness;
  if (rendered.color_temp_template) {
    const kelvin = colorTemp(c, rendered.color_temp_template);
    if (kelvin === DROP) return null;
    if (kelvin !== undefined) attrs.color_temp_kelvin = kelvin;
  }
  const { red_template: r, green_template: g, blue_template: b, effect_template: effect } = rendered;
  if (r !== undefined && g !== undefined && b !== undefined) rgbUpdate(c, [r, g, b], attrs);
  if (effect) {
    if (c.effect_list === undefined) return null; // KeyError on the missing effect_list: HA drops the message
    if (c.effect_list.includes(effect)) attrs.effect = effect;
  }
  if (state === undefined && Object.keys(attrs).length === 0) return null;
  return { ...(state === undefined ? {} : { state }), ...(Object.keys(attrs).length ? { attributes: attrs } : {}) };
}

function command(
  c: TemplateLightConfig,
  action: string,
  data: Record<string, unknown>,
  current: EntityState,
): CommandResult {
  const opt = templateLightOptimistic(c);
  const modes = templateColorModes(c);
  type Key = 'command_on_template' | 'command_off_template';
  const send = (key: Key, vars: Record<string, unknown>): CommandResult['publish'] => [
    publishMsg(c, c.command_topic, renderCommand(c.templates[key], null, vars)),
  ];
  const transition = (t: unknown): Record<string, unknown> =>
    typeof t === 'number' ? { transition: new PyFloat(t) } : {};
  const off = (): CommandResult => ({
    publish: send('command_off_template', { state: false, ...transition(data.transition) }),
    optimistic: opt ? { state: 'off' } : null,
  });
  if (action === 'turn_off' || (action === 'toggle' && current.state === 'on')) return off();
  const args = preprocessTurnOn(action, data, modes, current);
  if (args === 'off') return off();
  const vars: Record<string, unknown> = { state: true };
  const attrs: Record<string, unknown> = {};
  const mode = (m: ColorMode): void => {
    if (fixedMode(c) === undefined) attrs.color_mode = m;
  };
  if (args.brightness !== undefined) vars.brightness = attrs.brightness = Math.trunc(args.brightness);
  if (args.color_temp_kelvin !== undefined) {
    const k = args.color_temp_kelvin;
    vars.color_temp = c.color_temp_kelvin ? k : kelvinToMired(k);
    Object.assign(attrs, { color_temp_kelvin: k }, modes.includes('hs') ? { hs_color: null } : {});
    mode('color_temp');
  }
  if (args.hs !== undefined) {
    const [h, s] = args.hs;
    const known = current.attributes.brightness;
    const fallback = typeof known === 'number' ? known : 255;
    const level = c.brightness_template !== undefined ? 255 : (args.brightness ?? fallback);
    const [red, green, blue] = hsvToRgb(h, s, (level / 255) * 100);
    Object.assign(vars, { red, green, blue, hue: new PyFloat(h), sat: new PyFloat(s) });
    Object.assign(attrs, { hs_color: [h, s] }, modes.includes('color_temp') ? { color_temp_kelvin: null } : {});
    mode('hs');
  }
  if (args.effect !== undefined) vars.effect = attrs.effect = args.effect;
  if (args.flash !== undefined) vars.flash = args.flash;
  Object.assign(vars, transition(args.transition));
  const update = { state: 'on', ...(Object.keys(attrs).length ? { attributes: attrs } : {}) };
  return { publish: send('command_on_template', vars), optimistic: opt ? update : null };
}

export const templateLight: PlatformModule<TemplateLightConfig> = definePlatform<TemplateLightConfig>({
  domain: 'light',
  schema: templateLightSchema,
  optimistic: templateLightOptimistic,
  attributesBlocked: LIGHT_ATTRIBUTES_BLOCKED,
  initialState: (c) => {
    const fixed = fixedMode(c);
    const attributes = { ...lightAttributes(features(c)), ...(fixed ? { color_mode: fixed } : {}) };
    return { state: 'unknown', attributes };
  },
  handlers: [{ key: 'state_topic', handle: stateUpdate }],
  actions: (c) => lightActions(features(c)),
  command,
});

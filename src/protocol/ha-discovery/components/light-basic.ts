/**
 * MQTT light, default schema `basic` (mqtt/light/schema_basic.py): one topic per attribute.
 * Colour modes come from the configured command topics (none → brightness if brightness_command_topic,
 * else onoff); on_command_type last|first|brightness; brightness is published scaled to brightness_scale;
 * rgb as "r,g,b" (scaled by brightness when there is no brightness topic), hs/xy as "a,b", colour
 * temperature in mired unless color_temp_kelvin. The basic schema has no transition or flash.
 */
import { kelvinToMired, miredToKelvin } from './color.js';
import {
  kelvinRange,
  LIGHT_ATTRIBUTES_BLOCKED,
  lightActions,
  lightAttributes,
  preprocessTurnOn,
  type LightFeatures,
} from './light-common.js';
import {
  basicColorModes,
  basicLightSchema,
  colorModeUpdate,
  optimisticAttr,
  type BasicLightConfig,
} from './light-basic-schema.js';
import type { CommandResult, EntityState, MqttPublish, PlatformModule, StateUpdate } from './platform.js';
import {
  definePlatform,
  optimisticByStateTopic,
  PAYLOAD_NONE,
  parsePyFloat,
  publishMsg,
  pyFloatStr,
  pyRound,
  renderCommand,
  renderValue,
  type TopicHandler,
} from './shared.js';

const features = (c: BasicLightConfig): LightFeatures => ({
  modes: basicColorModes(c),
  kelvin: kelvinRange(c),
  transition: false,
  flash: false,
  effects: c.effect_command_topic !== undefined ? c.effect_list : undefined,
});
const render = (c: BasicLightConfig, key: string, payload: string): string | undefined =>
  renderValue(c.templates[key], payload);

function channels(c: BasicLightConfig, attr: 'rgb' | 'rgbw' | 'rgbww', payload: string): StateUpdate | null {
  const v = render(c, `${attr}_value_template`, payload);
  if (!v) return null;
  let color = v.split(',').map((x) => Math.trunc(Number(x)));
  if (color.some((x) => Number.isNaN(x))) return null;
  const attributes: Record<string, unknown> = colorModeUpdate(c, attr);
  if (c.brightness_state_topic === undefined) {
    const brightness = Math.max(...color);
    if (brightness === 0) return null;
    attributes.brightness = brightness;
    color = color.map((ch) => Math.min(pyRound((ch / brightness) * 255), 255));
  }
  return { attributes: { ...attributes, [`${attr}_color`]: color } };
}

function pair(c: BasicLightConfig, attr: 'hs' | 'xy', payload: string): StateUpdate | null {
  const v = render(c, `${attr}_value_template`, payload);
  if (!v) return null;
  const values = v.split(',', 2).map((x) => parsePyFloat(x));
  if (values.length !== 2 || values.some((x) => x === undefined)) return null;
  return { attributes: { ...colorModeUpdate(c, attr), [`${attr}_color`]: values } };
}

const handlers: TopicHandler<BasicLightConfig>[] = [
  {
    key: 'state_topic',
    handle: (c, p) => {
      const v = render(c, 'state_value_template', p);
      if (!v) return null;
      if (v === c.payload_on) return { state: 'on' };
      if (v === c.payload_off) return { state: 'off' };
      return v === PAYLOAD_NONE ? { state: 'unknown' } : null;
    },
  },
  {
    key: 'brightness_state_topic',
    handle: (c, p) => {
      const n = parsePyFloat(render(c, 'brightness_value_template', p) ?? '');
      if (n === undefined || n === 0) return null;
      return { attributes: { brightness: Math.min(pyRound((n / c.brightness_scale) * 255), 255) } };
    },
  },
  { key: 'rgb_state_topic', handle: (c, p) => channels(c, 'rgb', p) },
  { key: 'rgbw_state_topic', handle: (c, p) => channels(c, 'rgbw', p) },
  { key: 'rgbww_state_topic', handle: (c, p) => channels(c, 'rgbww', p) },
  { key: 'hs_state_topic', handle: (c, p) => pair(c, 'hs', p) },
  { key: 'xy_state_topic', handle: (c, p) => pair(c, 'xy', p) },
  {
    key: 'color_mode_state_topic',
    handle: (c, p) => {
      const v = render(c, 'color_mode_value_template', p);
      return v ? { attributes: { color_mode: v } } : null;
    },
  },
  {
    key: 'effect_state_topic',
    handle: (c, p) => {
      const v = render(c, 'effect_value_template', p);
      return v ? { attributes: { effect: v } } : null;
    },
  },
  {
    key: 'color_temp_state_topic',
    handle: (c, p) => {
      const v = render(c, 'color_temp_value_template', p);
      if (!v || !/^\s*[+-]?\d+\s*$/.test(v)) return null;
      const n = Number.parseInt(v, 10);
      return {
        attributes: {
          ...colorModeUpdate(c, 'color_temp'),
          color_temp_kelvin: c.color_temp_kelvin ? n : miredToKelvin(n),
        },
      };
    },
  },
];

function command(
  c: BasicLightConfig,
  action: string,
  data: Record<string, unknown>,
  current: EntityState,
): CommandResult {
  const publish: MqttPublish[] = [];
  const attributes: Record<string, unknown> = {};
  const send = (topic: string | undefined, payload: string): void =>
    void publish.push(publishMsg(c, topic ?? '', payload));
  const power = (on: boolean): CommandResult => ({
    publish: [publishMsg(c, c.command_topic, on ? c.payload_on : c.payload_off)],
    optimistic: optimisticByStateTopic(c) ? { state: on ? 'on' : 'off' } : null,
  });
  if (action === 'turn_off' || (action === 'toggle' && current.state === 'on')) return power(false);
  const args = preprocessTurnOn(action, data, basicColorModes(c), current);
  if (args === 'off') return power(false);
  const currentBrightness =
    typeof current.attributes.brightness === 'number' ? current.attributes.brightness : undefined;
  if (c.on_command_type === 'first') send(c.command_topic, c.payload_on);
  else if (c.on_command_type === 'brightness' && args.brightness === undefined)
    args.brightness = currentBrightness || 255;
  const scale = (color: readonly number[], brightness?: number): number[] => {
    const b =
      brightness ?? (c.brightness_command_topic !== undefined ? 255 : args.brightness || currentBrightness || 255);
    return color.map((ch) => Math.trunc((ch * b) / 255));
  };
  const setOptimistic = (topic: string | undefined, values: Record<string, unknown>, mode?: string): void => {
    if (!optimisticAttr(c, topic)) return;
    Object.assign(attributes, values, mode ? colorModeUpdate(c, mode) : {});
  };
  const KEYS = {
    rgb: ['red', 'green', 'blue'],
    rgbw: ['red', 'green', 'blue', 'white'],
    rgbww: ['red', 'green', 'blue', 'cold_white', 'warm_white'],
  } as const;
  const sendChannels = (attr: 'rgb' | 'rgbw' | 'rgbww', color: readonly number[]): void => {
    const vars = Object.fromEntries(KEYS[attr].map((k, i) => [k, color[i]]));
    send(c[`${attr}_command_topic`], renderCommand(c.templates[`${attr}_command_template`], color.join(','), vars));
  };
  if (args.hs && c.hs_command_topic !== undefined) {
    const [h, s] = args.hs;
    send(
      c.hs_command_topic,
      renderCommand(c.templates.hs_command_template, `${pyFloatStr(h)},${pyFloatStr(s)}`, { hue: h, sat: s }),
    );
    setOptimistic(c.hs_state_topic, { hs_color: args.hs }, 'hs');
  }
  for (const attr of ['rgb', 'rgbw', 'rgbww'] as const) {
    const color = args[attr];
    if (color === undefined || c[`${attr}_command_topic`] === undefined) continue;
    sendChannels(attr, scale(color));
    setOptimistic(c[`${attr}_state_topic`], { [`${attr}_color`]: color }, attr);
  }
  if (args.xy && c.xy_command_topic !== undefined) {
    const [x, y] = args.xy;
    send(
      c.xy_command_topic,
      renderCommand(c.templates.xy_command_template, `${pyFloatStr(x)},${pyFloatStr(y)}`, { x, y }),
    );
    setOptimistic(c.xy_state_topic, { xy_color: args.xy }, 'xy');
  }
  if (args.brightness !== undefined) {
    const brightnessOptimistic =
      c.optimistic ||
      (c.brightness_command_topic !== undefined
        ? c.brightness_state_topic === undefined
        : c.rgb_state_topic === undefined);
    const fallback = (['rgb', 'rgbw', 'rgbww'] as const).find(
      (a) => args[a] === undefined && c[`${a}_command_topic`] !== undefined,
    );
    if (c.brightness_command_topic !== undefined) {
      const device = Math.max(Math.min(pyRound((args.brightness / 255) * c.brightness_scale), c.brightness_scale), 1);
      send(c.brightness_command_topic, renderCommand(c.templates.brightness_command_template, device));
    } else if (fallback !== undefined) {
      const last = current.attributes[`${fallback}_color`];
      const base = Array.isArray(last) ? (last as number[]) : new Array<number>(fallback.length).fill(255);
      sendChannels(fallback, scale(base, args.brightness));
    }
    if (brightnessOptimistic && (c.brightness_command_topic !== undefined || fallback !== undefined))
      attributes.brightness = args.brightness;
  }
  if (args.color_temp_kelvin !== undefined && c.color_temp_command_topic !== undefined) {
    const k = args.color_temp_kelvin;
    send(
      c.color_temp_command_topic,
      renderCommand(c.templates.color_temp_command_template, c.color_temp_kelvin ? k : kelvinToMired(k)),
    );
    setOptimistic(c.color_temp_state_topic, { color_temp_kelvin: k }, 'color_temp');
  }
  if (args.effect !== undefined && c.effect_command_topic !== undefined && c.effect_list?.includes(args.effect)) {
    send(c.effect_command_topic, renderCommand(c.templates.effect_command_template, args.effect));
    setOptimistic(c.effect_state_topic, { effect: args.effect });
  }
  if (c.on_command_type === 'last') send(c.command_topic, c.payload_on);
  const on = optimisticByStateTopic(c);
  const touched = on || Object.keys(attributes).length > 0;
  return {
    publish,
    optimistic: touched
      ? { ...(on ? { state: 'on' } : {}), ...(Object.keys(attributes).length ? { attributes } : {}) }
      : null,
  };
}

export const basicLight: PlatformModule<BasicLightConfig> = definePlatform<BasicLightConfig>({
  domain: 'light',
  attributesBlocked: LIGHT_ATTRIBUTES_BLOCKED,
  schema: basicLightSchema,
  optimistic: optimisticByStateTopic,
  initialState: (c) => ({ state: 'unknown', attributes: lightAttributes(features(c)) }),
  handlers,
  actions: (c) => lightActions(features(c)),
  command,
});

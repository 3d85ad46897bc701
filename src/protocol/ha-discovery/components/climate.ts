/**
 * MQTT climate (mqtt/climate.py): no required key. modes default [auto, off, cool, heat, dry, fan_only],
 * fan_modes [auto, low, medium, high], swing_modes [on, off]; min_temp/max_temp default to 7/35 °C
 * (ClimateEntity defaults, converted for °F), temp_step 1, initial 21 °C; every *_state_template falls back
 * to value_template. Temperatures are published as Python floats ("21.0", also as a template's `value`). The
 * service check "temperature must lie within min_temp..max_temp" is enforced with CommandError. What climate
 * shares with water_heater (HA's MqttTemperatureControlEntity) lives in climate-common.ts.
 */
import { listed, numericHandler, renderState, temperatureCommand } from './climate-common.js';
import { climateSchema, MODES, optimisticFor, str, type ClimateConfig } from './climate-schema.js';
import {
  CommandError,
  type ActionSpec,
  type CommandResult,
  type EntityState,
  type MqttPublish,
  type PlatformModule,
} from './platform.js';
import { definePlatform, PAYLOAD_NONE, publishMsg, pyFloatStr, renderCommand, type TopicHandler } from './shared.js';

/** [state topic key, state template key, attribute]; numeric values. */
const NUMERIC: readonly [string, string, string][] = [
  ['current_temperature_topic', 'current_temperature_template', 'current_temperature'],
  ['temperature_state_topic', 'temperature_state_template', 'temperature'],
  ['temperature_low_state_topic', 'temperature_low_state_template', 'target_temp_low'],
  ['temperature_high_state_topic', 'temperature_high_state_template', 'target_temp_high'],
  ['current_humidity_topic', 'current_humidity_template', 'current_humidity'],
  ['target_humidity_state_topic', 'target_humidity_state_template', 'humidity'],
];
const HVAC_ACTIONS = ['off', 'preheating', 'heating', 'cooling', 'drying', 'idle', 'fan', 'defrosting'];

const render = renderState;

const handlers: TopicHandler<ClimateConfig>[] = NUMERIC.map(([topic, tpl, attr]) => numericHandler(topic, tpl, attr));
handlers.push(
  {
    key: 'mode_state_topic',
    handle: (c, p) => listed(render(c, 'mode_state_template', p), c.modes, (v) => ({ state: v ?? 'unknown' })),
  },
  {
    key: 'action_topic',
    handle: (c, p) =>
      listed(render(c, 'action_template', p) || undefined, HVAC_ACTIONS, (v) => ({ attributes: { hvac_action: v } })),
  },
  ...MODES.map(
    ([kind, list]): TopicHandler<ClimateConfig> => ({
      key: `${kind}_state_topic`,
      handle: (c, p) => listed(render(c, `${kind}_state_template`, p), c[list], (v) => ({ attributes: { [kind]: v } })),
    }),
  ),
  {
    key: 'preset_mode_state_topic',
    handle: (c, p) => {
      const v = render(c, 'preset_mode_value_template', p);
      if (v === 'none' || v === PAYLOAD_NONE) return { attributes: { preset_mode: 'none' } };
      return v && c.preset_modes.includes(v) ? { attributes: { preset_mode: v } } : null;
    },
  },
);

function initialState(c: ClimateConfig): EntityState {
  const a: Record<string, unknown> = {
    hvac_modes: c.modes,
    min_temp: c.min_temp,
    max_temp: c.max_temp,
    target_temp_step: c.temp_step,
  };
  for (const key of ['temperature', 'temperature_low', 'temperature_high'] as const) {
    const attr = key === 'temperature' ? 'temperature' : key.replace('temperature', 'target_temp');
    a[attr] = optimisticFor(c, `${key}_state_topic`) ? c.initial : null;
  }
  for (const [kind, list] of MODES) {
    if (str(c, `${kind}_state_topic`) === undefined && str(c, `${kind}_command_topic`) === undefined) continue;
    a[list] = c[list];
    a[kind] = optimisticFor(c, `${kind}_state_topic`) ? (kind === 'fan_mode' ? 'low' : 'off') : null;
  }
  if (c.preset_mode_command_topic !== undefined)
    Object.assign(a, { preset_modes: ['none', ...c.preset_modes], preset_mode: 'none' });
  return { state: optimisticFor(c, 'mode_state_topic') ? 'off' : 'unknown', attributes: a };
}

function actions(c: ClimateConfig): Record<string, ActionSpec> {
  const unit = c.fahrenheit ? '°F' : '°C';
  const temp = { type: 'number', min: c.min_temp, max: c.max_temp, step: c.temp_step, unit } as const;
  const out: Record<string, ActionSpec> = {};
  const params: Record<string, typeof temp | { type: 'string'; options: string[] }> = {};
  if (c.temperature_command_topic) params.temperature = temp;
  if (c.temperature_low_command_topic) params.target_temp_low = temp;
  if (c.temperature_high_command_topic) params.target_temp_high = temp;
  if (Object.keys(params).length > 0) {
    if (c.mode_command_topic) params.hvac_mode = { type: 'string', options: c.modes };
    out.set_temperature = { description: 'Set the target temperature(s)', params };
  }
  if (c.mode_command_topic)
    out.set_hvac_mode = {
      description: 'Set the HVAC mode',
      params: { hvac_mode: { type: 'string', options: c.modes, required: true } },
    };
  for (const [kind, list] of MODES) {
    if (str(c, `${kind}_command_topic`))
      out[`set_${kind}`] = {
        description: `Set ${kind.replaceAll('_', ' ')}`,
        params: { [kind]: { type: 'string', options: c[list], required: true } },
      };
  }
  if (c.preset_mode_command_topic)
    out.set_preset_mode = {
      description: 'Set preset',
      params: { preset_mode: { type: 'string', options: ['none', ...c.preset_modes], required: true } },
    };
  if (c.target_humidity_command_topic)
    out.set_humidity = {
      description: 'Set target humidity',
      params: { humidity: { type: 'number', min: c.min_humidity, max: c.max_humidity, unit: '%', required: true } },
    };
  const canOff = c.power_command_topic !== undefined || (c.mode_command_topic !== undefined && c.modes.includes('off'));
  if (canOff) out.turn_off = { description: 'Turn off', params: {} };
  if (
    c.power_command_topic !== undefined ||
    (c.mode_command_topic !== undefined && c.modes.length === 2 && c.modes.includes('off'))
  )
    out.turn_on = { description: 'Turn on', params: {} };
  return out;
}

function command(c: ClimateConfig, action: string, data: Record<string, unknown>): CommandResult {
  const publish: MqttPublish[] = [];
  let state: string | undefined;
  const attributes: Record<string, unknown> = {};
  const send = (kind: string, value: unknown, formatted: unknown = value): void => {
    publish.push(
      publishMsg(
        c,
        str(c, `${kind}_command_topic`) ?? '',
        renderCommand(c.templates[`${kind}_command_template`], formatted),
      ),
    );
  };
  const setMode = (mode: string): void => {
    send('mode', mode);
    if (optimisticFor(c, 'mode_state_topic')) state = mode;
  };
  const modeData = (key: string): string => data[key] as string;
  if (action === 'set_temperature') {
    if (data.temperature === undefined && data.target_temp_low === undefined && data.target_temp_high === undefined) {
      throw new CommandError('set_temperature: give temperature or target_temp_low/target_temp_high');
    }
    if (data.hvac_mode !== undefined) setMode(modeData('hvac_mode'));
    for (const [param, kind, attr] of [
      ['temperature', 'temperature', 'temperature'],
      ['target_temp_low', 'temperature_low', 'target_temp_low'],
      ['target_temp_high', 'temperature_high', 'target_temp_high'],
    ] as const) {
      const t = data[param] as number | undefined;
      if (t === undefined) continue;
      const topic = str(c, `${kind}_command_topic`) ?? '';
      publish.push(publishMsg(c, topic, temperatureCommand(c.templates[`${kind}_command_template`], t)));
      if (optimisticFor(c, `${kind}_state_topic`)) attributes[attr] = t;
    }
  } else if (action === 'set_hvac_mode') setMode(modeData('hvac_mode'));
  else if (action === 'set_humidity') {
    const h = data.humidity as number;
    send('target_humidity', h, c.templates.target_humidity_command_template ? h : pyFloatStr(h));
    if (optimisticFor(c, 'target_humidity_state_topic')) attributes.humidity = h;
  } else if (action === 'set_preset_mode') {
    send('preset_mode', modeData('preset_mode'));
    if (optimisticFor(c, 'preset_mode_state_topic')) attributes.preset_mode = modeData('preset_mode');
  } else if (action === 'turn_on' || action === 'turn_off') {
    if (c.power_command_topic !== undefined) {
      send('power', action === 'turn_on' ? c.payload_on : c.payload_off);
      if (action === 'turn_off' && c.optimistic) state = 'off';
    } else setMode(action === 'turn_off' ? 'off' : (c.modes.find((m) => m !== 'off') ?? 'off'));
  } else {
    const kind = action.slice(4);
    send(kind, modeData(kind));
    if (optimisticFor(c, `${kind}_state_topic`)) attributes[kind] = modeData(kind);
  }
  const touched = state !== undefined || Object.keys(attributes).length > 0;
  return {
    publish,
    optimistic: touched
      ? { ...(state ? { state } : {}), ...(Object.keys(attributes).length ? { attributes } : {}) }
      : null,
  };
}

export const climatePlatform: PlatformModule<ClimateConfig> = definePlatform<ClimateConfig>({
  domain: 'climate',
  schema: climateSchema,
  optimistic: (c) => optimisticFor(c, 'mode_state_topic'),
  attributesBlocked: [
    'fan_modes',
    'hvac_modes',
    'max_humidity',
    'max_temp',
    'min_humidity',
    'min_temp',
    'preset_modes',
    'swing_horizontal_modes',
    'swing_modes',
    'target_temp_step',
    'current_humidity',
    'current_temperature',
    'fan_mode',
    'hvac_action',
    'preset_mode',
    'swing_horizontal_mode',
    'swing_mode',
    'humidity',
    'temperature',
    'target_temp_high',
    'target_temp_low',
  ],
  initialState,
  handlers,
  actions,
  command,
});

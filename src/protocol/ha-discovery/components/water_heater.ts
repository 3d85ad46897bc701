/**
 * MQTT water heater (mqtt/water_heater.py, on MqttTemperatureControlEntity): no required key. modes default
 * [eco, electric, gas, heat_pump, high_demand, performance, off]; min_temp/max_temp default to 110/140 °F
 * (WaterHeaterEntity's defaults, converted for °C) and the initial target temperature to 110 °F; precision
 * defaults to tenths for °C and whole degrees for °F; the state templates fall back to value_template.
 * The state is the operation mode ('off' at start without a mode state topic or with `optimistic`).
 * Attributes: min_temp, max_temp, current_temperature, temperature, target_temp_high/low (always null here),
 * and with an operation mode feature (a mode state or command topic) operation_list and operation_mode.
 * Temperatures are shown rounded to the precision, in the entity's own unit, and published as Python floats.
 * Like HA: set_temperature checks no range and passes its operation_mode on unchecked; turn_on/turn_off need
 * power_command_topic and change nothing optimistically. The parsed config keeps the modes as
 * `operation_list` and min_temp/max_temp as shown.
 */
import { z } from 'zod';
import {
  checkAvailabilityExclusive,
  entityCommonShape,
  haBoolean,
  haFloat,
  haString,
  positiveInt,
  publishTopic,
  stringList,
  subscribeTopic,
  templateSchema,
} from '../common-schema.js';
import {
  displayTemp,
  fahrenheitToCelsius,
  listed,
  numericHandler,
  precisionSchema,
  renderState,
  temperatureCommand,
  temperatureUnitSchema,
} from './climate-common.js';
import type { ActionSpec, CommandResult, EntityState, MqttPublish, PlatformModule } from './platform.js';
import { attachTemplates, definePlatform, publishMsg, renderCommand } from './shared.js';

const DEFAULT_MODES = ['eco', 'electric', 'gas', 'heat_pump', 'high_demand', 'performance', 'off'];
const DEFAULT_MIN_F = 110;
const DEFAULT_MAX_F = 140;
const TEMPLATES = [
  'current_temperature_template',
  'mode_state_template',
  'temperature_state_template',
  'value_template',
  'mode_command_template',
  'temperature_command_template',
  'power_command_template',
] as const;

const schema = z
  .object({
    ...entityCommonShape,
    ...(Object.fromEntries(TEMPLATES.map((k) => [k, templateSchema.optional()])) as Record<
      (typeof TEMPLATES)[number],
      z.ZodOptional<typeof templateSchema>
    >),
    current_temperature_topic: subscribeTopic.optional(),
    temperature_state_topic: subscribeTopic.optional(),
    temperature_command_topic: publishTopic.optional(),
    mode_state_topic: subscribeTopic.optional(),
    mode_command_topic: publishTopic.optional(),
    power_command_topic: publishTopic.optional(),
    modes: stringList.default(DEFAULT_MODES),
    optimistic: haBoolean.default(false),
    retain: haBoolean.default(false),
    payload_on: haString.default('ON'),
    payload_off: haString.default('OFF'),
    precision: precisionSchema.optional(),
    initial: positiveInt.optional(),
    min_temp: haFloat.optional(),
    max_temp: haFloat.optional(),
    temperature_unit: temperatureUnitSchema.optional(),
  })
  .superRefine(checkAvailabilityExclusive)
  .transform(({ modes, ...c }) => {
    const unit = c.temperature_unit ?? 'C';
    const precision = c.precision ?? (unit === 'C' ? 0.1 : 1);
    const fromF = (f: number): number => (unit === 'F' ? f : fahrenheitToCelsius(f));
    return {
      ...c,
      unit,
      precision,
      operation_list: modes,
      min_temp: displayTemp(c.min_temp ?? fromF(DEFAULT_MIN_F), precision),
      max_temp: displayTemp(c.max_temp ?? fromF(DEFAULT_MAX_F), precision),
      initial: c.initial ?? fromF(DEFAULT_MIN_F),
    };
  })
  .transform(attachTemplates([...TEMPLATES]));

export type WaterHeaterConfig = z.output<typeof schema>;

const modeOptimistic = (c: WaterHeaterConfig): boolean => c.optimistic || c.mode_state_topic === undefined;
const temperatureOptimistic = (c: WaterHeaterConfig): boolean =>
  c.optimistic || c.temperature_state_topic === undefined;
/** WaterHeaterEntityFeature.OPERATION_MODE / TARGET_TEMPERATURE / ON_OFF */
const hasModes = (c: WaterHeaterConfig): boolean =>
  c.mode_state_topic !== undefined || c.mode_command_topic !== undefined;
const hasTarget = (c: WaterHeaterConfig): boolean =>
  c.temperature_state_topic !== undefined || c.temperature_command_topic !== undefined;
const shown = (c: WaterHeaterConfig, t: number): number => displayTemp(t, c.precision);

function initialState(c: WaterHeaterConfig): EntityState {
  const attributes: Record<string, unknown> = {
    min_temp: c.min_temp,
    max_temp: c.max_temp,
    current_temperature: null,
    temperature: temperatureOptimistic(c) ? shown(c, c.initial) : null,
    target_temp_high: null,
    target_temp_low: null,
  };
  const mode = modeOptimistic(c) ? 'off' : null;
  if (hasModes(c)) Object.assign(attributes, { operation_list: c.operation_list, operation_mode: mode });
  return { state: mode ?? 'unknown', attributes };
}

function actions(c: WaterHeaterConfig): Record<string, ActionSpec> {
  const out: Record<string, ActionSpec> = {};
  if (hasTarget(c)) {
    out.set_temperature = {
      description: 'Set the target temperature (and the operation mode)',
      params: {
        temperature: { type: 'number', unit: c.unit === 'F' ? '°F' : '°C', required: true },
        operation_mode: { type: 'string' },
      },
    };
  }
  if (hasModes(c)) {
    out.set_operation_mode = {
      description: 'Set the operation mode',
      params: { operation_mode: { type: 'string', options: c.operation_list, required: true } },
    };
  }
  if (c.power_command_topic !== undefined) {
    out.turn_on = { description: 'Turn on', params: {} };
    out.turn_off = { description: 'Turn off', params: {} };
  }
  return out;
}

function command(c: WaterHeaterConfig, action: string, data: Record<string, unknown>): CommandResult {
  const publish: MqttPublish[] = [];
  const attributes: Record<string, unknown> = {};
  let state: string | undefined;
  // HA's _publish: nothing goes out for a topic the config does not have
  const send = (topic: string | undefined, payload: string): void => {
    if (topic !== undefined) publish.push(publishMsg(c, topic, payload));
  };
  const setMode = (mode: string): void => {
    send(c.mode_command_topic, renderCommand(c.templates.mode_command_template, mode));
    if (!modeOptimistic(c)) return;
    state = mode;
    if (hasModes(c)) attributes.operation_mode = mode;
  };
  if (action === 'set_operation_mode') setMode(data.operation_mode as string);
  else if (action === 'set_temperature') {
    if (data.operation_mode !== undefined) setMode(data.operation_mode as string);
    const t = data.temperature as number;
    if (temperatureOptimistic(c)) attributes.temperature = shown(c, t);
    send(c.temperature_command_topic, temperatureCommand(c.templates.temperature_command_template, t));
  } else {
    const payload = action === 'turn_on' ? c.payload_on : c.payload_off;
    send(c.power_command_topic, renderCommand(c.templates.power_command_template, payload));
  }
  const touched = Object.keys(attributes).length > 0;
  return {
    publish,
    optimistic:
      state === undefined && !touched ? null : { ...(state ? { state } : {}), ...(touched ? { attributes } : {}) },
  };
}

export const waterHeaterPlatform: PlatformModule<WaterHeaterConfig> = definePlatform<WaterHeaterConfig>({
  domain: 'water_heater',
  schema,
  optimistic: modeOptimistic,
  attributesBlocked: ['current_temperature', 'max_temp', 'min_temp', 'temperature', 'operation_list', 'operation_mode'],
  initialState,
  handlers: [
    numericHandler('current_temperature_topic', 'current_temperature_template', 'current_temperature', shown),
    numericHandler('temperature_state_topic', 'temperature_state_template', 'temperature', shown),
    {
      key: 'mode_state_topic',
      handle: (c, payload) => {
        const v = renderState(c, 'mode_state_template', payload);
        // HA ignores a payload that renders empty or blank
        if (v === undefined || v.trim() === '') return null;
        const update = (mode: string | null) => ({ state: mode ?? 'unknown', attributes: { operation_mode: mode } });
        return listed(v, c.operation_list, update);
      },
    },
  ],
  actions,
  command,
});

// The MQTT climate's config schema, the key families it is built from, and which of its values are optimistic.
import { z } from 'zod';
import {
  checkAvailabilityExclusive,
  entityCommonShape,
  haBoolean,
  haFloat,
  haString,
  publishTopic,
  stringList,
  subscribeTopic,
  templateSchema,
} from '../common-schema.js';
import { precisionSchema, temperatureUnitSchema } from './climate-common.js';
import { attachTemplates, keyFamily } from './shared.js';

/** [mode kind, list key]; topics `<kind>_state_topic`, `<kind>_state_template`, `<kind>_command_topic`. */
export const MODES = [
  ['fan_mode', 'fan_modes'],
  ['swing_mode', 'swing_modes'],
  ['swing_horizontal_mode', 'swing_horizontal_modes'],
] as const;
const COMMANDS = [
  'mode',
  'fan_mode',
  'swing_mode',
  'swing_horizontal_mode',
  'preset_mode',
  'temperature',
  'temperature_low',
  'temperature_high',
  'target_humidity',
  'power',
] as const;

const tplOrTopic = (suffix: string): z.ZodType<string, unknown> =>
  suffix.endsWith('template') ? templateSchema : suffix === 'command_topic' ? publishTopic : subscribeTopic;
const STATEFUL = [
  'temperature',
  'temperature_low',
  'temperature_high',
  'target_humidity',
  'mode',
  'fan_mode',
  'swing_mode',
  'swing_horizontal_mode',
] as const;
const shape = {
  ...keyFamily(COMMANDS, ['command_topic', 'command_template'], tplOrTopic),
  ...keyFamily(STATEFUL, ['state_topic', 'state_template'], tplOrTopic),
  ...keyFamily(['current_temperature', 'current_humidity', 'action'] as const, ['topic', 'template'], tplOrTopic),
};
const VALUE_TEMPLATES = Object.keys(shape).filter((k) => k.endsWith('_template') && !k.includes('command'));
VALUE_TEMPLATES.push('preset_mode_value_template');

export const climateSchema = z
  .object({
    ...entityCommonShape,
    ...shape,
    preset_mode_state_topic: subscribeTopic.optional(),
    preset_mode_value_template: templateSchema.optional(),
    value_template: templateSchema.optional(),
    modes: stringList.default(['auto', 'off', 'cool', 'heat', 'dry', 'fan_only']),
    fan_modes: stringList.default(['auto', 'low', 'medium', 'high']),
    swing_modes: stringList.default(['on', 'off']),
    swing_horizontal_modes: stringList.default(['on', 'off']),
    preset_modes: stringList.optional(),
    min_temp: haFloat.optional(),
    max_temp: haFloat.optional(),
    temp_step: haFloat.default(1),
    initial: haFloat.optional(),
    min_humidity: haFloat.default(30),
    max_humidity: haFloat.default(99),
    precision: precisionSchema.optional(),
    temperature_unit: temperatureUnitSchema.optional(),
    payload_on: haString.default('ON'),
    payload_off: haString.default('OFF'),
    optimistic: haBoolean.default(false),
    retain: haBoolean.default(false),
  })
  .superRefine(checkAvailabilityExclusive)
  .superRefine((c, ctx) => {
    const add = (message: string): void => ctx.addIssue({ code: 'custom', message });
    if ((c.preset_mode_command_topic === undefined) !== (c.preset_modes === undefined))
      add("'preset_mode_command_topic' and 'preset_modes' must be used together");
    if (c.preset_modes?.includes('none')) add("'preset_modes' must not include preset mode 'none'");
    if (c.min_humidity >= c.max_humidity) add("'max_humidity' must be greater than 'min_humidity'");
    if (c.max_humidity > 100) add("'max_humidity' must be at most 100");
    if (c.target_humidity_state_topic !== undefined && c.target_humidity_command_topic === undefined)
      add("'target_humidity_state_topic' cannot be used without 'target_humidity_command_topic'");
  })
  .transform((c) => {
    const fahrenheit = c.temperature_unit === 'F';
    const conv = (celsius: number): number => (fahrenheit ? Math.round((celsius * 1.8 + 32) * 10) / 10 : celsius);
    return {
      ...c,
      fahrenheit,
      min_temp: c.min_temp ?? conv(7),
      max_temp: c.max_temp ?? conv(35),
      initial: c.initial ?? conv(21),
      preset_modes: c.preset_modes ?? [],
    };
  })
  .transform(attachTemplates([...COMMANDS.map((k) => `${k}_command_template`), ...VALUE_TEMPLATES, 'value_template']));

export type ClimateConfig = z.output<typeof climateSchema>;

/** the config's string value at `key` (a topic or template key), if it has one */
export const str = (c: ClimateConfig, key: string): string | undefined => {
  const v = (c as unknown as Record<string, unknown>)[key];
  return typeof v === 'string' ? v : undefined;
};
export const optimisticFor = (c: ClimateConfig, stateTopic: string): boolean =>
  c.optimistic || str(c, stateTopic) === undefined;

// The basic MQTT light's config schema and what a config implies: its colour modes, which attributes are optimistic.
import { z } from 'zod';
import {
  checkAvailabilityExclusive,
  entityCommonShape,
  haString,
  oneOf,
  publishTopic,
  readWriteShape,
  subscribeTopic,
  templateSchema,
} from '../common-schema.js';
import { lightCommonShape, type ColorMode } from './light-common.js';
import { attachTemplates, keyFamily } from './shared.js';

/** Attribute topics: [prefix, colour mode it implies]. */
const ATTRS = [
  ['brightness', 'brightness'],
  ['color_temp', 'color_temp'],
  ['effect', null],
  ['hs', 'hs'],
  ['rgb', 'rgb'],
  ['rgbw', 'rgbw'],
  ['rgbww', 'rgbww'],
  ['xy', 'xy'],
] as const;

const shape = keyFamily(
  ATTRS.map(([a]) => a),
  ['command_topic', 'command_template', 'state_topic', 'value_template'],
  (suffix) =>
    suffix.endsWith('template') ? templateSchema : suffix === 'command_topic' ? publishTopic : subscribeTopic,
);
const TEMPLATE_KEYS = [
  ...Object.keys(shape).filter((k) => k.endsWith('template')),
  'state_value_template',
  'color_mode_value_template',
];

export const basicLightSchema = z
  .object({
    ...entityCommonShape,
    ...readWriteShape,
    ...lightCommonShape,
    ...shape,
    schema: z.literal('basic').default('basic'),
    color_mode_state_topic: subscribeTopic.optional(),
    color_mode_value_template: templateSchema.optional(),
    state_value_template: templateSchema.optional(),
    white_command_topic: publishTopic.optional(),
    on_command_type: oneOf(['last', 'first', 'brightness'] as const).default('last'),
    payload_on: haString.default('ON'),
    payload_off: haString.default('OFF'),
  })
  .superRefine(checkAvailabilityExclusive)
  .transform(attachTemplates(TEMPLATE_KEYS));

export type BasicLightConfig = z.output<typeof basicLightSchema>;

export function basicColorModes(c: BasicLightConfig): ColorMode[] {
  const modes = (['color_temp', 'hs', 'rgb', 'rgbw', 'rgbww', 'white', 'xy'] as const).filter(
    (m) => c[`${m}_command_topic`] !== undefined,
  );
  if (modes.length > 0) return modes;
  return [c.brightness_command_topic !== undefined ? 'brightness' : 'onoff'];
}

/** whether an attribute is set optimistically: always when optimistic, else when it has no state topic */
export const optimisticAttr = (c: BasicLightConfig, topic: string | undefined): boolean =>
  c.optimistic || topic === undefined;
export const colorModeUpdate = (c: BasicLightConfig, mode: string): Record<string, unknown> =>
  optimisticAttr(c, c.color_mode_state_topic) ? { color_mode: mode } : {};

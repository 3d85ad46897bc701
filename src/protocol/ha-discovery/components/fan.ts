/**
 * MQTT fan (mqtt/fan.py): `command_topic` required; payload_on 'ON', payload_off 'OFF';
 * speed_range_min 1, speed_range_max 100; payload_oscillation_on/off 'oscillate_on'/'oscillate_off';
 * payload_reset_percentage / payload_reset_preset_mode 'None'; preset_modes together with
 * preset_mode_command_topic. Percentages are published as ceil(percentage_to_ranged_value(range, p)).
 */
import { z } from 'zod';
import {
  checkAvailabilityExclusive,
  entityCommonShape,
  haString,
  positiveInt,
  publishTopic,
  readWriteShape,
  stringList,
  subscribeTopic,
  templateSchema,
} from '../common-schema.js';
import { percentageToRangedValue, rangedValueToPercentage } from './color.js';
import type { ActionSpec, CommandResult, EntityState, MqttPublish, PlatformModule, StateUpdate } from './platform.js';
import {
  attachTemplates,
  definePlatform,
  keyFamily,
  optimisticByStateTopic,
  PAYLOAD_NONE,
  publishMsg,
  renderCommand,
  renderValue,
} from './shared.js';

const FEATURES = ['direction', 'oscillation', 'percentage', 'preset_mode'] as const;
const featureShape = keyFamily(
  FEATURES,
  ['command_topic', 'command_template', 'state_topic', 'value_template'],
  (suffix) =>
    suffix.endsWith('template') ? templateSchema : suffix === 'command_topic' ? publishTopic : subscribeTopic,
);

const schema = z
  .object({
    ...entityCommonShape,
    ...readWriteShape,
    ...featureShape,
    command_template: templateSchema.optional(),
    state_value_template: templateSchema.optional(),
    preset_modes: stringList.optional(),
    speed_range_min: positiveInt.default(1),
    speed_range_max: positiveInt.default(100),
    payload_on: haString.default('ON'),
    payload_off: haString.default('OFF'),
    payload_oscillation_on: haString.default('oscillate_on'),
    payload_oscillation_off: haString.default('oscillate_off'),
    payload_reset_percentage: haString.default('None'),
    payload_reset_preset_mode: haString.default('None'),
  })
  .superRefine(checkAvailabilityExclusive)
  .superRefine((c, ctx) => {
    const add = (message: string): void => ctx.addIssue({ code: 'custom', message });
    if ((c.preset_mode_command_topic === undefined) !== (c.preset_modes === undefined)) {
      add("'preset_mode_command_topic' and 'preset_modes' must be used together");
    }
    if (c.speed_range_min === 0) add("'speed_range_min' must be greater than 0");
    if (c.speed_range_min >= c.speed_range_max) add("'speed_range_max' must be greater than 'speed_range_min'");
    if (c.preset_modes?.includes(c.payload_reset_preset_mode))
      add("'preset_modes' must not contain 'payload_reset_preset_mode'");
  })
  .transform((c) => ({ ...c, preset_modes: c.preset_modes ?? [] }))
  .transform(
    attachTemplates([
      'command_template',
      'state_value_template',
      ...FEATURES.flatMap((f) => [`${f}_command_template`, `${f}_value_template`]),
    ]),
  );

export type FanConfig = z.output<typeof schema>;

const speedRange = (c: FanConfig): [number, number] => [c.speed_range_min, c.speed_range_max];
const optimisticFor = (c: FanConfig, feature: (typeof FEATURES)[number]): boolean =>
  c.optimistic || c[`${feature}_state_topic`] === undefined;

function handler(feature: (typeof FEATURES)[number], parse: (c: FanConfig, v: string) => StateUpdate | null) {
  return {
    key: `${feature}_state_topic`,
    handle: (c: FanConfig, payload: string): StateUpdate | null => {
      const v = renderValue(c.templates[`${feature}_value_template`], payload);
      return v === undefined ? null : parse(c, v);
    },
  };
}

function fanCommand(c: FanConfig, action: string, data: Record<string, unknown>, current: EntityState): CommandResult {
  const publish: MqttPublish[] = [];
  let update: StateUpdate | null = null;
  const send = (feature: (typeof FEATURES)[number], value: unknown, attributes: Record<string, unknown>): void => {
    const topic = c[`${feature}_command_topic`] ?? '';
    publish.push(publishMsg(c, topic, renderCommand(c.templates[`${feature}_command_template`], value)));
    if (optimisticFor(c, feature)) update = { ...update, attributes: { ...update?.attributes, ...attributes } };
  };
  const power = (on: boolean): void => {
    publish.push(
      publishMsg(c, c.command_topic, renderCommand(c.templates.command_template, on ? c.payload_on : c.payload_off)),
    );
    if (optimisticByStateTopic(c)) update = { ...update, state: on ? 'on' : 'off' };
  };
  const percentage = data.percentage as number | undefined;
  const preset = data.preset_mode as string | undefined;
  const setPercentage = (p: number): void =>
    send('percentage', Math.ceil(percentageToRangedValue(speedRange(c), p)), { percentage: p });
  switch (action) {
    case 'turn_on':
      power(true);
      if (percentage) setPercentage(percentage);
      if (preset !== undefined) send('preset_mode', preset, { preset_mode: preset });
      break;
    case 'turn_off':
      power(false);
      break;
    case 'toggle':
      power(current.state !== 'on');
      break;
    case 'set_percentage':
      if (percentage === 0) power(false);
      else setPercentage(percentage ?? 0);
      break;
    case 'set_preset_mode':
      send('preset_mode', preset, { preset_mode: preset });
      break;
    case 'oscillate':
      send('oscillation', data.oscillating ? c.payload_oscillation_on : c.payload_oscillation_off, {
        oscillating: data.oscillating,
      });
      break;
    default:
      send('direction', data.direction, { direction: data.direction });
  }
  return { publish, optimistic: update };
}

function fanActions(c: FanConfig): Record<string, ActionSpec> {
  const pct = { type: 'number', min: 0, max: 100, integer: true, unit: '%' } as const;
  const preset = { type: 'string', options: c.preset_modes } as const;
  const onParams = {
    ...(c.percentage_command_topic ? { percentage: pct } : {}),
    ...(c.preset_mode_command_topic ? { preset_mode: preset } : {}),
  };
  const out: Record<string, ActionSpec> = {
    turn_on: { description: 'Turn on', params: onParams },
    turn_off: { description: 'Turn off', params: {} },
    toggle: { description: 'Toggle', params: {} },
  };
  if (c.percentage_command_topic)
    out.set_percentage = { description: 'Set speed (0 turns off)', params: { percentage: { ...pct, required: true } } };
  if (c.preset_mode_command_topic)
    out.set_preset_mode = { description: 'Set preset mode', params: { preset_mode: { ...preset, required: true } } };
  if (c.oscillation_command_topic)
    out.oscillate = { description: 'Oscillate', params: { oscillating: { type: 'boolean', required: true } } };
  if (c.direction_command_topic)
    out.set_direction = {
      description: 'Set direction',
      params: { direction: { type: 'string', options: ['forward', 'reverse'], required: true } },
    };
  return out;
}

export const fanPlatform: PlatformModule<FanConfig> = definePlatform<FanConfig>({
  domain: 'fan',
  schema,
  optimistic: optimisticByStateTopic,
  attributesBlocked: ['direction', 'oscillating', 'percentage_step', 'percentage', 'preset_mode', 'preset_modes'],
  handlers: [
    {
      key: 'state_topic',
      handle: (c, payload) => {
        const v = renderValue(c.templates.state_value_template, payload);
        if (!v) return null;
        if (v === c.payload_on) return { state: 'on' };
        if (v === c.payload_off) return { state: 'off' };
        return v === PAYLOAD_NONE ? { state: 'unknown' } : null;
      },
    },
    handler('percentage', (c, v) => {
      if (!v) return null;
      if (v === c.payload_reset_percentage) return { attributes: { percentage: null } };
      if (!/^\s*[+-]?\d+\s*$/.test(v)) return null;
      const pct = rangedValueToPercentage(speedRange(c), Number.parseInt(v, 10));
      return pct < 0 || pct > 100 ? null : { attributes: { percentage: pct } };
    }),
    handler('preset_mode', (c, v) => {
      if (v === c.payload_reset_preset_mode) return { attributes: { preset_mode: null } };
      return v && c.preset_modes.includes(v) ? { attributes: { preset_mode: v } } : null;
    }),
    handler('oscillation', (c, v) => {
      if (v === c.payload_oscillation_on) return { attributes: { oscillating: true } };
      return v === c.payload_oscillation_off && v !== '' ? { attributes: { oscillating: false } } : null;
    }),
    handler('direction', (_c, v) => (v ? { attributes: { direction: v } } : null)),
  ],
  actions: fanActions,
  command: fanCommand,
});

/**
 * MQTT number (mqtt/number.py): `command_topic` required; min 0, max 100, step 1 (≥ 0.001) — the
 * defaults of homeassistant/components/number/const.py; mode auto|box|slider; payload_reset "None".
 * Integral values are published as ints ("5"), others as Python floats ("2.5").
 */
import { z } from 'zod';
import {
  checkAvailabilityExclusive,
  entityCommonShape,
  haFloat,
  haString,
  oneOf,
  readWriteShape,
  templateSchema,
} from '../common-schema.js';
import type { PlatformModule } from './platform.js';
import {
  attachTemplates,
  definePlatform,
  optimisticByStateTopic,
  parseHaNumber,
  publishMsg,
  renderCommand,
  renderValue,
} from './shared.js';

const schema = z
  .object({
    ...entityCommonShape,
    ...readWriteShape,
    command_template: templateSchema.optional(),
    value_template: templateSchema.optional(),
    device_class: haString.nullable().optional(),
    min: haFloat.default(0),
    max: haFloat.default(100),
    step: haFloat.default(1),
    mode: oneOf(['auto', 'box', 'slider'] as const).default('auto'),
    payload_reset: haString.default('None'),
    unit_of_measurement: haString.nullable().optional(),
  })
  .superRefine(checkAvailabilityExclusive)
  .superRefine((c, ctx) => {
    if (c.min >= c.max) ctx.addIssue({ code: 'custom', path: ['max'], message: "'max' must be greater than 'min'" });
    if (c.step < 0.001) ctx.addIssue({ code: 'custom', path: ['step'], message: 'must be at least 0.001' });
  })
  .transform(attachTemplates(['command_template', 'value_template']));

export type NumberConfig = z.output<typeof schema>;

export const numberPlatform: PlatformModule<NumberConfig> = definePlatform<NumberConfig>({
  domain: 'number',
  schema,
  optimistic: optimisticByStateTopic,
  attributesBlocked: ['min', 'max', 'step'],
  handlers: [
    {
      key: 'state_topic',
      handle: (c, payload) => {
        const rendered = renderValue(c.templates.value_template, payload);
        if (rendered === undefined || rendered.trim() === '') return null;
        if (rendered === c.payload_reset) return { state: 'unknown' };
        const parsed = parseHaNumber(rendered);
        if (parsed === undefined || parsed.value < c.min || parsed.value > c.max) return null;
        return { state: parsed.text };
      },
    },
  ],
  actions: (c) => ({
    set_value: {
      description: 'Set the value',
      params: {
        value: {
          type: 'number',
          min: c.min,
          max: c.max,
          step: c.step,
          required: true,
          ...(c.unit_of_measurement ? { unit: c.unit_of_measurement } : {}),
        },
      },
    },
  }),
  command: (c, _action, data) => {
    const value = data.value as number;
    const payload = renderCommand(c.templates.command_template, value);
    return {
      publish: [publishMsg(c, c.command_topic, payload)],
      optimistic: optimisticByStateTopic(c) ? { state: Number.isInteger(value) ? String(value) : payload } : null,
    };
  },
});

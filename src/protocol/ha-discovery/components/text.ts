/**
 * MQTT text (mqtt/text.py): `command_topic` required; `min` (0) and `max` (255) bound the length, with
 * min ≤ max ≤ 255; `mode` text or password; `pattern` a regular expression. A state longer than 255
 * characters is ignored (check_state_too_long), and so is one outside min–max (TextEntity refuses to
 * write it). `text.set_value` is checked against min, max and pattern before anything is published.
 */
import { z } from 'zod';
import {
  checkAvailabilityExclusive,
  entityCommonShape,
  haString,
  oneOf,
  positiveInt,
  readWriteShape,
  templateSchema,
} from '../common-schema.js';
import type { EntityState, PlatformModule } from './platform.js';
import {
  attachTemplates,
  definePlatform,
  optimisticByStateTopic,
  publishMsg,
  renderCommand,
  renderValue,
} from './shared.js';

/** Home Assistant's MAX_LENGTH_STATE_STATE */
const MAX_STATE_LENGTH = 255;

const compiles = (pattern: string): boolean => {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
};

const schema = z
  .object({
    ...entityCommonShape,
    ...readWriteShape,
    command_template: templateSchema.optional(),
    value_template: templateSchema.optional(),
    min: positiveInt.default(0),
    max: positiveInt.default(MAX_STATE_LENGTH),
    mode: oneOf(['text', 'password'] as const).default('text'),
    pattern: haString.refine(compiles, 'is not a valid regular expression').optional(),
  })
  .superRefine(checkAvailabilityExclusive)
  .superRefine((c, ctx) => {
    if (c.min > c.max) ctx.addIssue({ code: 'custom', path: ['min'], message: 'text length min must be <= max' });
    if (c.max > MAX_STATE_LENGTH)
      ctx.addIssue({ code: 'custom', path: ['max'], message: `max text length must be <= ${MAX_STATE_LENGTH}` });
  })
  .transform(attachTemplates(['command_template', 'value_template']));

export type TextConfig = z.output<typeof schema>;

const length = (s: string): number => Array.from(s).length;

export const textPlatform: PlatformModule<TextConfig> = definePlatform<TextConfig>({
  domain: 'text',
  schema,
  optimistic: optimisticByStateTopic,
  attributesBlocked: ['min', 'max', 'mode', 'pattern'],
  initialState: (c): EntityState => ({
    state: 'unknown',
    attributes: { min: c.min, max: c.max, mode: c.mode, pattern: c.pattern ?? null },
  }),
  handlers: [
    {
      key: 'state_topic',
      handle: (c, payload) => {
        const rendered = renderValue(c.templates.value_template, payload);
        if (rendered === undefined) return null;
        const n = length(rendered);
        if (n > MAX_STATE_LENGTH || n < c.min || n > c.max) return null;
        return { state: rendered };
      },
    },
  ],
  actions: (c) => ({
    set_value: {
      description: 'Set the text',
      params: {
        value: {
          type: 'string',
          minLength: c.min,
          maxLength: c.max,
          ...(c.pattern !== undefined ? { pattern: c.pattern } : {}),
          required: true,
        },
      },
    },
  }),
  command: (c, _action, data) => {
    const value = data.value as string;
    return {
      publish: [publishMsg(c, c.command_topic, renderCommand(c.templates.command_template, value))],
      optimistic: optimisticByStateTopic(c) ? { state: value } : null,
    };
  },
});

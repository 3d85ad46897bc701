/**
 * MQTT select (mqtt/select.py): `command_topic` and `options` required. A state must be one of the
 * options; "none" in any case resets to unknown; empty template output is ignored.
 */
import { z } from 'zod';
import {
  checkAvailabilityExclusive,
  entityCommonShape,
  readWriteShape,
  stringList,
  templateSchema,
} from '../common-schema.js';
import type { PlatformModule } from './platform.js';
import {
  attachTemplates,
  definePlatform,
  optimisticByStateTopic,
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
    options: stringList,
  })
  .superRefine(checkAvailabilityExclusive)
  .transform(attachTemplates(['command_template', 'value_template']));

export type SelectConfig = z.output<typeof schema>;

export const selectPlatform: PlatformModule<SelectConfig> = definePlatform<SelectConfig>({
  domain: 'select',
  schema,
  optimistic: optimisticByStateTopic,
  attributesBlocked: ['options'],
  handlers: [
    {
      key: 'state_topic',
      handle: (c, payload) => {
        const rendered = renderValue(c.templates.value_template, payload);
        if (rendered === undefined || rendered.trim() === '') return null;
        if (rendered.toLowerCase() === 'none') return { state: 'unknown' };
        return c.options.includes(rendered) ? { state: rendered } : null;
      },
    },
  ],
  actions: (c) => ({
    select_option: {
      description: 'Select an option',
      params: { option: { type: 'string', options: c.options, required: true } },
    },
  }),
  command: (c, _action, data) => {
    const option = data.option as string;
    return {
      publish: [publishMsg(c, c.command_topic, renderCommand(c.templates.command_template, option))],
      optimistic: optimisticByStateTopic(c) ? { state: option } : null,
    };
  },
});

/**
 * MQTT button (mqtt/button.py): MQTT_BASE_SCHEMA + required `command_topic`; payload_press 'PRESS'.
 * Buttons have no state topic; HA's state is the time of the last press, which the caller records.
 */
import { z } from 'zod';
import {
  checkAvailabilityExclusive,
  entityCommonShape,
  haBoolean,
  haString,
  publishTopic,
  templateSchema,
} from '../common-schema.js';
import type { PlatformModule } from './platform.js';
import { attachTemplates, definePlatform, publishMsg, renderCommand } from './shared.js';

const schema = z
  .object({
    ...entityCommonShape,
    command_topic: publishTopic,
    command_template: templateSchema.optional(),
    device_class: haString.nullable().optional(),
    payload_press: haString.default('PRESS'),
    retain: haBoolean.default(false),
  })
  .superRefine(checkAvailabilityExclusive)
  .transform(attachTemplates(['command_template']));

export type ButtonConfig = z.output<typeof schema>;

export const buttonPlatform: PlatformModule<ButtonConfig> = definePlatform<ButtonConfig>({
  domain: 'button',
  schema,
  optimistic: () => false,
  handlers: [],
  actions: () => ({ press: { description: 'Press the button', params: {} } }),
  command: (c) => ({
    publish: [publishMsg(c, c.command_topic, renderCommand(c.templates.command_template, c.payload_press))],
    optimistic: null,
  }),
});

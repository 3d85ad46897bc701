/**
 * MQTT notify (mqtt/notify.py, a NotifyEntity): `command_topic` required, `command_template` optional, retain
 * false. notify.send_message (`message` required, `title` optional) publishes the message through
 * command_template, with `value` = the message. MQTT notify entities do not support titles
 * (NotifyEntityFeature.TITLE): a title is accepted and dropped, as Home Assistant does. The state is the time
 * of the last message, Python's `utcnow().isoformat()`, set as the message goes out.
 */
import { z } from 'zod';
import {
  checkAvailabilityExclusive,
  entityCommonShape,
  haBoolean,
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
    retain: haBoolean.default(false),
  })
  .superRefine(checkAvailabilityExclusive)
  .transform(attachTemplates(['command_template']));

export type NotifyConfig = z.output<typeof schema>;

/** Python's `datetime.isoformat()` of an aware UTC time (microseconds, left out when zero). */
export function pyIsoformat(ms: number): string {
  const iso = new Date(ms).toISOString();
  const millis = iso.slice(20, 23);
  return `${iso.slice(0, 19)}${millis === '000' ? '' : `.${millis}000`}+00:00`;
}

export const notifyPlatform: PlatformModule<NotifyConfig> = definePlatform<NotifyConfig>({
  domain: 'notify',
  schema,
  optimistic: () => false,
  handlers: [],
  actions: () => ({
    send_message: {
      description: 'Send a message (MQTT notify entities have no title)',
      params: { message: { type: 'string', required: true }, title: { type: 'string' } },
    },
  }),
  command: (c, _action, data) => ({
    publish: [publishMsg(c, c.command_topic, renderCommand(c.templates.command_template, data.message))],
    optimistic: { state: pyIsoformat(Date.now()) },
  }),
});

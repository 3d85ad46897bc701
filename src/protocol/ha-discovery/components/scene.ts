/**
 * MQTT scene (mqtt/scene.py): `command_topic` required; `scene.turn_on` publishes `payload_on` with the
 * entity's qos and retain. Home Assistant's schema gives payload_on no default but reads it on
 * activation; its documentation gives 'ON', which is used here. A scene has no state topic.
 */
import { z } from 'zod';
import { checkAvailabilityExclusive, entityCommonShape, haBoolean, haString, publishTopic } from '../common-schema.js';
import type { PlatformModule } from './platform.js';
import { attachTemplates, definePlatform, publishMsg } from './shared.js';

const schema = z
  .object({
    ...entityCommonShape,
    command_topic: publishTopic,
    payload_on: haString.default('ON'),
    retain: haBoolean.default(false),
  })
  .superRefine(checkAvailabilityExclusive)
  .transform(attachTemplates([]));

export type SceneConfig = z.output<typeof schema>;

export const scenePlatform: PlatformModule<SceneConfig> = definePlatform<SceneConfig>({
  domain: 'scene',
  schema,
  optimistic: () => false,
  handlers: [],
  actions: () => ({ turn_on: { description: 'Activate the scene', params: {} } }),
  command: (c) => ({ publish: [publishMsg(c, c.command_topic, c.payload_on)], optimistic: null }),
});

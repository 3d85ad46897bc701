/**
 * MQTT camera (mqtt/camera.py): the latest frame published on `topic` is the picture, taken as bytes as it
 * came or base64-decoded with `image_encoding: b64`. The entity's state stays 'idle' (a camera that neither
 * records nor streams); the frame is served over REST (GET /api/entities/{id}/image) as HA serves it
 * through its camera proxy, as image/jpeg.
 */
import { z } from 'zod';
import { checkAvailabilityExclusive, entityCommonShape, subscribeTopic } from '../common-schema.js';
import type { PlatformModule } from './platform.js';
import { attachTemplates, definePlatform } from './shared.js';
import { pythonB64decode } from './pictures.js';

const schema = z
  .object({
    ...entityCommonShape,
    topic: subscribeTopic,
    image_encoding: z.literal('b64').optional(),
  })
  .superRefine(checkAvailabilityExclusive)
  .transform(attachTemplates([]));

export type CameraConfig = z.output<typeof schema>;

/** Camera.content_type's default: what HA's camera proxy answers with. */
const CAMERA_CONTENT_TYPE = 'image/jpeg';

const base = definePlatform<CameraConfig>({
  domain: 'camera',
  schema,
  handlers: [],
  optimistic: () => false,
  attributesBlocked: ['access_token', 'brand', 'model_name', 'motion_detection'],
  initialState: () => ({ state: 'idle', attributes: {} }),
  actions: () => ({}),
  command: () => ({ publish: [], optimistic: null }),
});

export const cameraPlatform: PlatformModule<CameraConfig> = {
  ...base,
  binary: {
    topics: (c) => [c.topic],
    handle: (c, _topic, payload) => {
      if (c.image_encoding !== 'b64')
        return { update: null, image: { bytes: payload, content_type: CAMERA_CONTENT_TYPE, url: null } };
      const decoded = pythonB64decode(payload);
      // HA lets the binascii.Error escape the callback: the frame before stays
      if (typeof decoded === 'string') return { update: null, problem: `camera frame is not valid base64: ${decoded}` };
      return { update: null, image: { bytes: decoded, content_type: CAMERA_CONTENT_TYPE, url: null } };
    },
  },
};

/**
 * MQTT image (mqtt/image.py): one of `image_topic` (the picture's bytes, or base64 with
 * `image_encoding: b64`, served with `content_type`, default image/jpeg) or `url_topic` (a URL, through
 * `url_template`, where the picture lives). The state is when the picture last changed (HA's
 * image_last_updated, ISO 8601 in UTC). Undecodable data forgets the picture; an invalid URL keeps the one
 * before; both still count as an update, as in HA.
 */
import { z } from 'zod';
import {
  checkAvailabilityExclusive,
  entityCommonShape,
  haString,
  isHttpUrl,
  subscribeTopic,
  templateSchema,
} from '../common-schema.js';
import { eventTimestamp } from './event.js';
import type { PlatformModule } from './platform.js';
import { attachTemplates, definePlatform, renderValue } from './shared.js';
import { pythonB64decode } from './pictures.js';

const schema = z
  .object({
    ...entityCommonShape,
    content_type: haString.optional(),
    image_topic: subscribeTopic.optional(),
    url_topic: subscribeTopic.optional(),
    image_encoding: z.literal('b64').optional(),
    url_template: templateSchema.optional(),
  })
  .superRefine(checkAvailabilityExclusive)
  .superRefine((c, ctx) => {
    if (c.image_topic !== undefined && c.url_topic !== undefined) {
      ctx.addIssue({ code: 'custom', message: "two or more values in the same group of exclusion 'image_topic'" });
    } else if (c.image_topic === undefined && c.url_topic === undefined) {
      ctx.addIssue({ code: 'custom', message: 'Expected one of [`image_topic`, `url_topic`], got none' });
    } else if (c.content_type !== undefined && c.url_topic !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'Option `content_type` can not be used together with `url_topic`' });
    }
  })
  .transform(attachTemplates(['url_template']));

export type ImageConfig = z.output<typeof schema>;

const DEFAULT_CONTENT_TYPE = 'image/jpeg';

const updated = (now: Date) => ({ state: eventTimestamp(now.getTime()) });

const base = definePlatform<ImageConfig>({
  domain: 'image',
  schema,
  handlers: [],
  optimistic: () => false,
  attributesBlocked: ['access_token'],
  initialState: () => ({ state: 'unknown', attributes: {} }),
  actions: () => ({}),
  command: () => ({ publish: [], optimistic: null }),
});

export const imagePlatform: PlatformModule<ImageConfig> = {
  ...base,
  binary: {
    topics: (c) => [c.image_topic ?? c.url_topic ?? ''].filter((t) => t !== ''),
    handle: (c, topic, payload, now) => {
      if (c.image_topic !== undefined) {
        const contentType = c.content_type ?? DEFAULT_CONTENT_TYPE;
        if (c.image_encoding !== 'b64')
          return { update: updated(now), image: { bytes: payload, content_type: contentType, url: null } };
        const decoded = pythonB64decode(payload);
        if (typeof decoded === 'string')
          return {
            update: updated(now),
            image: null,
            problem: `error processing image data received at topic ${topic}: ${decoded}`,
          };
        return { update: updated(now), image: { bytes: decoded, content_type: contentType, url: null } };
      }
      const text = payload.toString('utf8');
      const rendered = renderValue(c.templates.url_template, text);
      const url = rendered !== undefined && isHttpUrl(rendered) ? rendered : undefined;
      if (url === undefined)
        return { update: updated(now), problem: `invalid image URL '${text}' received at topic ${topic}` };
      return { update: updated(now), image: { bytes: null, content_type: '', url } };
    },
  },
};

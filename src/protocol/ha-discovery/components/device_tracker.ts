/**
 * MQTT device tracker (mqtt/device_tracker.py): needs `state_topic` or `json_attributes_topic`.
 * payload_home → 'home', payload_not_home → 'not_home', payload_reset ('None') → unknown, anything else is
 * a location name (HA uses the raw payload). latitude/longitude/gps_accuracy come from the JSON attributes;
 * a GPS fix clears the location name, and without zone data the state becomes 'not_home' (HA's result when
 * no zone contains the point — callers with zones may refine it). No default name (HA: None).
 */
import { z } from 'zod';
import {
  checkAvailabilityExclusive,
  entityCommonShape,
  haString,
  oneOf,
  subscribeTopic,
  templateSchema,
} from '../common-schema.js';
import type { PlatformModule, StateUpdate } from './platform.js';
import { attachTemplates, definePlatform, renderValue } from './shared.js';

const schema = z
  .object({
    ...entityCommonShape,
    state_topic: subscribeTopic.optional(),
    value_template: templateSchema.optional(),
    payload_home: haString.default('home'),
    payload_not_home: haString.default('not_home'),
    payload_reset: haString.default('None'),
    source_type: oneOf(['gps', 'router', 'bluetooth', 'bluetooth_le'] as const).default('gps'),
  })
  .superRefine(checkAvailabilityExclusive)
  .superRefine((c, ctx) => {
    if (c.state_topic === undefined && c.json_attributes_topic === undefined) {
      ctx.addIssue({ code: 'custom', message: "a device tracker needs 'state_topic' or 'json_attributes_topic'" });
    }
  })
  .transform(attachTemplates(['value_template']));

export type DeviceTrackerConfig = z.output<typeof schema>;

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function locationFromAttributes(attributes: Record<string, unknown>): StateUpdate {
  const { latitude, longitude, gps_accuracy: accuracy, ...rest } = attributes;
  if (!('latitude' in attributes) && !('longitude' in attributes)) return { attributes: rest };
  const valid = isNum(latitude) && isNum(longitude);
  return {
    state: valid ? 'not_home' : 'unknown',
    attributes: {
      ...rest,
      latitude: valid ? latitude : null,
      longitude: valid ? longitude : null,
      gps_accuracy: isNum(accuracy) ? accuracy : 0,
    },
  };
}

export const deviceTrackerPlatform: PlatformModule<DeviceTrackerConfig> = definePlatform<DeviceTrackerConfig>({
  domain: 'device_tracker',
  schema,
  optimistic: () => false,
  initialState: (c) => ({ state: 'unknown', attributes: { source_type: c.source_type } }),
  onAttributes: (_c, attributes) => locationFromAttributes(attributes),
  handlers: [
    {
      key: 'state_topic',
      handle: (c, payload) => {
        const rendered = renderValue(c.templates.value_template, payload);
        if (rendered === undefined || rendered.trim() === '') return null;
        if (rendered === c.payload_home) return { state: 'home' };
        if (rendered === c.payload_not_home) return { state: 'not_home' };
        if (rendered === c.payload_reset) return { state: 'unknown' };
        return { state: payload };
      },
    },
  ],
  actions: () => ({}),
  command: () => {
    throw new Error('unreachable: device_tracker has no actions');
  },
});

/**
 * MQTT binary sensor (mqtt/binary_sensor.py): `state_topic` required (MQTT_RO_SCHEMA); payload_on 'ON',
 * payload_off 'OFF'; "None" → unknown; empty template output and unmatched payloads are ignored.
 * `off_delay` / `expire_after` need timers and are left to the caller (exposed in the config).
 */
import { z } from 'zod';
import {
  checkAvailabilityExclusive,
  entityCommonShape,
  haBoolean,
  haString,
  positiveInt,
  readOnlyShape,
} from '../common-schema.js';
import type { PlatformModule } from './platform.js';
import { attachTemplates, definePlatform, renderValue } from './shared.js';
import { onOffState } from './switch.js';

const schema = z
  .object({
    ...entityCommonShape,
    ...readOnlyShape,
    device_class: haString.nullable().optional(),
    expire_after: positiveInt.optional(),
    force_update: haBoolean.default(false),
    off_delay: positiveInt.optional(),
    payload_on: haString.default('ON'),
    payload_off: haString.default('OFF'),
  })
  .superRefine(checkAvailabilityExclusive)
  .transform(attachTemplates(['value_template']));

export type BinarySensorConfig = z.output<typeof schema>;

export const binarySensorPlatform: PlatformModule<BinarySensorConfig> = definePlatform<BinarySensorConfig>({
  domain: 'binary_sensor',
  schema,
  optimistic: () => false,
  handlers: [
    {
      key: 'state_topic',
      handle: (c, payload) => {
        const rendered = renderValue(c.templates.value_template, payload);
        if (rendered === undefined || rendered.trim() === '') return null;
        const state = onOffState(rendered, c.payload_on, c.payload_off);
        return state === null ? null : { state };
      },
    },
  ],
  actions: () => ({}),
  command: () => {
    throw new Error('unreachable: binary_sensor has no actions');
  },
});

/**
 * MQTT sensor (mqtt/sensor.py): `state_topic` required. The rendered payload becomes the state; "None" →
 * unknown; empty payloads are ignored for numeric sensors; `options` only with device_class enum;
 * timestamp/date sensors need a parseable date (else unknown).
 */
import { z } from 'zod';
import {
  checkAvailabilityExclusive,
  entityCommonShape,
  haBoolean,
  haString,
  oneOf,
  positiveInt,
  readOnlyShape,
  stringList,
  templateSchema,
} from '../common-schema.js';
import type { PlatformModule, StateUpdate } from './platform.js';
import { attachTemplates, definePlatform, PAYLOAD_NONE, renderValue } from './shared.js';

const NON_NUMERIC_CLASSES = new Set(['date', 'enum', 'timestamp']);

const schema = z
  .object({
    ...entityCommonShape,
    ...readOnlyShape,
    device_class: haString.nullable().optional(),
    expire_after: positiveInt.optional(),
    force_update: haBoolean.default(false),
    last_reset_value_template: templateSchema.optional(),
    options: stringList.optional(),
    suggested_display_precision: positiveInt.optional(),
    state_class: oneOf(['measurement', 'measurement_angle', 'total', 'total_increasing'] as const)
      .nullable()
      .optional(),
    unit_of_measurement: haString.nullable().optional(),
  })
  .superRefine(checkAvailabilityExclusive)
  .superRefine((c, ctx) => {
    if (c.last_reset_value_template !== undefined && c.state_class !== 'total') {
      ctx.addIssue({
        code: 'custom',
        message: `'last_reset_value_template' can only be used with state_class 'total'`,
      });
    }
    if (c.options === undefined) return;
    if (c.options.length === 0) ctx.addIssue({ code: 'custom', message: "an empty 'options' list is not allowed" });
    if (c.state_class || c.unit_of_measurement) {
      ctx.addIssue({
        code: 'custom',
        message: "'options' cannot be used together with 'state_class' or 'unit_of_measurement'",
      });
    }
    if (c.device_class !== 'enum') {
      ctx.addIssue({ code: 'custom', message: "'options' must be used together with device_class 'enum'" });
    }
  })
  .transform(attachTemplates(['value_template', 'last_reset_value_template']));

export type SensorConfig = z.output<typeof schema>;

/** HA's `_numeric_state_expected`. */
export function numericStateExpected(c: SensorConfig): boolean {
  if (c.device_class && NON_NUMERIC_CLASSES.has(c.device_class)) return false;
  return Boolean(
    c.state_class || c.unit_of_measurement || c.suggested_display_precision !== undefined || c.device_class,
  );
}

/** Python's `datetime.isoformat(timespec="seconds")` in UTC. */
const isoSeconds = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}+00:00`;

function handleState(c: SensorConfig, payload: string): StateUpdate | null {
  const value = renderValue(c.templates.value_template, payload);
  if (value === undefined) return null;
  if (value === PAYLOAD_NONE) return { state: 'unknown' };
  if (numericStateExpected(c)) return value === '' ? null : { state: value };
  if (c.options && !c.options.includes(value)) return null;
  if (c.device_class !== 'timestamp' && c.device_class !== 'date') return { state: value };
  const time = Date.parse(value);
  if (Number.isNaN(time)) return { state: 'unknown' };
  return { state: c.device_class === 'date' ? value.slice(0, 10) : isoSeconds(time) };
}

function handleLastReset(c: SensorConfig, payload: string): StateUpdate | null {
  if (c.last_reset_value_template === undefined) return null;
  const value = renderValue(c.templates.last_reset_value_template, payload);
  if (!value || Number.isNaN(Date.parse(value))) return null;
  return { attributes: { last_reset: isoSeconds(Date.parse(value)) } };
}

export const sensorPlatform: PlatformModule<SensorConfig> = definePlatform<SensorConfig>({
  domain: 'sensor',
  schema,
  optimistic: () => false,
  attributesBlocked: ['last_reset', 'state_class'],
  handlers: [
    { key: 'state_topic', handle: handleState },
    { key: 'state_topic', handle: handleLastReset },
  ],
  actions: () => ({}),
  command: () => {
    throw new Error('unreachable: sensor has no actions');
  },
});

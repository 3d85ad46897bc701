/**
 * zod schemas of the seven payloads of the ESP32 bridge protocol (firmware/protocol/PROTOCOL.md) and the
 * types inferred from them. Objects strip unknown keys (forward compatibility); `v` is checked before
 * these schemas run (see codec.ts), so they only accept the current major version.
 */
import { z } from 'zod';
import {
  checkRange,
  count,
  describe,
  finite,
  idSchema,
  MISSING,
  requestIdSchema,
  text,
  timestamp,
  version,
  word,
} from './fields.js';
import {
  MAX_ACTUATORS,
  MAX_ERROR_MESSAGE_LENGTH,
  MAX_FEATURES,
  MAX_NAME_LENGTH,
  MAX_OPTION_LENGTH,
  MAX_SELECT_OPTIONS,
  MAX_SENSORS,
  MAX_TEXT_VALUE_LENGTH,
  MAX_UNIT_LENGTH,
  MAX_VERSION_LENGTH,
} from './limits.js';

export { idSchema, requestIdSchema };

// ── capabilities ───────────────────────────────────────────────────────────────────────────────────

export const sensorCapabilitySchema = z
  .object({
    id: idSchema,
    /** what is measured: temperature, humidity, pressure, illuminance, motion, … (free, snake_case) */
    type: word,
    name: text(MAX_NAME_LENGTH).optional(),
    unit: text(MAX_UNIT_LENGTH).optional(),
    value_type: z.enum(['number', 'boolean', 'string']).default('number'),
    min: finite.optional(),
    max: finite.optional(),
    step: finite.optional(),
  })
  .superRefine(checkRange);

const optionalName = text(MAX_NAME_LENGTH).optional();

export const switchCapabilitySchema = z.object({ id: idSchema, kind: z.literal('switch'), name: optionalName });
export const dimmerCapabilitySchema = z
  .object({
    id: idSchema,
    kind: z.literal('dimmer'),
    name: optionalName,
    min: finite.default(0),
    max: finite.default(100),
    step: finite.default(1),
  })
  .superRefine(checkRange);
export const numberCapabilitySchema = z
  .object({
    id: idSchema,
    kind: z.literal('number'),
    name: optionalName,
    unit: text(MAX_UNIT_LENGTH).optional(),
    min: finite,
    max: finite,
    step: finite.default(1),
  })
  .superRefine(checkRange);
export const buttonCapabilitySchema = z.object({ id: idSchema, kind: z.literal('button'), name: optionalName });
export const selectCapabilitySchema = z
  .object({
    id: idSchema,
    kind: z.literal('select'),
    name: optionalName,
    options: z.array(text(MAX_OPTION_LENGTH)).min(1).max(MAX_SELECT_OPTIONS),
  })
  .superRefine((a, ctx) => {
    a.options.forEach((option, i) => {
      if (a.options.indexOf(option) !== i)
        ctx.addIssue({ code: 'custom', path: ['options', i], message: `duplicate option '${option}'`, input: option });
    });
  });

export const actuatorCapabilitySchema = z.discriminatedUnion('kind', [
  switchCapabilitySchema,
  dimmerCapabilitySchema,
  numberCapabilitySchema,
  buttonCapabilitySchema,
  selectCapabilitySchema,
]);

export const ACTUATOR_KINDS = ['switch', 'dimmer', 'number', 'button', 'select'] as const;
export type ActuatorKind = (typeof ACTUATOR_KINDS)[number];

export const capabilitiesSchema = z
  .object({
    v: version,
    device_id: idSchema,
    firmware_version: text(MAX_VERSION_LENGTH),
    name: text(MAX_NAME_LENGTH).optional(),
    model: text(MAX_NAME_LENGTH).optional(),
    manufacturer: text(MAX_NAME_LENGTH).optional(),
    hw_version: text(MAX_VERSION_LENGTH).optional(),
    sensors: z.array(sensorCapabilitySchema).max(MAX_SENSORS).default([]),
    actuators: z.array(actuatorCapabilitySchema).max(MAX_ACTUATORS).default([]),
    /** optional protocol additions the device supports (`sensor_read`); an open list, unknown words are ignored */
    features: z.array(word).max(MAX_FEATURES).optional(),
  })
  .superRefine((caps, ctx) => {
    // One id space per device: sensor and actuator ids become HA unique_ids side by side.
    const seen = new Map<string, string>();
    const check = (list: 'sensors' | 'actuators', id: string, i: number) => {
      const first = seen.get(id);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [list, i, 'id'],
          message: `duplicate id '${id}' (also ${first})`,
          input: id,
        });
      } else seen.set(id, `${list}[${i}]`);
    };
    for (const [i, s] of caps.sensors.entries()) check('sensors', s.id, i);
    for (const [i, a] of caps.actuators.entries()) check('actuators', a.id, i);
  });

// ── status ─────────────────────────────────────────────────────────────────────────────────────────

const metrics = {
  uptime_s: count.optional(),
  free_heap: count.optional(),
  min_free_heap: count.optional(),
  rssi: z.number().int().min(-127).max(0).optional(),
  firmware_version: text(MAX_VERSION_LENGTH).optional(),
  ip: z
    .union([z.ipv4(), z.ipv6()], { error: (iss) => `expected an IPv4 or IPv6 address, got ${describe(iss.input)}` })
    .optional(),
};
const ONLINE_REQUIRED = ['uptime_s', 'free_heap', 'rssi', 'firmware_version'] as const;

export const statusSchema = z
  .object({
    v: version,
    state: z.enum(['online', 'offline']),
    ...metrics,
    /** why the device went offline: `lwt` (the Last Will), `shutdown`, `reboot`, `ota`, … */
    reason: word.optional(),
  })
  .superRefine((s, ctx) => {
    if (s.state !== 'online') return;
    for (const key of ONLINE_REQUIRED) {
      if (s[key] === undefined)
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `${MISSING} (required when state is 'online')`,
          input: undefined,
        });
    }
  });

// ── sensor data ────────────────────────────────────────────────────────────────────────────────────

export const sensorValueSchema = z.union([z.number(), z.boolean(), z.string().max(MAX_TEXT_VALUE_LENGTH), z.null()], {
  error: (iss) =>
    iss.input === undefined
      ? MISSING
      : `expected a number, boolean, string (<= ${MAX_TEXT_VALUE_LENGTH} characters) or null, got ${describe(iss.input)}`,
});

export const sensorDataSchema = z.object({
  v: version,
  /** null = the sensor could not be read (send `quality: "bad"` with it) */
  value: sensorValueSchema,
  quality: z.enum(['good', 'uncertain', 'bad']).default('good'),
  ts: timestamp.optional(),
  /** the read request this reading answers (absent for the device's own schedule) */
  request_id: requestIdSchema.optional(),
});

/** Switchyard asks a device that lists `sensor_read` for a reading now; the answer is a sensor data message. */
export const sensorReadSchema = z.object({ v: version, request_id: requestIdSchema });

// ── actuator command and status ────────────────────────────────────────────────────────────────────

export const COMMAND_ACTIONS = ['set', 'on', 'off', 'toggle', 'press'] as const;
export type CommandAction = (typeof COMMAND_ACTIONS)[number];

export const commandValueSchema = z.union([z.number(), z.boolean(), z.string().max(MAX_OPTION_LENGTH)], {
  error: (iss) =>
    iss.input === undefined
      ? MISSING
      : `expected a number, boolean or string (<= ${MAX_OPTION_LENGTH} characters), got ${describe(iss.input)}`,
});

export const actuatorCommandSchema = z
  .object({
    v: version,
    request_id: requestIdSchema,
    action: z.enum(COMMAND_ACTIONS),
    value: commandValueSchema.optional(),
  })
  .superRefine((c, ctx) => {
    if (c.action === 'set' && c.value === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: `${MISSING} (required with action 'set')`,
        input: undefined,
      });
    }
    if (c.action !== 'set' && c.value !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: `not allowed with action '${c.action}'`,
        input: c.value,
      });
    }
  });

const statusBase = {
  /** the command this status confirms (absent for changes the device made on its own) */
  request_id: requestIdSchema.optional(),
  result: z.enum(['ok', 'error']).default('ok'),
  error_code: word.optional(),
  message: text(MAX_ERROR_MESSAGE_LENGTH).optional(),
  ts: timestamp.optional(),
};

export const actuatorStatusSchema = z
  .discriminatedUnion('kind', [
    z.object({ v: version, kind: z.literal('switch'), state: z.boolean(), ...statusBase }),
    z.object({ v: version, kind: z.literal('dimmer'), state: z.boolean(), level: finite, ...statusBase }),
    z.object({ v: version, kind: z.literal('number'), state: finite, ...statusBase }),
    z.object({ v: version, kind: z.literal('button'), ...statusBase }),
    z.object({ v: version, kind: z.literal('select'), state: text(MAX_OPTION_LENGTH), ...statusBase }),
  ])
  .superRefine((s, ctx) => {
    if (s.result === 'error' && s.error_code === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['error_code'],
        message: `${MISSING} (required when result is 'error')`,
        input: undefined,
      });
    }
  });

// ── error ──────────────────────────────────────────────────────────────────────────────────────────

export const SEVERITIES = ['info', 'warning', 'error', 'critical'] as const;

export const deviceErrorSchema = z.object({
  v: version,
  severity: z.enum(SEVERITIES),
  /** machine-readable: invalid_command, unknown_actuator, out_of_range, sensor_failure, low_memory, … */
  code: word,
  message: text(MAX_ERROR_MESSAGE_LENGTH),
  request_id: requestIdSchema.optional(),
  sensor_id: idSchema.optional(),
  actuator_id: idSchema.optional(),
  ts: timestamp.optional(),
});

// ── types ──────────────────────────────────────────────────────────────────────────────────────────

export type Capabilities = z.output<typeof capabilitiesSchema>;
export type SensorCapability = z.output<typeof sensorCapabilitySchema>;
export type ActuatorCapability = z.output<typeof actuatorCapabilitySchema>;
export type DeviceStatus = z.output<typeof statusSchema>;
export type SensorData = z.output<typeof sensorDataSchema>;
export type SensorValue = z.output<typeof sensorValueSchema>;
export type SensorRead = z.output<typeof sensorReadSchema>;
export type ActuatorCommand = z.output<typeof actuatorCommandSchema>;
export type CommandValue = z.output<typeof commandValueSchema>;
export type ActuatorStatus = z.output<typeof actuatorStatusSchema>;
export type DeviceError = z.output<typeof deviceErrorSchema>;
export type Severity = (typeof SEVERITIES)[number];

/** The schema of each message kind (keys match MessageKind in topics.ts). */
export const MESSAGE_SCHEMAS = {
  capabilities: capabilitiesSchema,
  status: statusSchema,
  error: deviceErrorSchema,
  'sensor-data': sensorDataSchema,
  'sensor-read': sensorReadSchema,
  'actuator-cmd': actuatorCommandSchema,
  'actuator-status': actuatorStatusSchema,
} as const;

export type MessageSchemas = typeof MESSAGE_SCHEMAS;

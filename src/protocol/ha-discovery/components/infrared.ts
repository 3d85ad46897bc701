/**
 * MQTT infrared (mqtt/infrared.py, HA 2026.7): `schema` is required, 'emitter' or 'receiver' (any case).
 * An emitter needs `command_topic` (command_template, retain false); a receiver needs `state_topic`
 * (value_template). Both show device_class 'emitter' / 'receiver'; their state is a time, as
 * `utcnow().isoformat(timespec="milliseconds")`: for an emitter when it last sent a command, for a receiver when
 * it last received a valid signal, a JSON object with `timings` (a non-empty list of integers) and optionally
 * `modulation` (an integer or null); empty, 'None', 'null' and '""' are ignored silently, anything else invalid
 * is ignored too. Home Assistant also ignores retained signals: callers must drop retained payloads for
 * receivers (the retain flag is not part of this interface).
 *
 * Home Assistant has no service for infrared entities: other integrations send InfraredCommand objects
 * through a helper. `send_command` here stands for that helper: `timings` as a list or text ("9000,-4500,562" or
 * "[9000, -4500, 562]"), `modulation`, `repeat_count` (default 0). It publishes what HA publishes for such a
 * command: compact JSON {"timings":[…],"modulation":…,"repeat_count":…}, or command_template rendered with
 * `value` (that JSON) and `timings`, `modulation`, `repeat_count`.
 */
import { z } from 'zod';
import { isJsonObject } from '../abbreviations.js';
import {
  checkAvailabilityExclusive,
  entityCommonShape,
  haBoolean,
  MISSING_KEY,
  publishTopic,
  subscribeTopic,
  templateSchema,
} from '../common-schema.js';
import { eventTimestamp } from './event.js';
import { CommandError, type ActionSpec, type PlatformModule } from './platform.js';
import { attachTemplates, definePlatform, PAYLOAD_NONE, publishMsg, renderCommand, renderValue } from './shared.js';

const emitterSchema = z
  .object({
    ...entityCommonShape,
    schema: z.literal('emitter'),
    command_topic: publishTopic,
    command_template: templateSchema.optional(),
    retain: haBoolean.default(false),
  })
  .superRefine(checkAvailabilityExclusive)
  .transform(attachTemplates(['command_template']));

const receiverSchema = z
  .object({
    ...entityCommonShape,
    schema: z.literal('receiver'),
    state_topic: subscribeTopic,
    value_template: templateSchema.optional(),
  })
  .superRefine(checkAvailabilityExclusive)
  .transform(attachTemplates(['value_template']));

export type InfraredEmitterConfig = z.output<typeof emitterSchema>;
export type InfraredReceiverConfig = z.output<typeof receiverSchema>;
export type InfraredConfig = InfraredEmitterConfig | InfraredReceiverConfig;

/** INFRARED_BASE_SCHEMA (`schema` lower-cased, emitter or receiver), then the schema of that kind. */
const schema: z.ZodType<InfraredConfig, unknown> = z.transform((value: unknown, ctx): InfraredConfig => {
  if (!isJsonObject(value)) {
    ctx.addIssue({ code: 'custom', message: 'expected a dictionary' });
    return z.NEVER;
  }
  const raw = value['schema'];
  if (raw === undefined) {
    ctx.addIssue({ code: 'custom', path: ['schema'], message: MISSING_KEY });
    return z.NEVER;
  }
  const kind = typeof raw === 'string' ? raw.toLowerCase() : undefined;
  if (kind !== 'emitter' && kind !== 'receiver') {
    ctx.addIssue({ code: 'custom', path: ['schema'], message: "expected 'emitter' or 'receiver'" });
    return z.NEVER;
  }
  const parsed = (kind === 'emitter' ? emitterSchema : receiverSchema).safeParse({ ...value, schema: kind });
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ ...issue });
  return z.NEVER;
});

/** SIGNAL_SCHEMA: a JSON object with `timings` (non-empty, integers) and optional `modulation` (int or null). */
function validSignal(text: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false;
  }
  if (!isJsonObject(parsed)) return false;
  const { timings, modulation } = parsed;
  if (!Array.isArray(timings) || timings.length === 0 || !timings.every((t) => Number.isInteger(t))) return false;
  return modulation === undefined || modulation === null || Number.isInteger(modulation);
}

const SEND_COMMAND: ActionSpec = {
  description: 'Send an infrared command (raw timings in µs: pulses positive, spaces negative)',
  params: {
    timings: { type: 'json', required: true },
    modulation: { type: 'number', integer: true, min: 0, unit: 'Hz', required: true },
    repeat_count: { type: 'number', integer: true, min: 0 },
  },
};

const TIMINGS = /^\s*\[?\s*(-?\d+(?:\s*[,\s]\s*-?\d+)*)\s*\]?\s*$/;

/** a list of integers, or its text ("9000,-4500,562", "[9000, -4500]") */
function parseTimings(value: unknown): number[] {
  if (Array.isArray(value) && value.length > 0 && value.every((t) => Number.isInteger(t))) return value as number[];
  const m = typeof value === 'string' ? TIMINGS.exec(value) : null;
  if (!m?.[1]) {
    const got = JSON.stringify(value);
    throw new CommandError(`send_command: 'timings' must be a list of integers like [9000, -4500, 562], got ${got}`);
  }
  return m[1].split(/\s*[,\s]\s*/).map(Number);
}

export const infraredPlatform: PlatformModule<InfraredConfig> = definePlatform<InfraredConfig>({
  domain: 'infrared',
  schema,
  optimistic: () => false,
  initialState: (c) => ({ state: 'unknown', attributes: { device_class: c.schema } }),
  handlers: [
    {
      key: 'state_topic',
      handle: (c, payload) => {
        if (c.schema !== 'receiver') return null;
        const v = renderValue(c.templates.value_template, payload);
        if (!v || v === PAYLOAD_NONE || v === 'null' || v === '""') return null;
        return validSignal(v) ? { state: eventTimestamp(Date.now()) } : null;
      },
    },
  ],
  actions: (c): Record<string, ActionSpec> => (c.schema === 'receiver' ? {} : { send_command: SEND_COMMAND }),
  command: (c, _action, data) => {
    if (c.schema !== 'emitter') throw new CommandError('an infrared receiver sends nothing');
    const variables = {
      timings: parseTimings(data.timings),
      modulation: data.modulation as number,
      repeat_count: (data.repeat_count as number | undefined) ?? 0,
    };
    const payload = renderCommand(c.templates.command_template, JSON.stringify(variables), variables);
    return { publish: [publishMsg(c, c.command_topic, payload)], optimistic: { state: eventTimestamp(Date.now()) } };
  },
});

/**
 * zod schemas for the parts every MQTT entity config shares, mirroring HA's voluptuous schemas
 * (mqtt/schemas.py, mqtt/config.py, helpers/config_validation.py):
 * - scalars are coerced like `cv.string`, `cv.boolean`, `vol.Coerce(int|float)` (so "35" and "true" are accepted);
 * - `device` and `origin` are strict (an unknown key fails the whole config), entity configs drop unknown keys;
 * - `availability_topic` and `availability` are mutually exclusive.
 */
import { z } from 'zod';
import { isJsonObject, pyStr } from './abbreviations.js';
import { publishTopicError, subscribeTopicError } from './topic-rules.js';

const INVALID = Symbol('invalid');
type Converted<T> = T | typeof INVALID;
/** A converter's refusal in its own words (HA's `vol.Invalid` text) instead of "expected ..., got ...". */
class Rejection {
  constructor(readonly message: string) {}
}
type Checked<T> = Converted<T> | Rejection;
/** Issue message used for keys that are required but absent. */
export const MISSING_KEY = 'required key not provided';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'string' ? `'${value}'` : String(value);
}

/** A schema built from a converter; `undefined` (absent key) is reported as a missing required key. */
export function coerced<T>(expected: string, convert: (value: unknown) => Checked<T>): z.ZodType<T, unknown> {
  return z.transform((value: unknown, ctx): T => {
    if (value === undefined) {
      ctx.addIssue({ code: 'custom', message: MISSING_KEY });
      return z.NEVER;
    }
    const result = convert(value);
    if (result === INVALID || result instanceof Rejection) {
      const message = result instanceof Rejection ? result.message : `expected ${expected}, got ${describe(value)}`;
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return result;
  });
}

const toStr = (v: unknown): Converted<string> =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? pyStr(v) : INVALID;
const TRUE_WORDS = new Set(['1', 'true', 'yes', 'on', 'enable']);
const FALSE_WORDS = new Set(['0', 'false', 'no', 'off', 'disable']);
const toBool = (v: unknown): Converted<boolean> => {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v !== 'string') return INVALID;
  const word = v.toLowerCase().trim();
  return TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : INVALID;
};
const FLOAT_RE = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;
const toFloat = (v: unknown): Converted<number> => {
  if (typeof v === 'number') return Number.isFinite(v) ? v : INVALID;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return typeof v === 'string' && FLOAT_RE.test(v) ? Number(v) : INVALID;
};
const toInt = (v: unknown): Converted<number> => {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : INVALID;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v) ? Number.parseInt(v, 10) : INVALID;
};
const ensureList = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

/** `cv.string`: strings, numbers and booleans (Python spelling: "True"/"False"). */
export const haString = coerced('a string', toStr);
/** `cv.boolean`: booleans, numbers and the words true/false/yes/no/on/off/enable/disable/1/0. */
export const haBoolean = coerced('a boolean', toBool);
/** `vol.Coerce(float)`. */
export const haFloat = coerced('a number', toFloat);
/** `vol.Coerce(int)` (floats are truncated like Python's int()). */
export const haInt = coerced('an integer', toInt);
/** `cv.positive_int`. */
export const positiveInt = coerced('a positive integer', (v) => {
  const n = toInt(v);
  return n !== INVALID && n >= 0 ? n : INVALID;
});
/** voluptuous `int`: an isinstance check without coercion ("100" is rejected). */
export const strictInt = coerced('an integer', (v) => (typeof v === 'number' && Number.isInteger(v) ? v : INVALID));
/** An integer that is at least `min`. */
export const intAtLeast = (min: number): z.ZodType<number, unknown> =>
  coerced(`an integer of at least ${min}`, (v) => {
    const n = toInt(v);
    return n !== INVALID && n >= min ? n : INVALID;
  });
/** `valid_qos_schema`: 0, 1 or 2. */
export const qosSchema = coerced('QoS 0, 1 or 2', (v) => {
  const n = toInt(v);
  return n === 0 || n === 1 || n === 2 ? n : INVALID;
}) as z.ZodType<0 | 1 | 2, unknown>;
/** `cv.template`: template source text (compiled later, once per config). */
export const templateSchema = coerced('a template string', toStr);
/** One of a fixed set of strings (`vol.In`). */
export function oneOf<const T extends readonly string[]>(values: T): z.ZodType<T[number], unknown> {
  return coerced(`one of ${values.map((v) => `'${v}'`).join(', ')}`, (v) => {
    const s = toStr(v);
    return s !== INVALID && (values as readonly string[]).includes(s) ? (s as T[number]) : INVALID;
  });
}
/** `cv.ensure_list` + `[cv.string]`. */
export const stringList = coerced('a list of strings', (v) => {
  const out: string[] = [];
  for (const item of ensureList(v)) {
    const s = toStr(item);
    if (s === INVALID) return INVALID;
    out.push(s);
  }
  return out;
});

function haTopic(v: unknown, check: (topic: string) => string | undefined): Checked<string> {
  const topic = toStr(v);
  if (topic === INVALID) return INVALID;
  const refusal = check(topic);
  return refusal === undefined ? topic : new Rejection(refusal);
}
/** `valid_subscribe_topic`, with Home Assistant's messages (topic-rules.ts). */
export const subscribeTopic = coerced('a valid MQTT subscribe topic', (v) => haTopic(v, subscribeTopicError));
/** `valid_publish_topic`, with Home Assistant's messages (topic-rules.ts). */
export const publishTopic = coerced('a valid MQTT topic without wildcards', (v) => haTopic(v, publishTopicError));
/** `cv.icon`: `prefix:name`. */
export const iconSchema = coerced("an icon in the form 'prefix:name'", (v) => {
  const s = toStr(v);
  return s !== INVALID && s.includes(':') ? s : INVALID;
});
// Every entity of a device carries the device's configuration_url, and they come one after another (a storm, a
// restart's restore): the last answer is kept rather than parsing the same URL again (about 6 µs each).
let lastUrl = { text: '', ok: false };
/** `cv.url`: an http or https URL with a host. */
export function isHttpUrl(text: string): boolean {
  if (text === lastUrl.text) return lastUrl.ok;
  let ok: boolean;
  try {
    const url = new URL(text);
    ok = (url.protocol === 'http:' || url.protocol === 'https:') && url.host !== '';
  } catch {
    ok = false;
  }
  lastUrl = { text, ok };
  return ok;
}

/** `cv.configuration_url`: an http(s) URL or a `homeassistant://` path. */
export const urlSchema = coerced('an http(s) URL', (v) => {
  const s = toStr(v);
  if (s === INVALID) return INVALID;
  return s.startsWith('homeassistant://') || isHttpUrl(s) ? s : INVALID;
});
const connectionList = coerced('a list of [type, value] pairs', (v) => {
  const out: [string, string][] = [];
  for (const pair of ensureList(v)) {
    if (!Array.isArray(pair) || pair.length !== 2) return INVALID;
    const a = toStr(pair[0]);
    const b = toStr(pair[1]);
    if (a === INVALID || b === INVALID) return INVALID;
    out.push([a, b]);
  }
  return out;
});

/** Device block (strict, like MQTT_ENTITY_DEVICE_INFO_SCHEMA); `via_hub` is the deprecated spelling of `via_device`. */
export const deviceSchema = z.preprocess(
  (v) => {
    if (!isJsonObject(v) || !('via_hub' in v)) return v;
    const { via_hub: viaHub, ...rest } = v;
    return 'via_device' in rest ? rest : { ...rest, via_device: viaHub };
  },
  z
    .strictObject({
      identifiers: stringList.default([]),
      connections: connectionList.default([]),
      name: haString.optional(),
      manufacturer: haString.optional(),
      model: haString.optional(),
      model_id: haString.optional(),
      sw_version: haString.optional(),
      hw_version: haString.optional(),
      serial_number: haString.optional(),
      suggested_area: haString.optional(),
      configuration_url: urlSchema.optional(),
      via_device: haString.optional(),
    })
    .superRefine((d, ctx) => {
      if (d.identifiers.length === 0 && d.connections.length === 0) {
        ctx.addIssue({ code: 'custom', message: "must have at least one value in 'identifiers' or 'connections'" });
      }
    }),
);
export type DeviceInfo = z.output<typeof deviceSchema>;

/** Origin block (strict, MQTT_ORIGIN_INFO_SCHEMA). */
export const originSchema = z.strictObject({
  name: haString,
  sw_version: haString.optional(),
  support_url: urlSchema.optional(),
});
export type OriginInfo = z.output<typeof originSchema>;

const availabilityEntry = z.object({
  topic: subscribeTopic,
  payload_available: haString.default('online'),
  payload_not_available: haString.default('offline'),
  value_template: templateSchema.optional(),
});

/** Availability options shared by every entity and by device-discovery roots. */
export const availabilityShape = {
  availability_topic: subscribeTopic.optional(),
  availability_template: templateSchema.optional(),
  payload_available: haString.default('online'),
  payload_not_available: haString.default('offline'),
  availability_mode: oneOf(['all', 'any', 'latest'] as const).default('latest'),
  availability: z
    .preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), z.array(availabilityEntry))
    .optional(),
};

/** HA's `vol.Exclusive(..., "availability")`. */
export function checkAvailabilityExclusive(
  c: { availability_topic?: string | undefined; availability?: unknown },
  ctx: z.RefinementCtx,
): void {
  if (c.availability_topic !== undefined && c.availability !== undefined) {
    ctx.addIssue({
      code: 'custom',
      message: "'availability_topic' and 'availability' cannot be used together, use only one of them",
    });
  }
}

/** Options of MQTT_ENTITY_COMMON_SCHEMA + MQTT_BASE_SCHEMA that every entity platform accepts. */
export const entityCommonShape = {
  ...availabilityShape,
  name: haString.nullable().optional(),
  unique_id: haString.optional(),
  object_id: haString.optional(),
  default_entity_id: haString.optional(),
  entity_category: oneOf(['config', 'diagnostic'] as const).optional(),
  enabled_by_default: haBoolean.default(true),
  visible_by_default: haBoolean.default(true),
  icon: iconSchema.optional(),
  entity_picture: urlSchema.optional(),
  json_attributes_topic: subscribeTopic.optional(),
  json_attributes_template: templateSchema.optional(),
  qos: qosSchema.default(0),
  encoding: haString.default('utf-8'),
  message_expiry_interval: positiveInt.optional(),
  device: deviceSchema.optional(),
  origin: originSchema.optional(),
  platform: z.transform((): 'mqtt' => 'mqtt').default('mqtt'),
};

/** MQTT_RO_SCHEMA: read-only platforms need a state topic. */
export const readOnlyShape = {
  state_topic: subscribeTopic,
  value_template: templateSchema.optional(),
};

/** MQTT_RW_SCHEMA: command platforms need a command topic. */
export const readWriteShape = {
  command_topic: publishTopic,
  optimistic: haBoolean.default(false),
  retain: haBoolean.default(false),
  state_topic: subscribeTopic.optional(),
};

const entityCommonObject = z.object(entityCommonShape);
export type EntityCommonConfig = z.output<typeof entityCommonObject>;

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path)
    out += typeof part === 'number' ? `[${part}]` : out === '' ? String(part) : `.${String(part)}`;
  return out;
}

/** Turns zod issues into one plain sentence per problem, each naming the key (HA-style but readable). */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const key = pathText(issue.path);
      const absent = issue.code === 'invalid_type' && issue.message.endsWith('received undefined');
      if (issue.message === MISSING_KEY || absent) return `required key '${key}' not provided`;
      if (issue.code === 'unrecognized_keys') {
        const keys = issue.keys.map((k) => `'${k}'`).join(', ');
        return key === '' ? `extra keys not allowed: ${keys}` : `extra keys not allowed in '${key}': ${keys}`;
      }
      const problem = issue.code === 'invalid_type' ? `expected ${issue.expected}` : issue.message;
      return key === '' ? problem : `invalid value for '${key}': ${problem}`;
    })
    .join('; ');
}

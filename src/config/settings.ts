import { z } from 'zod';

/** Env values arrive as strings; turn numeric-looking ones into numbers and leave the rest for zod to reject. */
const numberish = (schema: z.ZodNumber) =>
  z.preprocess((v) => (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v), schema);
const port = numberish(z.number().int().min(1).max(65535));
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v));

const LOG_LEVELS = ['trace', 'debug', 'info', 'notice', 'warn', 'warning', 'error', 'fatal'] as const;

/** The id Switchyard's own broker connection has in the MQTT tools; no profile may take it. */
export const MAIN_CONNECTION_ID = 'main';
export const MAX_MQTT_PROFILES = 10;
const PROFILE_NAME = /^[a-z0-9_-]{1,32}$/;
const PROFILE_URL = /^(mqtts?|wss?):\/\/[^\s/?#]+/;

/**
 * One extra broker the raw MQTT tools may use (`connection: <name>`). Credentials come only from here,
 * never from a tool call; `publish: false` makes the connection read-only.
 */
const MqttProfileSchema = z.preprocess(
  // Home Assistant may write unset optional fields as null
  (v) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null))
      : v,
  z
    .object({
      name: z
        .string()
        .regex(PROFILE_NAME, 'must be 1–32 characters of a-z, 0-9, _ and -')
        .refine(
          (n) => n !== MAIN_CONNECTION_ID,
          `"${MAIN_CONNECTION_ID}" is Switchyard's own connection; pick another name`,
        ),
      url: z
        .string()
        .refine(
          (u) => PROFILE_URL.test(u) && canParseUrl(u),
          'must be an mqtt://, mqtts://, ws:// or wss:// URL with a host',
        ),
      username: optionalText,
      password: optionalText,
      publish: z.boolean().default(true),
    })
    .strict(),
);

/** `mqtt_profiles` in the options file is a list; in `SWITCHYARD_MQTT_PROFILES` it is that list as JSON text. */
const mqttProfiles = z
  .preprocess(
    (v, ctx) => {
      if (typeof v !== 'string') return v;
      if (v.trim() === '') return [];
      try {
        return JSON.parse(v) as unknown;
      } catch (err) {
        // the parser's own message quotes the text, which may hold a password: report only the position
        const at = /position (\d+)/.exec((err as Error).message)?.[1];
        ctx.addIssue({
          code: 'custom',
          message: `not valid JSON${at !== undefined ? ` (at position ${at})` : ''}; expected a list such as [{"name":"lab","url":"mqtt://10.0.0.5:1883"}]`,
        });
        return z.NEVER;
      }
    },
    z.array(MqttProfileSchema).max(MAX_MQTT_PROFILES, `at most ${MAX_MQTT_PROFILES} profiles`),
  )
  .default([])
  .superRefine((profiles, ctx) => {
    const seen = new Set<string>();
    profiles.forEach((p, i) => {
      if (seen.has(p.name))
        ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate profile name "${p.name}"` });
      seen.add(p.name);
    });
  });

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function canParseUrl(url: string): boolean {
  try {
    return new URL(url).hostname !== '';
  } catch {
    return false;
  }
}

/**
 * Every setting, snake_case like the add-on options. Sources, later wins: these defaults, the add-on
 * options file, then environment variables `SWITCHYARD_<KEY>`.
 */
export const SettingsSchema = z
  .object({
    mqtt_url: z
      .string()
      .default('')
      .refine(
        (v) => v === '' || /^(mqtts?|wss?|tcp|ssl):\/\/[^\s]+$/.test(v),
        'must be empty (embedded broker) or an mqtt://, mqtts://, ws:// or wss:// URL',
      ),
    mqtt_username: optionalText,
    mqtt_password: optionalText,
    broker_port: port.default(1883),
    broker_username: optionalText,
    broker_password: optionalText,
    /** the largest MQTT packet the embedded broker takes, in bytes (fixed header included) */
    broker_max_packet_size: numberish(z.number().int().min(1024).max(268_435_455)).default(4 * 1024 * 1024),
    http_host: z.string().min(1).default('0.0.0.0'),
    http_port: port.default(8099),
    api_token: optionalText,
    data_dir: z.string().min(1).default('./data'),
    /** empty (default): SQLite in data_dir; `postgres://user:password@host:port/database` stores everything there */
    database_url: z
      .string()
      .default('')
      .refine(
        (v) => v === '' || /^postgres(ql)?:\/\/[^\s]+$/.test(v),
        'must be empty (SQLite in data_dir) or a postgres:// URL',
      ),
    /**
     * empty (default): one instance. A name (letters, digits, `_`, `-`) makes this one instance of several on one
     * shared MQTT broker and one PostgreSQL (docs/scale-out.md): state topics through the shared subscription
     * `$share/switchyard/…`, automations and the announcer on the instance holding their lease
     */
    cluster_instance: z
      .string()
      .default('')
      .refine((v) => /^[A-Za-z0-9_-]{0,64}$/.test(v), 'must be empty or up to 64 letters, digits, _ or -'),
    automations_dir: z.string().min(1).default('./automations'),
    discovery_prefix: z
      .string()
      .regex(/^[^#+\s]+$/, 'must be a topic prefix without wildcards or spaces')
      .default('homeassistant'),
    bridge_prefix: z
      .string()
      .regex(/^[^#+\s]+$/, 'must be a topic prefix without wildcards or spaces')
      .default('devices'),
    log_level: z
      .enum(LOG_LEVELS)
      .default('info')
      .transform((l) => (l === 'warning' ? 'warn' : l === 'notice' ? 'info' : l)),
    /** `auto` (default): readable lines when stdout is a terminal, JSON lines otherwise; `json` or `pretty` forces one */
    log_format: z.enum(['auto', 'json', 'pretty']).optional(),
    history_retention_days: numberish(z.number().int().min(1).max(3650)).default(30),
    /** an ESP32 device silent for this long is marked offline and raises an alert */
    device_timeout_s: numberish(z.number().int().min(1).max(86_400)).default(120),
    /**
     * a QoS 1/2 command asked for while the MQTT broker is away waits this long for it and is sent once it is back;
     * 0: refused at once (QoS 0 commands always are)
     */
    command_queue_s: numberish(z.number().int().min(0).max(3600)).default(60),
    /**
     * messages per second each discovered device may send, sustained (0: no limit), and how many at once; over it
     * its messages are held back and the latest of each topic applied as the rate allows (defaults and why:
     * adapters/discovery/device-rate.ts)
     */
    device_rate_limit: numberish(z.number().int().min(0).max(1_000_000)).default(200),
    device_rate_burst: numberish(z.number().int().min(1).max(1_000_000)).default(2_000),
    /** room names matched in device and entity names when no suggested_area is given; env: comma-separated */
    rooms: z
      .preprocess(
        (v) =>
          typeof v === 'string'
            ? v
                .split(',')
                .map((r) => r.trim())
                .filter((r) => r !== '')
            : v,
        z.array(z.string().trim().min(1, 'room names cannot be empty')).max(200),
      )
      .optional(),
    /** extra brokers for the raw MQTT tools; env: JSON text */
    mqtt_profiles: mqttProfiles,
    /** the home's location for `sun.sun` and sun triggers/conditions; as an add-on, Home Assistant's by default */
    latitude: numberish(z.number().min(-90).max(90)).optional(),
    longitude: numberish(z.number().min(-180).max(180)).optional(),
    /** metres above sea level */
    elevation: numberish(z.number().min(-1000).max(10_000)).optional(),
    /** the IANA zone the sun condition counts days in (default: the process's, TZ) */
    time_zone: optionalText.refine((v) => v === undefined || isTimeZone(v), 'must be an IANA time zone'),
  })
  .strict()
  .superRefine((s, ctx) => {
    if ((s.latitude === undefined) !== (s.longitude === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [s.latitude === undefined ? 'latitude' : 'longitude'],
        message: 'latitude and longitude must be set together',
      });
    }
    if ((s.broker_username === undefined) !== (s.broker_password === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['broker_password'],
        message: 'broker_username and broker_password must be set together',
      });
    }
    if (s.cluster_instance !== '' && s.database_url === '') {
      ctx.addIssue({
        code: 'custom',
        path: ['cluster_instance'],
        message: 'several instances share one PostgreSQL: set database_url to a postgres:// URL',
      });
    }
    if (s.cluster_instance !== '' && s.mqtt_url === '') {
      ctx.addIssue({
        code: 'custom',
        path: ['cluster_instance'],
        message: 'several instances share one MQTT broker: set mqtt_url (the embedded broker is per instance)',
      });
    }
  });

export type Settings = z.output<typeof SettingsSchema>;
export type SettingsInput = z.input<typeof SettingsSchema>;
export type MqttProfile = Settings['mqtt_profiles'][number];
export const SETTING_KEYS = Object.keys(SettingsSchema.shape) as (keyof Settings)[];

export class SettingsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SettingsError';
  }
}

/** Validate raw settings, throwing a SettingsError that lists every problem as `key: reason`. */
export function parseSettings(raw: Record<string, unknown>): Settings {
  const result = SettingsSchema.safeParse(raw);
  if (result.success) return Object.freeze(result.data);
  throw new SettingsError(
    result.error.issues.map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        const at = issue.path.join('.');
        return at === ''
          ? `${issue.keys.join(', ')}: unknown setting`
          : `${issue.keys.map((k) => `${at}.${k}`).join(', ')}: unknown field`;
      }
      const key = issue.path.join('.') || '(settings)';
      return `${key}: ${issue.message}${describe(valueAt(raw, issue.path))}`;
    }),
  );
}

/** The raw value an issue is about; undefined (not shown) for secrets and for whole lists or objects. */
function valueAt(raw: Record<string, unknown>, path: readonly PropertyKey[]): unknown {
  if (path.some((p) => typeof p === 'string' && /password|token/.test(p))) return undefined;
  let value: unknown = raw;
  for (const [i, part] of path.entries()) {
    // a nested setting from the environment is still JSON text here
    if (i === 1 && typeof value === 'string') value = parseJson(value);
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  // env values of nested settings are JSON text that may hold credentials
  if (path.length === 1 && path[0] === 'mqtt_profiles') return undefined;
  return typeof value === 'object' && value !== null ? undefined : value;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function describe(value: unknown): string {
  if (value === undefined) return '';
  // a URL may carry user:password@
  const shown = typeof value === 'string' ? value.replace(/\/\/[^/@\s]*@/, '//…@') : value;
  return ` (got ${JSON.stringify(shown)})`;
}

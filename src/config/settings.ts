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

/**
 * Every setting, snake_case like the add-on options. Sources, later wins: these defaults, the add-on
 * options file, then environment variables `SWITCHYARD_<KEY>`.
 */
export const SettingsSchema = z
  .object({
    mqtt_url: z
      .string()
      .default('')
      .refine((v) => v === '' || /^(mqtts?|wss?|tcp|ssl):\/\/[^\s]+$/.test(v), 'must be empty (embedded broker) or an mqtt://, mqtts://, ws:// or wss:// URL'),
    mqtt_username: optionalText,
    mqtt_password: optionalText,
    broker_port: port.default(1883),
    broker_username: optionalText,
    broker_password: optionalText,
    http_host: z.string().min(1).default('0.0.0.0'),
    http_port: port.default(8099),
    api_token: optionalText,
    data_dir: z.string().min(1).default('./data'),
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
    history_retention_days: numberish(z.number().int().min(1).max(3650)).default(30),
    /** an ESP32 device silent for this long is marked offline and raises an alert */
    device_timeout_s: numberish(z.number().int().min(1).max(86_400)).default(120),
    /** room names matched in device and entity names when no suggested_area is given; env: comma-separated */
    rooms: z
      .preprocess(
        (v) => (typeof v === 'string' ? v.split(',').map((r) => r.trim()).filter((r) => r !== '') : v),
        z.array(z.string().trim().min(1, 'room names cannot be empty')).max(200),
      )
      .optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if ((s.broker_username === undefined) !== (s.broker_password === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['broker_password'], message: 'broker_username and broker_password must be set together' });
    }
  });

export type Settings = z.output<typeof SettingsSchema>;
export type SettingsInput = z.input<typeof SettingsSchema>;
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
      if (issue.code === 'unrecognized_keys') return `${issue.keys.join(', ')}: unknown setting`;
      const key = issue.path.join('.') || '(settings)';
      const got = issue.path.length > 0 ? describe(raw[String(issue.path[0])]) : '';
      return `${key}: ${issue.message}${got}`;
    }),
  );
}

function describe(value: unknown): string {
  if (value === undefined) return '';
  return ` (got ${JSON.stringify(value)})`;
}

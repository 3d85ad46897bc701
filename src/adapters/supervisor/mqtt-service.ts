// The Supervisor's MQTT service record (GET /services/mqtt), parsed defensively: the port arrives as a number
// or a string, and the provider slug as `addon` (v1 API) or `app` (v2 API, Supervisor 2026.05+).
import { z } from 'zod';

const port = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
  z.number().int().min(1).max(65535),
);
const text = z
  .string()
  .optional()
  .nullable()
  .transform((v) => (v === undefined || v === null || v === '' ? undefined : v));

export const MqttServiceSchema = z.object({
  host: z.string().min(1),
  port,
  ssl: z
    .preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean().optional().nullable())
    .transform((v) => v === true),
  username: text,
  password: text,
  protocol: text,
  addon: text,
  app: text,
});

export interface SupervisorMqtt {
  /** mqtt://host:port, or mqtts:// when the service says ssl */
  url: string;
  username?: string;
  password?: string;
  ssl: boolean;
  /** slug of the add-on (app) providing the broker, e.g. core_mosquitto */
  provider?: string;
}

/** Turns the unwrapped `data` of a service answer into a broker address; throws a readable error when malformed. */
export function toSupervisorMqtt(data: unknown): SupervisorMqtt {
  const parsed = MqttServiceSchema.safeParse(data);
  if (!parsed.success) {
    throw new Error(
      `malformed MQTT service record: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(data)'}: ${i.message}`).join('; ')}`,
    );
  }
  const s = parsed.data;
  const host = s.host.includes(':') && !s.host.startsWith('[') ? `[${s.host}]` : s.host;
  const out: SupervisorMqtt = { url: `${s.ssl ? 'mqtts' : 'mqtt'}://${host}:${s.port}`, ssl: s.ssl };
  if (s.username !== undefined) out.username = s.username;
  if (s.password !== undefined) out.password = s.password;
  const provider = s.app ?? s.addon;
  if (provider !== undefined) out.provider = provider;
  return out;
}

/**
 * `!secret` values stay out of what Switchyard shows (issue 21): an automation's configuration is shown with the
 * reference (`!secret mqtt_password`) where the value was resolved, and its traces carry `***` wherever a secret's
 * value appears in what a run rendered or sent. The loader finds which secrets an automation uses
 * (`secretsUsed`); the engine redacts with them.
 */

/** secret value → its name, for the secrets one automation uses */
export type SecretsUsed = Readonly<Record<string, string>>;

export const MASK = '***';
/** values shorter than this are not looked for inside other text (a secret "on" would mask every "on") */
const MIN_INSIDE = 4;

const asText = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;

/** The secrets (value → name) whose values appear as whole values in `config`. */
export function secretsUsed(config: unknown, known: ReadonlyMap<string, string>): SecretsUsed | undefined {
  if (known.size === 0) return undefined;
  const used: Record<string, string> = {};
  const walk = (v: unknown, depth: number): void => {
    if (depth > 64) return;
    const text = asText(v);
    if (text !== undefined) {
      const name = known.get(text);
      if (name !== undefined) used[text] = name;
    } else if (Array.isArray(v)) for (const item of v) walk(item, depth + 1);
    else if (typeof v === 'object' && v !== null) for (const item of Object.values(v)) walk(item, depth + 1);
  };
  walk(config, 0);
  return Object.keys(used).length > 0 ? used : undefined;
}

/** `config` with each whole value that is a secret shown as its reference. */
export function withSecretReferences<T>(config: T, secrets: SecretsUsed | undefined): T {
  if (!secrets) return config;
  const map = (v: unknown): unknown => {
    const text = asText(v);
    if (text !== undefined) return Object.hasOwn(secrets, text) ? `!secret ${secrets[text]}` : v;
    if (Array.isArray(v)) return v.map(map);
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, map(x)]));
    return v;
  };
  return map(config) as T;
}

/** `value` (JSON: a trace) with every secret value masked, whole or inside text. */
export function maskSecrets<T>(value: T, secrets: SecretsUsed | undefined): T {
  if (!secrets) return value;
  const values = Object.keys(secrets).sort((a, b) => b.length - a.length);
  const inside = values.filter((s) => s.length >= MIN_INSIDE);
  const map = (v: unknown): unknown => {
    if (typeof v === 'string') {
      if (Object.hasOwn(secrets, v)) return MASK;
      let out = v;
      for (const s of inside) if (out.includes(s)) out = out.split(s).join(MASK);
      return out;
    }
    if (typeof v === 'number') return Object.hasOwn(secrets, String(v)) && String(v).length >= MIN_INSIDE ? MASK : v;
    if (Array.isArray(v)) return v.map(map);
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, map(x)]));
    return v;
  };
  return map(value) as T;
}

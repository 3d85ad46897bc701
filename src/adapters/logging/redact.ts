/**
 * Keeps secrets out of the log at every depth, not only at the top level as pino's `redact` paths do: a key that
 * names a secret (password, token, secret, authorization, credentials, api key) has its value replaced, and a URL
 * with a password in it (`mqtt://user:pass@host`) keeps its user but not the password. Objects are copied, never
 * changed; nesting past `MAX_DEPTH` and cycles are cut, as a log line needs no more.
 */
export const REDACTED = '[redacted]';
const SECRET_KEY = /pass(word|wd)?$|token|secret|authori[sz]ation|credential|api[_-]?key|cookie/i;
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s/:@]*):[^\s/@]*@/gi;
const MAX_DEPTH = 8;

const redactText = (text: string): string =>
  text.includes('@') ? text.replace(URL_PASSWORD, `$1:${REDACTED}@`) : text;

/** A copy of `value` with every secret replaced. */
export function redactDeep(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Error)
    return { type: value.name, message: redactText(value.message), stack: redactText(value.stack ?? '') };
  if (seen.has(value) || depth >= MAX_DEPTH) return '[…]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] =
      SECRET_KEY.test(key) && v !== null && v !== undefined && v !== '' ? REDACTED : redactDeep(v, depth + 1, seen);
  }
  return out;
}

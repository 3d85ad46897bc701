/**
 * Validation of action data against an ActionSpec: unknown keys, types, numeric ranges and options all
 * raise CommandError with a message naming the allowed range or options. Numbers marked `integer` are
 * truncated like vol.Coerce(int); hex colours become [r, g, b].
 */
import { CommandError, type ActionSpec, type ParamSpec } from './platform.js';

const FAIL = (action: string, key: string, rule: string, got: unknown): CommandError =>
  new CommandError(`${action}: '${key}' must be ${rule}, got ${JSON.stringify(got)}`);

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function checkNumber(action: string, key: string, spec: Extract<ParamSpec, { type: 'number' }>, v: unknown): number {
  let n = toNumber(v);
  const range = `from ${spec.min ?? '-∞'} to ${spec.max ?? '∞'}${spec.unit ? ` ${spec.unit}` : ''}`;
  if (n === undefined) throw FAIL(action, key, `a number ${range}`, v);
  if (spec.integer) n = Math.trunc(n);
  if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) {
    throw FAIL(action, key, range, v);
  }
  return n;
}

function checkTuple(action: string, key: string, v: unknown, maxima: readonly number[], rule: string): number[] {
  if (!Array.isArray(v) || v.length !== maxima.length) throw FAIL(action, key, rule, v);
  return v.map((item, i) => {
    const n = toNumber(item);
    if (n === undefined || n < 0 || n > (maxima[i] ?? 0)) throw FAIL(action, key, rule, v);
    return n;
  });
}

/** Validates and normalises action data against the action's parameter specs. */
export function validateData(action: string, spec: ActionSpec, data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const allowed = Object.keys(spec.params);
  for (const [key, value] of Object.entries(data)) {
    const p = spec.params[key];
    if (p === undefined) {
      const list = allowed.length ? allowed.map((k) => `'${k}'`).join(', ') : 'none';
      throw new CommandError(`${action}: unknown parameter '${key}' (allowed: ${list})`);
    }
    if (value === undefined) continue;
    switch (p.type) {
      case 'number':
        out[key] = checkNumber(action, key, p, value);
        break;
      case 'string': {
        if (typeof value !== 'string' && typeof value !== 'number') throw FAIL(action, key, 'a string', value);
        const s = String(value);
        if (p.options && !p.options.includes(s))
          throw FAIL(action, key, `one of ${p.options.map((o) => `'${o}'`).join(', ')}`, value);
        const length = Array.from(s).length;
        if (p.minLength !== undefined && length < p.minLength)
          throw new CommandError(
            `${action}: '${key}' is too short (minimum length ${p.minLength}), got ${length} characters`,
          );
        if (p.maxLength !== undefined && length > p.maxLength)
          throw new CommandError(
            `${action}: '${key}' is too long (maximum length ${p.maxLength}), got ${length} characters`,
          );
        if (p.pattern !== undefined && !new RegExp(`^(?:${p.pattern})`, 'u').test(s))
          throw new CommandError(`${action}: '${key}' does not match the pattern ${p.pattern}`);
        out[key] = s;
        break;
      }
      case 'boolean':
        if (typeof value !== 'boolean') throw FAIL(action, key, 'true or false', value);
        out[key] = value;
        break;
      case 'rgb':
        out[key] = checkTuple(action, key, value, [255, 255, 255], '[r, g, b] with values 0–255').map(Math.round);
        break;
      case 'hs':
        out[key] = checkTuple(action, key, value, [360, 100], '[hue 0–360, saturation 0–100]');
        break;
      case 'json':
        out[key] = value;
        break;
      case 'hex': {
        const m = typeof value === 'string' ? /^#?([0-9a-f]{6})$/i.exec(value) : null;
        if (!m?.[1]) throw FAIL(action, key, "a colour like '#ff8800'", value);
        const n = Number.parseInt(m[1], 16);
        out[key] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
        break;
      }
    }
  }
  for (const [key, p] of Object.entries(spec.params)) {
    if (p.required && out[key] === undefined) throw new CommandError(`${action}: '${key}' is required`);
  }
  return out;
}

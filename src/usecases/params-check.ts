// Checks action data against the core's parameter specs, so dry runs and multi-entity calls fail before
// anything is published, with messages that name the allowed ranges and options.
import type { ActionSpec, ParamSpec } from '../core/commands.js';

export function describeParam(spec: ParamSpec): string {
  switch (spec.type) {
    case 'number': {
      const bounded = spec.min !== undefined || spec.max !== undefined;
      const range = bounded ? ` ${spec.min ?? '-∞'}..${spec.max ?? '∞'}` : '';
      return `${spec.integer ? 'integer' : 'number'}${range}${spec.unit ? ` ${spec.unit}` : ''}`;
    }
    case 'string':
      return spec.options ? `one of ${spec.options.join(', ')}` : 'string';
    case 'rgb':
      return '[r, g, b] each 0..255';
    case 'hs':
      return '[hue 0..360, saturation 0..100]';
    case 'hex':
      return '"#rrggbb"';
    case 'json':
      return 'any JSON value';
    default:
      return spec.type;
  }
}

function checkValue(name: string, spec: ParamSpec, value: unknown): string | null {
  const want = `${name} must be ${describeParam(spec)} (got ${JSON.stringify(value)})`;
  switch (spec.type) {
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return want;
      if (spec.integer && !Number.isInteger(value)) return want;
      if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) return want;
      return null;
    case 'string':
      if (typeof value !== 'string') return want;
      if (spec.options && !spec.options.includes(value)) return want;
      return null;
    case 'boolean':
      return typeof value === 'boolean' ? null : want;
    case 'rgb':
      return Array.isArray(value) &&
        value.length === 3 &&
        value.every((v) => typeof v === 'number' && v >= 0 && v <= 255)
        ? null
        : want;
    case 'hs':
      return Array.isArray(value) &&
        value.length === 2 &&
        typeof value[0] === 'number' &&
        typeof value[1] === 'number' &&
        value[0] >= 0 &&
        value[0] <= 360 &&
        value[1] >= 0 &&
        value[1] <= 100
        ? null
        : want;
    case 'hex':
      return typeof value === 'string' && /^#[0-9a-f]{6}$/i.test(value) ? null : want;
    case 'json':
      return null;
    default:
      return null;
  }
}

/** Problems with `data` for one action; empty when it is fine. */
export function checkParams(
  entityId: string,
  actionName: string,
  spec: ActionSpec,
  data: Readonly<Record<string, unknown>>,
): string[] {
  const problems: string[] = [];
  const known = Object.keys(spec.params);
  for (const [key, value] of Object.entries(data)) {
    const p = spec.params[key];
    if (!p) {
      const allowed = known.map((k) => `${k} (${describeParam(spec.params[k] as ParamSpec)})`).join(', ');
      problems.push(
        `${entityId}: '${key}' is not a parameter of ${actionName}; ` +
          `${known.length > 0 ? `allowed: ${allowed}` : 'it takes none'}`,
      );
      continue;
    }
    const problem = checkValue(key, p, value);
    if (problem) problems.push(`${entityId}: ${problem}`);
  }
  for (const [key, p] of Object.entries(spec.params)) {
    if (p.required && !(key in data)) problems.push(`${entityId}: ${actionName} needs '${key}' (${describeParam(p)})`);
  }
  return problems;
}

/** Durations whose value may be a template (`for:`, `delay:`, `timeout:`), resolved to milliseconds. */
import type { Duration } from './model.js';
import { PyFloat } from '../protocol/template/index.js';
import { PyTimedelta } from '../protocol/template/datetime-value.js';
import { isRecord } from './schema/fields.js';
import type { TemplateEnv } from './templates.js';
import { unitsMs } from './schema/values.js';

/** A rendered duration value (seconds, "HH:MM:SS", a mapping of units, a timedelta) in ms. */
export function durationMs(value: unknown): number {
  const v = value instanceof PyFloat ? value.value : value;
  if (v instanceof PyTimedelta) return Math.max(0, v.ms);
  if (typeof v === 'number' && Number.isFinite(v)) return Math.max(0, v * 1000);
  if (typeof v === 'string') {
    const text = v.trim();
    if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
    const m = /^(\d+):(\d{1,2})(?::(\d{1,2}(?:\.\d+)?))?$/.exec(text);
    if (m) return Number(m[1]) * 3_600_000 + Number(m[2]) * 60_000 + Number(m[3] ?? 0) * 1000;
  }
  if (isRecord(v)) return Math.max(0, unitsMs(v));
  throw new Error(`invalid duration ${JSON.stringify(v)}: expected seconds, "HH:MM:SS" or hours/minutes/seconds`);
}

/** Resolves a duration from the config, rendering its templates with `vars`. */
export function resolveDuration(
  duration: Duration,
  templates: TemplateEnv,
  vars: Readonly<Record<string, unknown>>,
): number {
  if (duration.kind === 'fixed') return duration.ms;
  if (duration.kind === 'template') return Math.round(durationMs(templates.compile(duration.template).native(vars)));
  const parts: Record<string, unknown> = {};
  for (const [unit, value] of Object.entries(duration.parts))
    parts[unit] = typeof value === 'string' ? templates.compile(value).native(vars) : value;
  return Math.round(durationMs(parts));
}

/**
 * Building blocks shared by the automation schemas: strict mappings that name every unknown key (with a
 * "did you mean" hint), lists that also take a single item, and a dispatcher that picks a trigger or
 * condition schema by its type key.
 *
 * Every schema here validates the YAML value as written, so the path of a zod issue is a path in the
 * YAML document and can be mapped back to a line and column. Normalising (legacy spellings, single
 * items as lists) happens in transforms, after validation.
 */
import { z } from 'zod';

export type Json = Record<string, unknown>;

/** A value as an error message names it: 'nothing', 'a list', 'a mapping', quoted text, or the value. */
export const describeValue = (v: unknown): string =>
  v === null
    ? 'nothing'
    : Array.isArray(v)
      ? 'a list'
      : typeof v === 'object'
        ? 'a mapping'
        : typeof v === 'string'
          ? `'${v}'`
          : String(v);

export const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Home Assistant renders a string as a template when it contains Jinja delimiters. */
export const isTemplate = (v: unknown): boolean => typeof v === 'string' && /\{\{|\{%|\{#/.test(v);

/** Extra data a schema attaches to an issue; read back when the issue becomes a diagnostic. */
export interface IssueParams {
  hint?: string;
  /** the issue is about this key of the mapping at the issue's path, not about its value */
  unknown_key?: string;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = row;
  }
  return prev[b.length] ?? Math.max(a.length, b.length);
}

/** The candidate closest to `word` when it is close enough to be a likely typo, else undefined. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: { name: string; d: number } | undefined;
  for (const name of candidates) {
    const d = editDistance(w, name.toLowerCase());
    if (!best || d < best.d) best = { name, d };
  }
  if (!best) return undefined;
  const limit = w.length <= 3 ? 1 : w.length <= 7 ? 2 : 3;
  if (best.d <= limit) return best.name;
  const prefix = candidates.find((c) => w.length >= 3 && (c.startsWith(w) || w.startsWith(c)));
  return prefix;
}

export const didYouMean = (word: string, candidates: readonly string[]): string | undefined => {
  const match = closest(word, candidates);
  return match === undefined ? undefined : `did you mean '${match}'?`;
};

/** A custom issue with optional hint; `path` is relative to the value being checked. */
export function report(
  ctx: z.RefinementCtx,
  message: string,
  path: PropertyKey[] = [],
  params: IssueParams = {},
): void {
  ctx.addIssue({ code: 'custom', message, path, params: { ...params } });
}

/**
 * Runs `schema` on `value` and hands its issues to `ctx` (their paths become relative to ctx's value).
 * Returns undefined when it failed.
 */
export function runInner<T>(schema: z.ZodType<T, unknown>, value: unknown, ctx: z.RefinementCtx): T | undefined {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  for (const issue of result.error.issues) ctx.addIssue({ ...issue } as Parameters<z.RefinementCtx['addIssue']>[0]);
  return undefined;
}

export interface FieldOptions {
  /** keys that exist but are not offered as "did you mean" suggestions (legacy spellings) */
  quiet?: readonly string[];
}

/**
 * A mapping with exactly the keys of `shape`: every other key is reported at its own position, with a
 * suggestion when it looks like a typo of a known key. `what` names the mapping in messages.
 */
export function fields<S extends z.ZodRawShape>(what: string, shape: S, options: FieldOptions = {}) {
  const keys = Object.keys(shape);
  const offered = keys.filter((k) => !(options.quiet ?? []).includes(k));
  return z
    .looseObject(shape, { error: (iss) => (iss.code === 'invalid_type' ? `expected ${what} (a mapping)` : undefined) })
    .superRefine(
      (value, ctx) => {
        if (!isRecord(value)) return;
        for (const key of Object.keys(value)) {
          if (keys.includes(key)) continue;
          const hint = didYouMean(key, offered);
          report(
            ctx,
            `unknown key '${key}' in ${what}`,
            [key],
            hint ? { unknown_key: key, hint } : { unknown_key: key },
          );
        }
      },
      { when: () => true },
    )
    .transform((value) => {
      const out: Json = {};
      for (const key of keys) if (value[key] !== undefined) out[key] = value[key];
      return out as z.output<z.ZodObject<S>>;
    });
}

/** `cv.ensure_list`: a single item becomes a one-item list, null (an empty YAML value) an empty list. */
export function listOf<T>(item: z.ZodType<T, unknown>, what: string, min = 0): z.ZodType<T[], unknown> {
  return z
    .preprocess((v) => (v === null ? [] : Array.isArray(v) ? v : [v]), z.array(item))
    .superRefine((list, ctx) => {
      if (list.length < min) report(ctx, `needs at least ${min === 1 ? 'one' : min} ${what}`);
    });
}

/** A key that Home Assistant knows but Switchyard does not support: present means an error. */
export function unsupportedKey(message: string, hint?: string) {
  return z
    .unknown()
    .superRefine((_, ctx) => report(ctx, message, [], hint ? { hint } : {}))
    .optional();
}

/** One member of a family of typed mappings (the state trigger, the numeric_state condition, …). */
export interface Variant<T> {
  readonly schema: z.ZodType<T, unknown>;
  readonly keys: readonly string[];
}

/** A variant built with `fields()`; the type key is filled in by `dispatch`. */
export function variant<S extends z.ZodRawShape, T>(
  what: string,
  shape: S,
  finish: (schema: ReturnType<typeof fields<S>>) => z.ZodType<T, unknown>,
): Variant<T> {
  return { schema: finish(fields(what, shape)), keys: Object.keys(shape) };
}

export interface DispatchOptions<T> {
  /** 'trigger' or 'condition': the key that holds the type in the normalised model */
  readonly family: string;
  /** accepted spellings of the type key, the preferred one first (`trigger`, legacy `platform`) */
  readonly typeKeys: readonly string[];
  readonly variants: Readonly<Record<string, Variant<T>>>;
  /** types Home Assistant has and Switchyard does not, with a hint each; `*.*` stands for any dotted type */
  readonly unsupported: Readonly<Record<string, string>>;
}

/**
 * Validates a mapping by its type key (`trigger: state`, `condition: time`, …). The type key is
 * rewritten to `family` before the variant's schema runs, so the legacy spelling yields the same model.
 */
export function dispatch<T>(options: DispatchOptions<T>, input: unknown, ctx: z.RefinementCtx): T {
  const { family, typeKeys, variants, unsupported } = options;
  const preferred = typeKeys[0] ?? family;
  if (!isRecord(input)) {
    report(ctx, `expected a ${family} (a mapping with '${preferred}:')`);
    return z.NEVER;
  }
  const present = typeKeys.filter((k) => k in input);
  if (present.length > 1) {
    const legacy = present[present.length - 1] ?? preferred;
    report(ctx, `Cannot specify both '${legacy}' and '${preferred}'. Please use '${preferred}' only.`, [legacy]);
    return z.NEVER;
  }
  const key = present[0];
  if (key === undefined) {
    report(ctx, `missing '${preferred}:' (the ${family} type)`, [], {
      hint: `one of: ${Object.keys(variants).join(', ')}`,
    });
    return z.NEVER;
  }
  const type = input[key];
  if (typeof type !== 'string') {
    report(ctx, `'${key}' must name the ${family} type`, [key], {
      hint: `one of: ${Object.keys(variants).join(', ')}`,
    });
    return z.NEVER;
  }
  const chosen = Object.hasOwn(variants, type) ? variants[type] : undefined;
  if (!chosen) {
    const why = Object.hasOwn(unsupported, type)
      ? unsupported[type]
      : type.includes('.')
        ? unsupported['*.*']
        : undefined;
    if (why !== undefined) report(ctx, `unsupported ${family} '${type}'`, [key], { hint: why });
    else {
      const hint = didYouMean(type, Object.keys(variants)) ?? `supported: ${Object.keys(variants).join(', ')}`;
      report(ctx, `unknown ${family} type '${type}'`, [key], { hint });
    }
    return z.NEVER;
  }
  const { [key]: _type, ...rest } = input;
  const result = chosen.schema.safeParse({ ...rest, [family]: type }, { reportInput: true });
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const params = (issue.code === 'custom' ? issue.params : undefined) as IssueParams | undefined;
    const unknown = params?.unknown_key;
    if (params !== undefined && unknown !== undefined && params.hint === undefined) {
      const owners = Object.entries(variants)
        .filter(([, v]) => v.keys.includes(unknown))
        .map(([name]) => name);
      if (owners.length > 0)
        params.hint = `'${unknown}' is an option of ${owners.join(', ')} ${family}s, not of ${type}`;
    }
    ctx.addIssue({ ...issue } as Parameters<z.RefinementCtx['addIssue']>[0]);
  }
  return z.NEVER;
}

// Python-style call signatures for filters, tests, functions and methods.
import { TemplateCaches } from './caches.js';
import { PyError } from './errors.js';

/** Marks a parameter the caller did not pass (Python's _SENTINEL default). */
export const MISSING: unique symbol = Symbol('missing');
export type Missing = typeof MISSING;

export type Impl = (
  args: readonly unknown[],
  rest: readonly unknown[],
  kwargs: Readonly<Record<string, unknown>>,
  /** the caches of the environment whose template is being rendered */
  env: TemplateCaches,
) => unknown;

export interface Builtin {
  readonly params: readonly string[];
  readonly required: number;
  readonly varargs: boolean;
  readonly varkw: boolean;
  readonly impl: Impl;
}

/**
 * Build a signature from a compact spec: "value, default?, base?" — a trailing "?" marks an
 * optional parameter, "*args" accepts extra positionals, "**kwargs" arbitrary keywords.
 * Unpassed optionals arrive as MISSING.
 */
export function sig(spec: string, impl: Impl): Builtin {
  const params: string[] = [];
  let required = 0;
  let varargs = false;
  let varkw = false;
  for (const raw of spec
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    if (raw.startsWith('**')) varkw = true;
    else if (raw.startsWith('*')) varargs = true;
    else if (raw.endsWith('?')) params.push(raw.slice(0, -1));
    else {
      params.push(raw);
      required = params.length;
    }
  }
  return { params, required, varargs, varkw, impl };
}

/** Describe an arity problem for `positional` arguments plus keywords, or undefined if fine. */
export function arityProblem(
  label: string,
  b: Builtin,
  positional: number,
  kwNames: readonly string[],
): string | undefined {
  if (!b.varargs && positional > b.params.length) {
    const plural = b.params.length === 1 ? '' : 's';
    return `${label} takes at most ${b.params.length} argument${plural} (${positional} given)`;
  }
  const seen = new Set<string>();
  for (const name of kwNames) {
    if (seen.has(name)) return `${label} got keyword argument '${name}' more than once`;
    seen.add(name);
    const index = b.params.indexOf(name);
    if (index < 0 && !b.varkw) return `${label} got an unexpected keyword argument '${name}'`;
    if (index >= 0 && index < positional) return `${label} got multiple values for argument '${name}'`;
  }
  for (let i = positional; i < b.required; i++) {
    const name = b.params[i] ?? '';
    if (!seen.has(name)) return `${label} missing required argument '${name}'`;
  }
  return undefined;
}

/** Calls `b`; without `env` (a call from outside a render) it gets caches of its own. */
export function invoke(
  label: string,
  b: Builtin,
  positional: readonly unknown[],
  kwargs: ReadonlyMap<string, unknown>,
  env: TemplateCaches = new TemplateCaches(),
): unknown {
  const problem = arityProblem(label, b, positional.length, [...kwargs.keys()]);
  if (problem !== undefined) throw new PyError(problem);
  const args: unknown[] = b.params.map((_, i) => (i < positional.length ? positional[i] : MISSING));
  const rest = positional.slice(b.params.length);
  const extra: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [name, value] of kwargs) {
    const index = b.params.indexOf(name);
    if (index >= 0) args[index] = value;
    else extra[name] = value;
  }
  return b.impl(args, rest, extra, env);
}

/** The argument, or `fallback` when it was not passed. */
export function opt<T>(v: unknown, fallback: T): unknown {
  return v === MISSING ? fallback : v;
}

/** Refuse keyword arguments a function does not take (its *args, **kwargs signature takes any). */
export function kwOnly(name: string, kwargs: Readonly<Record<string, unknown>>, allowed: readonly string[]): void {
  for (const key of Object.keys(kwargs)) {
    if (!allowed.includes(key)) throw new PyError(`${name}() got an unexpected keyword argument '${key}'`);
  }
}

/** A keyword argument, or `fallback` when absent. */
export function kwArg(kwargs: Readonly<Record<string, unknown>>, name: string, fallback: unknown): unknown {
  return Object.hasOwn(kwargs, name) ? kwargs[name] : fallback;
}

// Host extensions: names and values the embedding application gives templates (Home Assistant's
// states(), now(), datetimes…). The engine stays pure: a host declares at compile time which extra
// function and method names it will provide, and passes the implementations in the render variables.
import type { TemplateCaches } from './caches.js';
import { PyError } from './errors.js';
import { sig, type Builtin } from './signature.js';

/**
 * A function provided by the host: positional arguments, keyword arguments, and the caches of the environment
 * rendering the call (for what it formats: `strftime` of a host's datetime takes its %Z formatters there).
 */
export type HostFunction = (
  args: readonly unknown[],
  kwargs: Readonly<Record<string, unknown>>,
  env: TemplateCaches,
) => unknown;

/** Returned by `HostObject.binary` when it does not handle an operator. */
export const NOT_HANDLED: unique symbol = Symbol('not handled');

/**
 * A value defined by the host, such as a datetime or Home Assistant's `states` object. Subclasses
 * override what they support; everything else behaves like an opaque Python object.
 */
export abstract class HostObject {
  /** Python's type(v).__name__, used in error messages */
  abstract readonly typeName: string;

  /** str(v) */
  abstract toPyString(): string;

  /** `v.name`; undefined when there is no such attribute */
  attribute(_name: string): unknown {
    return undefined;
  }

  /** the method `v.name(...)`; its names must be declared in CompileOptions.methods */
  method(_name: string): HostFunction | undefined {
    return undefined;
  }

  /** `v(...)` for callable objects (e.g. `states('sensor.x')`); undefined when not callable */
  callable(): HostFunction | undefined {
    return undefined;
  }

  /** a key to compare (==, <, …) values of the same typeName by; undefined when unorderable */
  compareKey(): number | string | undefined {
    return undefined;
  }

  /** `self op other` (or `other op self` when `reflected`); NOT_HANDLED to fall back to a TypeError */
  binary(_op: string, _other: unknown, _reflected: boolean): unknown {
    return NOT_HANDLED;
  }

  /** what a for loop sees; undefined when not iterable */
  items(): unknown[] | undefined {
    return undefined;
  }
}

export interface CompileOptions {
  /**
   * Names of global functions the host provides (e.g. `states`, `now`). They are accepted at compile
   * time; at render time each must be in the variables as a HostFunction or a callable HostObject.
   */
  readonly globals?: Iterable<string>;
  /** Method names host objects provide (e.g. `weekday`, `isoformat`), accepted at compile time. */
  readonly methods?: Iterable<string>;
}

/** The compile options as sets, for the parser. */
export interface HostNames {
  readonly globals: ReadonlySet<string>;
  readonly methods: ReadonlySet<string>;
}

export const NO_HOST_NAMES: HostNames = Object.freeze({ globals: new Set<string>(), methods: new Set<string>() });

export function hostNames(options: CompileOptions | undefined): HostNames {
  if (!options) return NO_HOST_NAMES;
  return { globals: new Set(options.globals ?? []), methods: new Set(options.methods ?? []) };
}

/** A host function as a builtin; `withSelf` drops the receiver a method call passes first. */
export function asBuiltin(fn: HostFunction, withSelf: boolean): Builtin {
  if (withSelf) return sig('self, *args, **kwargs', (_self, rest, kw, env) => fn(rest, kw, env));
  return sig('*args, **kwargs', (_a, rest, kw, env) => fn(rest, kw, env));
}

/** The implementation of a host-provided global function, found in the render variables. */
export function hostCallable(name: string, value: unknown): Builtin {
  const fn: HostFunction | undefined =
    typeof value === 'function' ? (value as HostFunction) : value instanceof HostObject ? value.callable() : undefined;
  if (fn === undefined) throw new PyError(`'${name}' is undefined or not callable`);
  return asBuiltin(fn, false);
}

// The kinds of value the Python value model needs to tell apart before it knows anything about dicts'
// contents: Undefined, namespaces, tuples, and what type(v).__name__ says. Kept apart from python-values.ts
// and dicts.ts so both can use it without importing each other.
import { HostObject } from './host.js';
import { PyJinjaError } from './errors.js';
import { isFloat, isInt } from './numbers.js';

export class PyUndefined {
  /**
   * `hint`: the message Jinja's UndefinedError would carry, e.g. "'x' is undefined" (or, for an attribute
   * the sandbox refuses, its SecurityError's).
   */
  constructor(readonly hint: string) {}
}

/** Jinja's namespace(): the one mutable object templates can assign attributes on. */
export class PyNamespace {
  readonly attrs: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
}

const tuples = new WeakSet<readonly unknown[]>();

export function makeTuple(items: unknown[]): unknown[] {
  tuples.add(items);
  return items;
}

export function isTuple(v: unknown): v is unknown[] {
  return Array.isArray(v) && tuples.has(v);
}

export function isUndefined(v: unknown): v is PyUndefined | undefined {
  return v === undefined || v instanceof PyUndefined;
}

export function undefinedHint(v: unknown): string {
  return v instanceof PyUndefined ? v.hint : 'value is undefined';
}

/** Raise Jinja's UndefinedError for an operation on an undefined value. */
export function failUndefined(v: unknown): never {
  throw new PyJinjaError(undefinedHint(v));
}

/** Python's type(v).__name__. */
export function typeName(v: unknown): string {
  if (v === null) return 'NoneType';
  if (isUndefined(v)) return 'Undefined';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'str';
  if (isInt(v)) return 'int';
  if (isFloat(v)) return 'float';
  if (isTuple(v)) return 'tuple';
  if (Array.isArray(v)) return 'list';
  if (v instanceof PyNamespace) return 'Namespace';
  if (isDict(v)) return 'dict';
  if (v instanceof HostObject) return v.typeName;
  return 'object';
}

export function isDict(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

// Sequence helpers shared by filters and functions: attribute getters, min/max, sort, unique.
import { PyError } from './errors.js';
import { arithmetic, getItem } from './operators.js';
import { PyUndefined, isDict, isUndefined, iterate, truthy } from './python-values.js';
import { pyCompare, pyEquals } from './compare.js';
import { MISSING } from './signature.js';

export type Getter = (item: unknown) => unknown;

/** Jinja's make_attrgetter: "a.b.0" walks keys and list indices; None/missing means identity. */
export function attrGetter(attribute: unknown, lowerStrings = false): Getter {
  const post = (v: unknown): unknown => (lowerStrings && typeof v === 'string' ? v.toLowerCase() : v);
  if (attribute === MISSING || attribute === null || isUndefined(attribute)) return post;
  const parts: unknown[] =
    typeof attribute === 'string' ? attribute.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : [attribute];
  return (item) => post(parts.reduce<unknown>((acc, part) => getItem(acc, part), item));
}

function compare(a: unknown, b: unknown): number {
  if (pyCompare('<', a, b)) return -1;
  return pyCompare('<', b, a) ? 1 : 0;
}

/** Jinja's min/max filters: Undefined when empty, case-insensitive by default. */
export function minMax(which: 'min' | 'max', value: unknown, caseSensitive: unknown, attribute: unknown): unknown {
  const items = iterate(value);
  if (items.length === 0) return new PyUndefined('No aggregated item, sequence was empty.');
  const key = attrGetter(attribute, caseSensitive === MISSING || !truthy(caseSensitive));
  let best = items[0];
  let bestKey = key(best);
  for (const item of items.slice(1)) {
    const k = key(item);
    if (which === 'min' ? pyCompare('<', k, bestKey) : pyCompare('>', k, bestKey)) {
      best = item;
      bestKey = k;
    }
  }
  return best;
}

export function sortItems(value: unknown, reverse: boolean, caseSensitive: boolean, attribute: unknown): unknown[] {
  const key = attrGetter(attribute, !caseSensitive);
  const keyed = iterate(value).map((item) => ({ item, k: key(item) }));
  keyed.sort((x, y) => compare(x.k, y.k) * (reverse ? -1 : 1));
  return keyed.map((x) => x.item);
}

export function uniqueItems(value: unknown, caseSensitive: boolean, attribute: unknown): unknown[] {
  const key = attrGetter(attribute, !caseSensitive);
  const seen: unknown[] = [];
  const out: unknown[] = [];
  for (const item of iterate(value)) {
    const k = key(item);
    if (!seen.some((s) => pyEquals(s, k))) {
      seen.push(k);
      out.push(item);
    }
  }
  return out;
}

export function sumItems(value: unknown, attribute: unknown, start: unknown): unknown {
  const key = attrGetter(attribute);
  return iterate(value).reduce<unknown>((acc, item) => arithmetic('+', acc, key(item)), start);
}

/** HA's min()/max() globals: one iterable argument, or several values. */
export function spreadArgs(name: string, args: readonly unknown[]): unknown {
  if (args.length === 0) throw new PyError(`${name} expected at least 1 argument, got 0`);
  return args.length === 1 ? args[0] : args;
}

/** Jinja's `first` / `last` filters: Undefined for an empty sequence. */
export function firstOrLast(v: unknown, last: boolean): unknown {
  const items = iterate(v);
  const item = last ? items[items.length - 1] : items[0];
  return items.length === 0 ? new PyUndefined(`No ${last ? 'last' : 'first'} item, sequence was empty.`) : item;
}

/**
 * Jinja's `random` filter (`random.choice`): an item of a list, a character of a string; Undefined ("No random
 * item, sequence was empty.") for an empty one. A mapping is indexed by position as Python does, which fails on
 * a dict without integer keys (KeyError), so it is refused. `random` is the source in [0, 1) (Math.random).
 */
export function randomItem(value: unknown, random: () => number = Math.random): unknown {
  const items = iterate(value);
  if (isDict(value) && items.length > 0) throw new PyError('KeyError: random picks by position; a mapping has keys');
  if (items.length === 0) return new PyUndefined('No random item, sequence was empty.');
  return items[Math.min(items.length - 1, Math.floor(random() * items.length))];
}

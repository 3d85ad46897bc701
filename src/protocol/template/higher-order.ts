// The filters that call other filters and tests by name (map, select, reject, selectattr, rejectattr),
// and the remaining sequence filters Jinja has (dictsort, batch, wordcount). Kept apart from filters.ts
// because tests (functions.ts) are built from the filters.
import { PyError, PyJinjaError } from './errors.js';
import { FILTERS } from './filters.js';
import { TESTS } from './functions.js';
import { isDict, isUndefined, iterate, keyOf, makeTuple, pyStr, truthy, type PyDict } from './python-values.js';
import { pyCompare } from './compare.js';
import { attrGetter } from './sequences.js';
import type { TemplateCaches } from './caches.js';
import { invoke, MISSING, sig, type Builtin } from './signature.js';

type Kwargs = Readonly<Record<string, unknown>>;

const kwMap = (kw: Kwargs): Map<string, unknown> => new Map(Object.entries(kw));

function filterNamed(name: unknown): Builtin {
  const filter = typeof name === 'string' && Object.hasOwn(ALL_FILTERS, name) ? ALL_FILTERS[name] : undefined;
  if (filter === undefined) throw new PyJinjaError(`No filter named '${pyStr(name)}'.`);
  return filter;
}

function testNamed(name: unknown): Builtin {
  const test = typeof name === 'string' && Object.hasOwn(TESTS, name) ? TESTS[name] : undefined;
  if (test === undefined) throw new PyJinjaError(`No test named '${pyStr(name)}'.`);
  return test;
}

/** `map('filter', *args)` or `map(attribute='a.b', default=…)`, as a list. */
function map(value: unknown, args: readonly unknown[], kw: Kwargs, env: TemplateCaches): unknown[] {
  const items = iterate(value);
  if (args.length === 0 && Object.hasOwn(kw, 'attribute')) {
    const { attribute, default: dflt, ...rest } = kw;
    if (Object.keys(rest).length > 0) throw new PyError('Unexpected keyword argument');
    const get = attrGetter(attribute);
    return items.map((item) => {
      const v = get(item);
      return dflt !== undefined && isUndefined(v) ? dflt : v;
    });
  }
  if (args.length === 0) throw new PyError('map requires a filter argument');
  const [name, ...extra] = args;
  const filter = filterNamed(name);
  return items.map((item) => invoke(`filter '${pyStr(name)}'`, filter, [item, ...extra], kwMap(kw), env));
}

/** select/reject (on the items) and selectattr/rejectattr (on an attribute of each). */
function selectOrReject(keep: boolean, onAttribute: boolean) {
  return (value: unknown, args: readonly unknown[], kw: Kwargs, env: TemplateCaches): unknown[] => {
    let rest = args;
    let get = (item: unknown): unknown => item;
    if (onAttribute) {
      if (rest.length === 0) throw new PyError('Missing parameter for attribute name');
      get = attrGetter(rest[0]);
      rest = rest.slice(1);
    }
    let check: (v: unknown) => boolean = truthy;
    if (rest.length > 0) {
      const [name, ...extra] = rest;
      const test = testNamed(name);
      check = (v) => truthy(invoke(`test '${pyStr(name)}'`, test, [v, ...extra], kwMap(kw), env));
    }
    return iterate(value).filter((item) => check(get(item)) === keep);
  };
}

function dictsort(value: unknown, caseSensitive: unknown, by: unknown, reverse: unknown): unknown[] {
  if (!isDict(value)) throw new PyError('You can only sort by either "key" or "value"');
  const pos = by === MISSING || by === 'key' ? 0 : by === 'value' ? 1 : -1;
  if (pos < 0) throw new PyError('You can only sort by either "key" or "value"');
  const lower = caseSensitive === MISSING || !truthy(caseSensitive);
  const d: PyDict = value;
  const pairs = Object.keys(d).map((k) => makeTuple([keyOf(k), d[k]]));
  const sortKey = (pair: unknown[]): unknown => {
    const v = pair[pos];
    return lower && typeof v === 'string' ? v.toLowerCase() : v;
  };
  const desc = reverse !== MISSING && truthy(reverse);
  return pairs.sort((a, b) => {
    const x = sortKey(a);
    const y = sortKey(b);
    const c = pyCompare('<', x, y) ? -1 : pyCompare('<', y, x) ? 1 : 0;
    return desc ? -c : c;
  });
}

function batch(value: unknown, linecount: unknown, fillWith: unknown): unknown[][] {
  const n = typeof linecount === 'number' ? linecount : Number.NaN;
  if (!Number.isInteger(n) || n <= 0) {
    throw new PyError(`batch size must be a positive integer, got ${pyStr(linecount)}`);
  }
  const out: unknown[][] = [];
  let row: unknown[] = [];
  for (const item of iterate(value)) {
    if (row.length === n) {
      out.push(row);
      row = [];
    }
    row.push(item);
  }
  if (row.length > 0) {
    if (fillWith !== MISSING && fillWith !== null) while (row.length < n) row.push(fillWith);
    out.push(row);
  }
  return out;
}

/** Python's `\w+` words: letters, digits (any script) and underscores. */
function wordcount(value: unknown): number {
  return pyStr(value).match(/[\p{L}\p{N}_]+/gu)?.length ?? 0;
}

const HIGHER_ORDER: Readonly<Record<string, Builtin>> = {
  batch: sig('value, linecount, fill_with?', ([v, n, fill]) => batch(v, n, fill)),
  dictsort: sig('value, case_sensitive?, by?, reverse?', ([v, cs, by, r]) => dictsort(v, cs, by, r)),
  map: sig('value, *args, **kwargs', ([v], args, kw, env) => map(v, args, kw, env)),
  reject: sig('value, *args, **kwargs', ([v], args, kw, env) => selectOrReject(false, false)(v, args, kw, env)),
  rejectattr: sig('value, *args, **kwargs', ([v], args, kw, env) => selectOrReject(false, true)(v, args, kw, env)),
  select: sig('value, *args, **kwargs', ([v], args, kw, env) => selectOrReject(true, false)(v, args, kw, env)),
  selectattr: sig('value, *args, **kwargs', ([v], args, kw, env) => selectOrReject(true, true)(v, args, kw, env)),
  wordcount: sig('value', ([v]) => wordcount(v)),
};

/** Every filter: the built-in ones of filters.ts and these. */
export const ALL_FILTERS: Readonly<Record<string, Builtin>> = { ...FILTERS, ...HIGHER_ORDER };

// Typed SQL that costs nothing per call: Kysely builds each query once (so its tables, columns and value
// types are checked against db-schema.ts), and better-sqlite3 prepares the SQL Kysely compiles it to. The
// values come in at run time by name: the query is built over named stand-ins, and each stand-in's place in
// the compiled parameter list says where its value goes. Nothing here loads Kysely at run time (the history
// writer's thread prepares statements compiled in the main thread: see compileQuery).
import type BetterSqlite3 from 'better-sqlite3';
import type { Compilable } from 'kysely';

/** a stand-in no real value can be: a NUL, then the parameter's name */
const STAND_IN = '\u0000param:';

export interface PreparedQuery<P, R> {
  run(args: P): BetterSqlite3.RunResult;
  get(args: P): R | undefined;
  all(args: P): R[];
  /** the SQL Kysely compiled, with `?` placeholders (for tests and plans) */
  readonly sql: string;
}

/**
 * A query compiled and its parameters sorted out: plain data, so a worker thread can prepare it (with
 * prepareCompiled) without building it again. `R` is the row type, carried for prepareCompiled only.
 */
export interface CompiledStatement<P, R> {
  /** with `?` placeholders, in Kysely's order */
  readonly sql: string;
  /** with `@name` placeholders when every value is named (for SQL bound by name elsewhere), else undefined */
  readonly named: string | undefined;
  /** each placeholder's parameter name, or undefined where the query holds a constant */
  readonly names: readonly (string | undefined)[];
  /** the values Kysely compiled, stand-ins included: the constants are those without a name */
  readonly constants: readonly unknown[];
  /** never set: keeps P and R with the statement's type */
  readonly types?: (args: P) => R;
}

/**
 * How a prepared query answers: `rows` as objects; `raw` as arrays of the selected values in order
 * (better-sqlite3's raw mode: no object per row); `pluck` the first selected column's value.
 */
export type RowMode = 'rows' | 'raw' | 'pluck';
type Answer<R, M extends RowMode> = M extends 'raw' ? R[keyof R][] : M extends 'pluck' ? R[keyof R] : R;

/** Compiles the query `build` makes from `p` (whose every property is a stand-in for the value of that name). */
export function compileQuery<P extends object, R = unknown>(build: (p: P) => Compilable<R>): CompiledStatement<P, R> {
  const p = new Proxy({} as P, { get: (_, name) => `${STAND_IN}${String(name)}` });
  const compiled = build(p).compile();
  const names = compiled.parameters.map((v) =>
    typeof v === 'string' && v.startsWith(STAND_IN) ? v.slice(STAND_IN.length) : undefined,
  );
  const marks = compiled.sql.split('?').length - 1;
  let named: string | undefined;
  if (names.length > 0 && marks === names.length && names.every((n) => n !== undefined && /^\w+$/.test(n))) {
    let at = 0;
    named = compiled.sql.replace(/\?/g, () => `@${names[at++] as string}`);
  }
  return { sql: compiled.sql, named, names, constants: [...compiled.parameters] };
}

type Method = 'run' | 'get' | 'all';

/**
 * Calls the statement's `method` with the values of `keys` from the caller's object, in order, written out for
 * up to six values (no array per call); undefined for more.
 */
function unrolled(
  statement: BetterSqlite3.Statement,
  method: Method,
  keys: readonly string[],
): ((x: Record<string, unknown>) => unknown) | undefined {
  const [a = '', b = '', c = '', d = '', e = '', f = ''] = keys;
  switch (keys.length) {
    case 0:
      return () => statement[method]();
    case 1:
      return (x) => statement[method](x[a]);
    case 2:
      return (x) => statement[method](x[a], x[b]);
    case 3:
      return (x) => statement[method](x[a], x[b], x[c]);
    case 4:
      return (x) => statement[method](x[a], x[b], x[c], x[d]);
    case 5:
      return (x) => statement[method](x[a], x[b], x[c], x[d], x[e]);
    case 6:
      return (x) => statement[method](x[a], x[b], x[c], x[d], x[e], x[f]);
    default:
      return undefined;
  }
}

/**
 * Prepares a compiled statement; `mode` says how its rows come back (default: objects). The values are bound
 * in order, taken from the caller's object by name. (better-sqlite3's own binding by name, `@name` and the
 * object, makes a string of each name on every run: a third more per insert of a history row.)
 */
export function prepareCompiled<P, R, M extends RowMode = 'rows'>(
  sqlite: BetterSqlite3.Database,
  compiled: CompiledStatement<P, R>,
  mode?: M,
): PreparedQuery<P, Answer<R, M>> {
  type A = Answer<R, M>;
  const { sql, names, constants } = compiled;
  const statement = sqlite.prepare(sql);
  // raw and pluck apply to statements that return data; a write has no rows to shape
  if (mode === 'raw') statement.raw(true);
  else if (mode === 'pluck') statement.pluck(true);
  const values = (args: P): unknown[] =>
    names.map((name, i) => (name === undefined ? constants[i] : (args as Record<string, unknown>)[name]));
  const call = (method: Method) => {
    const keys = names.every((n) => n !== undefined) ? (names as readonly string[]) : undefined;
    const fast = keys && unrolled(statement, method, keys);
    return (fast ?? ((args: P) => statement[method](...values(args)))) as (args: P) => unknown;
  };
  const run = call('run');
  const get = call('get');
  const all = call('all');
  return {
    run: run as (args: P) => BetterSqlite3.RunResult,
    get: get as (args: P) => A | undefined,
    all: all as (args: P) => A[],
    sql,
  };
}

/**
 * Prepares the query `build` makes from `p` (whose every property is a stand-in for the value of that name).
 * Values written into the query itself (a constant in a where clause) stay as they are.
 */
export function prepareQuery<P extends object, R = unknown, M extends RowMode = 'rows'>(
  sqlite: BetterSqlite3.Database,
  build: (p: P) => Compilable<R>,
  mode?: M,
): PreparedQuery<P, Answer<R, M>> {
  return prepareCompiled(sqlite, compileQuery(build), mode);
}

/**
 * The stand-ins of `keys`, as an object whose keys can be listed: an insert's `.values()` takes its columns
 * from the keys of the object it is given, and the stand-in object has none of its own.
 */
export function standIns<P extends object, K extends keyof P & string>(p: P, keys: readonly K[]): Pick<P, K> {
  return Object.fromEntries(keys.map((k) => [k, p[k]])) as Pick<P, K>;
}

// Typed SQL that costs nothing per call: Kysely builds each query once (so its tables, columns and value
// types are checked against db-schema.ts), and better-sqlite3 prepares the SQL Kysely compiles it to. The
// values come in at run time by name: the query is built over named stand-ins, and each stand-in's place in
// the compiled parameter list says where its value goes.
import type BetterSqlite3 from 'better-sqlite3';
import type { Compilable } from 'kysely';

/** a stand-in no real value can be: a NUL, then the parameter's name */
const STAND_IN = '\u0000param:';

export interface PreparedQuery<P, R> {
  run(args: P): BetterSqlite3.RunResult;
  get(args: P): R | undefined;
  all(args: P): R[];
  /** the SQL it runs (for tests and plans) */
  readonly sql: string;
}

/**
 * Prepares the query `build` makes from `p` (whose every property is a stand-in for the value of that name).
 * Values written into the query itself (a constant in a where clause) stay as they are.
 */
export function prepareQuery<P extends object, R = unknown>(
  sqlite: BetterSqlite3.Database,
  build: (p: P) => Compilable<R>,
): PreparedQuery<P, R> {
  const p = new Proxy({} as P, { get: (_, name) => `${STAND_IN}${String(name)}` });
  const compiled = build(p).compile();
  const names = compiled.parameters.map((v) => (typeof v === 'string' && v.startsWith(STAND_IN) ? v.slice(STAND_IN.length) : undefined));
  const marks = compiled.sql.split('?').length - 1;
  if (names.length > 0 && marks === names.length && names.every((n) => n !== undefined && /^\w+$/.test(n))) {
    // every value is named: `@name` placeholders, bound straight from the caller's object (no array per call)
    let at = 0;
    const statement = sqlite.prepare(compiled.sql.replace(/\?/g, () => `@${names[at++] as string}`));
    return {
      run: (args) => statement.run(args),
      get: (args) => statement.get(args) as R | undefined,
      all: (args) => statement.all(args) as R[],
      sql: compiled.sql,
    };
  }
  const constants = compiled.parameters;
  const values = (args: P): unknown[] => names.map((name, i) => (name === undefined ? constants[i] : (args as Record<string, unknown>)[name]));
  const statement = sqlite.prepare(compiled.sql);
  return {
    run: (args) => statement.run(...values(args)),
    get: (args) => statement.get(...values(args)) as R | undefined,
    all: (args) => statement.all(...values(args)) as R[],
    sql: compiled.sql,
  };
}

/**
 * The stand-ins of `keys`, as an object whose keys can be listed: an insert's `.values()` takes its columns
 * from the keys of the object it is given, and the stand-in object has none of its own.
 */
export function standIns<P extends object, K extends keyof P & string>(p: P, keys: readonly K[]): Pick<P, K> {
  return Object.fromEntries(keys.map((k) => [k, p[k]])) as Pick<P, K>;
}

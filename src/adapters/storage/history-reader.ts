import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { HistoryBucket, HistoryPoint, HistoryReader } from '../../core/ports.js';
import { queryBuilder, type DatabaseSchema } from './db-schema.js';
import { pointsJson, type HistoryRow } from './history-json.js';
import { compileQuery, prepareQuery } from './prepared.js';

/**
 * ISO 8601 for many timestamps in a row (history points): the date part is formatted once per day,
 * the time of day by hand; the same text as Date.prototype.toISOString, about three times faster.
 */
export function isoTimes(): (ms: number) => string {
  let day = NaN;
  let prefix = '';
  const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);
  return (ms) => {
    const d = Math.floor(ms / 86_400_000);
    if (d !== day) {
      day = d;
      prefix = new Date(d * 86_400_000).toISOString().slice(0, -13); // up to and including the 'T'
    }
    let rest = ms - d * 86_400_000;
    const h = Math.floor(rest / 3_600_000);
    rest -= h * 3_600_000;
    const m = Math.floor(rest / 60_000);
    rest -= m * 60_000;
    const sec = Math.floor(rest / 1000);
    const milli = rest - sec * 1000;
    return `${prefix}${two(h)}:${two(m)}:${two(sec)}.${milli < 10 ? `00${milli}` : milli < 100 ? `0${milli}` : milli}Z`;
  };
}

/** a window of one entity's history */
interface Window {
  entity: string;
  start: number;
  end: number;
}

/** The rows of a window by the (entity_id, ts) index, in order. */
function inWindow(db: Kysely<DatabaseSchema>, p: Window) {
  return db
    .selectFrom('state_history')
    .where('entity_id', '=', p.entity)
    .where('ts', '>=', p.start)
    .where('ts', '<=', p.end);
}

/** a window's rows: at most `limit`, and the attributes text to answer as 0 (see rowsQuery) */
type RowsParams = Window & { limit: number; first: string | null };

/**
 * The raw rows of a window, oldest first (ties in the order written). `attributes`: the text as stored,
 * none (NULL, the same row shape), or 0 where it equals `first` (see HISTORY_ROWS_SQL).
 */
function rowsQuery(db: Kysely<DatabaseSchema>, attributes: 'stored' | 'none' | 'first') {
  return (p: RowsParams) =>
    inWindow(db, p)
      .select((eb) => [
        'state',
        'state_num',
        attributes === 'stored'
          ? 'attributes'
          : (attributes === 'none'
              ? eb.lit(null)
              : eb.case().when('attributes', '=', p.first).then(eb.lit(0)).else(eb.ref('attributes')).end()
            ).as('attributes'),
        'ts',
      ])
      .orderBy('ts')
      .orderBy('id')
      .limit(p.limit);
}

/** AGGREGATE_SQL's values: `start` and `size` as BigInt, which better-sqlite3 binds as integers */
export type AggregateParams = Omit<Window, 'start'> & { start: bigint; size: bigint };

/**
 * The buckets of a window: its numeric states grouped by bucket number, one range scan of the index.
 * `start` and `size` must be bound as integers (better-sqlite3 binds a JS number as REAL); `ts - start` is
 * never negative inside the window, so SQLite's integer division is a floor.
 */
function bucketsQuery(db: Kysely<DatabaseSchema>) {
  return (p: AggregateParams) => {
    // Kysely types ts as the number it reads: the BigInt stand-ins are typed as numbers to meet it
    const at = p as unknown as Window & { size: number };
    return inWindow(db, at)
      .where('state_num', 'is not', null)
      .select((eb) => [
        eb(eb.parens('ts', '-', at.start), '/', at.size).as('idx'),
        eb.fn.count<number>('state_num').as('count'),
        eb.fn.min<number>('state_num').as('min'),
        eb.fn.avg<number>('state_num').as('mean'),
        eb.fn.max<number>('state_num').as('max'),
      ])
      .groupBy('idx')
      .orderBy('idx');
  };
}

/** The SQL behind aggregate(), values bound by name (@entity, @start, @end, @size: see AggregateParams). */
export const AGGREGATE_SQL = compileQuery(bucketsQuery(queryBuilder())).named as string;

/** history()'s query in its plain form (values in order: entity, start, end, limit), for plans and benchmarks. */
export const HISTORY_SQL = compileQuery(rowsQuery(queryBuilder(), 'stored')).sql;

/**
 * HISTORY_SQL as the reader runs it: attributes equal to the text bound first come back as 0. An entity's
 * attributes rarely change between its states, and reading the same JSON text into a new JS string for
 * every row costs more than SQLite comparing it (the reader binds the window's first attributes).
 */
export const HISTORY_ROWS_SQL = compileQuery(rowsQuery(queryBuilder(), 'first')).sql;

/** Reads state history by the (entity_id, ts) index; `beforeRead` flushes pending writes first. */
export function createHistoryReader(sqlite: BetterSqlite3.Database, beforeRead: () => void): HistoryReader {
  const db = queryBuilder();
  const rowsWithFirst = prepareQuery(sqlite, rowsQuery(db, 'first'), 'raw');
  const withoutAttributes = prepareQuery(sqlite, rowsQuery(db, 'none'), 'raw');
  const firstAttributes = prepareQuery(
    sqlite,
    // LIMIT 1 written into the query: bound as a value, SQLite takes five times as long over a window
    (p: Window) =>
      inWindow(db, p)
        .select('attributes')
        .orderBy('ts')
        .orderBy('id')
        .limit((eb) => eb.lit(1)),
    'pluck',
  );
  const buckets = prepareQuery(sqlite, bucketsQuery(db));
  /** the window's rows and the attributes text a 0 in them stands for */
  const readRows = (
    entity: string,
    start: Date,
    end: Date,
    options: { limit?: number; attributes?: boolean },
  ): { rows: HistoryRow[]; first: string | null } => {
    beforeRead();
    const at: RowsParams = {
      entity,
      start: start.getTime(),
      end: end.getTime(),
      limit: options.limit ?? 10_000,
      first: null,
    };
    if (options.attributes === false) return { rows: withoutAttributes.all(at) as HistoryRow[], first: null };
    at.first = firstAttributes.get(at) ?? null;
    return { rows: rowsWithFirst.all(at) as HistoryRow[], first: at.first };
  };
  // the summary: counts and the numeric range in SQL; changes and the last state from the states in
  // order, counted here (SQLite's lag() window costs more than reading the short state texts)
  const totals = prepareQuery(sqlite, (p: Window) =>
    inWindow(db, p).select((eb) => [
      eb.fn.countAll<number>().as('count'),
      eb.fn.min('state_num').as('min'),
      eb.fn.max('state_num').as('max'),
      eb.fn.avg<number | null>('state_num').as('mean'),
    ]),
  );
  const statesInOrder = prepareQuery(
    sqlite,
    (p: Window) => inWindow(db, p).select('state').orderBy('ts').orderBy('id'),
    'pluck',
  );
  return {
    async aggregate(entityId, start, end, bucketSeconds) {
      if (!(bucketSeconds > 0)) throw new RangeError(`bucketSeconds must be positive, got ${bucketSeconds}`);
      beforeRead();
      const from = start.getTime();
      const size = Math.max(1, Math.round(bucketSeconds * 1000));
      // bound as BigInt so SQLite sees integers (better-sqlite3 binds every JS number as REAL) and divides as integers
      const found = buckets.all({ entity: entityId, start: BigInt(from), end: end.getTime(), size: BigInt(size) });
      return found.map(
        (r): HistoryBucket => ({
          start: new Date(from + r.idx * size).toISOString(),
          count: r.count,
          min: r.min,
          mean: r.mean,
          max: r.max,
        }),
      );
    },
    async summary(entityId, start, end) {
      beforeRead();
      const window = { entity: entityId, start: start.getTime(), end: end.getTime() };
      const t = totals.get(window);
      if (t === undefined || t.count === 0)
        return { count: 0, changes: 0, min: null, max: null, mean: null, last: null };
      const states = statesInOrder.all(window);
      let changes = 0;
      for (let i = 0; i < states.length; i++) if (i === 0 || states[i] !== states[i - 1]) changes++;
      return { count: t.count, changes, min: t.min, max: t.max, mean: t.mean, last: states.at(-1) ?? null };
    },
    async history(entityId, start, end, options = {}) {
      const { rows, first } = readRows(entityId, start, end, options);
      const iso = isoTimes();
      // each distinct attributes text is parsed once: the points share one read-only object
      let firstParsed: Record<string, unknown> | null | undefined;
      let text: string | null | undefined;
      let parsed: Record<string, unknown> | null = null;
      const parse = (t: string | null) => (t === null ? null : (JSON.parse(t) as Record<string, unknown>));
      return rows.map(([state, value, attributes, ts]): HistoryPoint => {
        if (attributes === 0) {
          if (firstParsed === undefined) firstParsed = parse(first);
          return { state, value, attributes: firstParsed, time: iso(ts) };
        }
        if (attributes !== text) {
          text = attributes;
          parsed = parse(text);
        }
        return { state, value, attributes: parsed, time: iso(ts) };
      });
    },
    async historyJson(entityId, start, end, options = {}) {
      const { rows, first } = readRows(entityId, start, end, options);
      return pointsJson(rows, first, isoTimes());
    },
  };
}

/** Deletes history older than the cutoff; returns how many rows went. */
export function purgeHistory(sqlite: BetterSqlite3.Database, olderThan: Date): number {
  const db = queryBuilder();
  const purge = prepareQuery(sqlite, (p: { before: number }) =>
    db.deleteFrom('state_history').where('ts', '<', p.before),
  );
  return purge.run({ before: olderThan.getTime() }).changes;
}

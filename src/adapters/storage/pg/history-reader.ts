// State history read from PostgreSQL, answering exactly as the SQLite reader (history-reader.ts) does for the
// same rows: a window is start ≤ ts ≤ end, points come oldest first with ties in the order written (ts, then id),
// `limit` keeps the oldest (a negative one keeps all, as SQLite's LIMIT does), buckets are numbered from the
// window's start, and the summary counts every state and changes in that order. Two things are done differently
// to give the same numbers and to carry fewer bytes:
// - means: SQLite's avg() sums doubles with Kahan-Babuška-Neumaier compensation (the exact sum, rounded once,
//   but for pathological inputs) and divides once; PostgreSQL's avg(float8) adds plainly, which drifts in the
//   last bits, and a double cast to numeric keeps 15 digits only. Here each double is split exactly into an
//   integer and a power of two, the integers are summed per power in numeric (numericParts), the sum is put
//   together exactly in JS BigInts and rounded once (scaled), then divided as SQLite divides.
// - attributes: a row whose attributes text equals the row before it comes back as a flag, not the text again
//   (lag() over the same order): most rows repeat their entity's attributes.
import { sql, type Kysely } from 'kysely';
import type { HistoryBucket, HistoryPoint, HistoryReader, HistorySummary } from '../../../core/ports.js';
import type { DatabaseSchema } from '../db-schema.js';
import { pointsJson, type HistoryRow } from '../history-json.js';
import { isoTimes } from '../history-reader.js';
import type { PgDatabase } from './database.js';
import { historyPartitions } from './history-partitions.js';

interface Window {
  entity: string;
  start: number;
  end: number;
}

const inWindow = (db: Kysely<DatabaseSchema>, w: Window) =>
  db.selectFrom('state_history').where('entity_id', '=', w.entity).where('ts', '>=', w.start).where('ts', '<=', w.end);

/**
 * The numeric states of a window per bucket (`idx`: numbered from `from` in `size` ms) and per binary exponent
 * class `e`: each finite, non-zero double is x = m × 2^(e − 52) with m an integer below 2^55 (e is the
 * exponent estimated by ln and lowered by one, so m is whole: scaling by powers of two is exact, in two steps to
 * stay in range), and m sums exactly in numeric. Zeros add nothing; infinities are counted apart.
 */
function numericParts(db: Kysely<DatabaseSchema>, w: Window, from: number, size: number) {
  const classed = inWindow(db, w)
    .where('state_num', 'is not', null)
    .select([
      sql<number>`(ts - ${from}) / ${size}`.as('idx'),
      'state_num',
      sql<number | null>`case when state_num = 0 or state_num in ('Infinity', '-Infinity') then null
        else floor(ln(abs(state_num)) / ${sql.lit(Math.LN2)}::float8)::int - 1 end`.as('e'),
    ])
    .as('c');
  return db
    .selectFrom(classed)
    .select([
      'idx',
      'e',
      sql<number>`count(*)`.as('count'),
      sql<number>`min(state_num)`.as('min'),
      sql<number>`max(state_num)`.as('max'),
      sql<
        string | null
      >`sum((state_num * 2::float8 ^ ((52 - e) / 2) * 2::float8 ^ (52 - e - (52 - e) / 2))::int8)::text`.as('m'),
      sql<number>`count(*) filter (where state_num = 'Infinity')`.as('up'),
      sql<number>`count(*) filter (where state_num = '-Infinity')`.as('down'),
    ])
    .groupBy(['idx', 'e'])
    .orderBy('idx')
    .orderBy('e');
}

type Part = Awaited<ReturnType<ReturnType<typeof numericParts>['execute']>>[number];

/** t × 2^p as the nearest double (ties to even), as the exact sum SQLite's compensated sum arrives at */
function scaled(t: bigint, p: number): number {
  if (t === 0n) return 0;
  let a = t < 0n ? -t : t;
  const bits = a.toString(2).length;
  if (bits > 62) {
    // keep 62 bits and whether anything below was set: Number() then rounds as it would the whole
    const shift = BigInt(bits - 62);
    a = (a >> shift) | ((a & ((1n << shift) - 1n)) === 0n ? 0n : 1n);
    p += bits - 62;
  }
  const half = Math.trunc(p / 2);
  const v = Number(a) * 2 ** half * 2 ** (p - half);
  return t < 0n ? -v : v;
}

/** a bucket's numeric states from its parts: count, min, max, and SQLite's mean (the sum over the count) */
function merge(parts: readonly Part[]): { count: number; min: number; max: number; mean: number | null } {
  let count = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let up = 0;
  let down = 0;
  const terms: [bigint, number][] = [];
  for (const p of parts) {
    count += p.count;
    min = Math.min(min, p.min);
    max = Math.max(max, p.max);
    up += p.up;
    down += p.down;
    if (p.e !== null && p.m !== null) terms.push([BigInt(p.m), p.e]);
  }
  const low = Math.min(...terms.map(([, e]) => e));
  let sum = 0n;
  for (const [m, e] of terms) sum += m << BigInt(e - low);
  // ∞ − ∞ is NaN, which SQLite answers as NULL
  const total = up > 0 && down > 0 ? Number.NaN : up > 0 ? Infinity : down > 0 ? -Infinity : scaled(sum, low - 52);
  return { count, min, max, mean: count === 0 || Number.isNaN(total) ? null : total / count };
}

/** the rows of numericParts grouped by bucket, in order */
function byBucket(rows: readonly Part[]): Part[][] {
  const groups: Part[][] = [];
  for (const r of rows) {
    const last = groups.at(-1);
    if (last?.[0]?.idx === r.idx) last.push(r);
    else groups.push([r]);
  }
  return groups;
}

/** SQLite's LIMIT for a JS number: a negative integer is no limit; what is not a 64-bit integer is an error */
function limitOf(limit: number): number | null {
  if (!Number.isInteger(limit) || Math.abs(limit) >= 2 ** 63) throw new TypeError(`datatype mismatch: LIMIT ${limit}`);
  return limit < 0 ? null : limit;
}

export function createPgHistoryReader(database: PgDatabase, beforeRead: () => Promise<unknown>): HistoryReader {
  const { db, pool } = database;

  /** the window's rows as the SQLite reader's raw rows (HistoryRow), the attributes texts shared between rows */
  const readRows = async (
    entity: string,
    start: Date,
    end: Date,
    options: { limit?: number; attributes?: boolean },
  ): Promise<HistoryRow[]> => {
    const limit = limitOf(options.limit ?? 10_000);
    await beforeRead();
    const w = { entity, start: start.getTime(), end: end.getTime() };
    const same = sql<boolean>`attributes is not distinct from lag(attributes) over (order by ts, id)`;
    let query = inWindow(db, w)
      .select(['state', 'state_num'])
      .select(
        options.attributes === false
          ? [sql<null>`null`.as('attributes'), sql<boolean>`true`.as('same')]
          : [sql<string | null>`case when ${same} then null else attributes end`.as('attributes'), same.as('same')],
      )
      .select('ts')
      .orderBy('ts')
      .orderBy('id');
    if (limit !== null) query = query.limit(limit);
    const compiled = query.compile();
    // arrays, not an object per row: a day of readings is thousands of rows
    const result = await pool.query<[string, number | null, string | null, boolean, number]>({
      text: compiled.sql,
      values: compiled.parameters as unknown[],
      rowMode: 'array',
    });
    let previous: string | null = null;
    return result.rows.map(([state, value, attributes, repeated, ts]): HistoryRow => {
      if (!repeated) previous = attributes;
      return [state, value, previous, ts];
    });
  };

  return {
    async history(entityId, start, end, options = {}) {
      const rows = await readRows(entityId, start, end, options);
      const iso = isoTimes();
      // each distinct attributes text is parsed once: the points share one read-only object (as in SQLite's)
      let text: string | null | undefined;
      let parsed: Record<string, unknown> | null = null;
      return rows.map(([state, value, attributes, ts]): HistoryPoint => {
        if (attributes !== text) {
          text = attributes as string | null;
          parsed = text === null ? null : (JSON.parse(text) as Record<string, unknown>);
        }
        return { state, value, attributes: parsed, time: iso(ts) };
      });
    },

    async historyJson(entityId, start, end, options = {}) {
      // the SQLite reader's writer of points' JSON, given the rows as SQLite's reader gives them: the first row's
      // attributes text once and 0 for every row that repeats it, so the output is sized for the usual row at once
      // (passed as text on every row, the buffer grew twice over a day's window: 3× SQLite's time, profiled)
      const rows = await readRows(entityId, start, end, options);
      const first = rows.length > 0 ? (rows[0] as HistoryRow)[2] : null;
      for (const row of rows) if (row[2] === first) row[2] = 0;
      return pointsJson(rows, first === 0 ? null : first, isoTimes());
    },

    async aggregate(entityId, start, end, bucketSeconds) {
      if (!(bucketSeconds > 0)) throw new RangeError(`bucketSeconds must be positive, got ${bucketSeconds}`);
      await beforeRead();
      const from = start.getTime();
      const size = Math.max(1, Math.round(bucketSeconds * 1000));
      // ts − start is never negative inside the window: bigint division is the floor SQLite's integer one is
      const rows = await numericParts(db, { entity: entityId, start: from, end: end.getTime() }, from, size).execute();
      return byBucket(rows).map((parts): HistoryBucket => {
        const { count, min, max, mean } = merge(parts);
        return {
          start: new Date(from + (parts[0]?.idx ?? 0) * size).toISOString(),
          count,
          min,
          mean: mean as number,
          max,
        };
      });
    },

    async summary(entityId, start, end): Promise<HistorySummary> {
      await beforeRead();
      const w = { entity: entityId, start: start.getTime(), end: end.getTime() };
      // changes: states that differ from the one before them in the window's order (the first counts)
      const ordered = inWindow(db, w)
        .select(['state', sql<string | null>`lag(state) over (order by ts, id)`.as('prev')])
        .as('o');
      const last = inWindow(db, w).select('state').orderBy('ts', 'desc').orderBy('id', 'desc').limit(1);
      const [t, parts] = await Promise.all([
        db
          .selectFrom(ordered)
          .select([
            sql<number>`count(*)`.as('count'),
            sql<number>`count(*) filter (where prev is distinct from state)`.as('changes'),
            last.as('last'),
          ])
          .executeTakeFirst(),
        // the whole window as one bucket
        numericParts(db, w, w.start, Number.MAX_SAFE_INTEGER).execute(),
      ]);
      if (t === undefined || t.count === 0)
        return { count: 0, changes: 0, min: null, max: null, mean: null, last: null };
      const numeric = parts.length > 0 ? merge(parts) : undefined;
      return {
        count: t.count,
        changes: t.changes,
        min: numeric?.min ?? null,
        max: numeric?.max ?? null,
        mean: numeric?.mean ?? null,
        last: t.last,
      };
    },
  };
}

/** Deletes history older than the cutoff, whole days at a time where it can; returns how many rows went. */
export function purgePgHistory(database: PgDatabase, olderThan: Date): Promise<number> {
  return historyPartitions(database).dropBefore(olderThan);
}

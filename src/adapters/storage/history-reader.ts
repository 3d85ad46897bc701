import type BetterSqlite3 from 'better-sqlite3';
import type { HistoryBucket, HistoryPoint, HistoryReader } from '../../core/ports.js';
import { pointsJson, type HistoryRow } from './history-json.js';

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

interface BucketRow {
  idx: number;
  count: number;
  min: number;
  mean: number;
  max: number;
}

interface SummaryRow {
  count: number;
  min: number | null;
  max: number | null;
  mean: number | null;
}

/**
 * The SQL behind aggregate(): one range scan of the (entity_id, ts) index, grouped by bucket number.
 * `@start` and `@size` must be bound as integers; `ts - start` is never negative inside the window,
 * so SQLite's integer division is a floor.
 */
export const AGGREGATE_SQL = `SELECT (ts - @start) / @size AS idx, count(state_num) AS count, min(state_num) AS min, avg(state_num) AS mean, max(state_num) AS max
  FROM state_history WHERE entity_id = @entity AND ts >= @start AND ts <= @end AND state_num IS NOT NULL
  GROUP BY idx ORDER BY idx`;

/** The raw query of history() in its plain form, exported for EXPLAIN QUERY PLAN checks and benchmarks. */
export const HISTORY_SQL = 'SELECT state, state_num, attributes, ts FROM state_history WHERE entity_id = ? AND ts >= ? AND ts <= ? ORDER BY ts, id LIMIT ?';

/**
 * HISTORY_SQL as the reader runs it: attributes equal to the text bound first come back as 0. An entity's
 * attributes rarely change between its states, and reading the same JSON text into a new JS string for
 * every row costs more than SQLite comparing it (the reader binds the window's first attributes).
 */
export const HISTORY_ROWS_SQL = `SELECT state, state_num, iif(attributes = ?, 0, attributes) AS attributes, ts
  FROM state_history WHERE entity_id = ? AND ts >= ? AND ts <= ? ORDER BY ts, id LIMIT ?`;

/** Reads state history by the (entity_id, ts) index; `beforeRead` flushes pending writes first. */
export function createHistoryReader(sqlite: BetterSqlite3.Database, beforeRead: () => void): HistoryReader {
  const rowsQuery = sqlite.prepare(HISTORY_ROWS_SQL).raw(true);
  const firstAttributes = sqlite.prepare('SELECT attributes FROM state_history WHERE entity_id = ? AND ts >= ? AND ts <= ? ORDER BY ts, id LIMIT 1').pluck(true);
  const buckets = sqlite.prepare(AGGREGATE_SQL);
  // without attributes: the same row shape, attributes NULL
  const withoutAttributes = sqlite.prepare(HISTORY_SQL.replace('attributes, ', 'NULL AS attributes, ')).raw(true);
  /** the window's rows and the attributes text a 0 in them stands for */
  const readRows = (entityId: string, start: Date, end: Date, options: { limit?: number; attributes?: boolean }): { rows: HistoryRow[]; first: string | null } => {
    beforeRead();
    const window = [entityId, start.getTime(), end.getTime()] as const;
    const limit = options.limit ?? 10_000;
    if (options.attributes === false) return { rows: withoutAttributes.all(...window, limit) as HistoryRow[], first: null };
    const first = (firstAttributes.get(...window) as string | null | undefined) ?? null;
    return { rows: rowsQuery.all(first, ...window, limit) as HistoryRow[], first };
  };
  // the summary: counts and the numeric range in SQL; changes and the last state from the states in
  // order, counted here (SQLite's lag() window costs more than reading the short state texts)
  const totals = sqlite.prepare(`SELECT count(*) AS count, min(state_num) AS min, max(state_num) AS max, avg(state_num) AS mean
    FROM state_history WHERE entity_id = ? AND ts >= ? AND ts <= ?`);
  const statesInOrder = sqlite.prepare('SELECT state FROM state_history WHERE entity_id = ? AND ts >= ? AND ts <= ? ORDER BY ts, id').pluck(true);
  return {
    async aggregate(entityId, start, end, bucketSeconds) {
      if (!(bucketSeconds > 0)) throw new RangeError(`bucketSeconds must be positive, got ${bucketSeconds}`);
      beforeRead();
      const from = start.getTime();
      const size = Math.max(1, Math.round(bucketSeconds * 1000));
      // bound as BigInt so SQLite sees integers (better-sqlite3 binds every JS number as REAL) and divides as integers
      const rows = buckets.all({ entity: entityId, start: BigInt(from), end: end.getTime(), size: BigInt(size) }) as BucketRow[];
      return rows.map((r): HistoryBucket => ({ start: new Date(from + r.idx * size).toISOString(), count: r.count, min: r.min, mean: r.mean, max: r.max }));
    },
    async summary(entityId, start, end) {
      beforeRead();
      const args = [entityId, start.getTime(), end.getTime()] as const;
      const t = totals.get(...args) as SummaryRow;
      if (t.count === 0) return { count: 0, changes: 0, min: null, max: null, mean: null, last: null };
      const states = statesInOrder.all(...args) as string[];
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
        if (attributes === 0) return { state, value, attributes: (firstParsed ??= parse(first)), time: iso(ts) };
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
  return sqlite.prepare('DELETE FROM state_history WHERE ts < ?').run(olderThan.getTime()).changes;
}

import type BetterSqlite3 from 'better-sqlite3';
import type { HistoryBucket, HistoryPoint, HistoryReader } from '../../core/ports.js';

/** a history row as an array (the statements run in raw mode: no object per row) */
type RawRow = [state: string, stateNum: number | null, attributes: string | null, ts: number];
type RawRowWithoutAttributes = [state: string, stateNum: number | null, ts: number];

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

/** The raw query of history(), exported for EXPLAIN QUERY PLAN checks and benchmarks. */
export const HISTORY_SQL = 'SELECT state, state_num, attributes, ts FROM state_history WHERE entity_id = ? AND ts >= ? AND ts <= ? ORDER BY ts, id LIMIT ?';

/** Reads state history by the (entity_id, ts) index; `beforeRead` flushes pending writes first. */
export function createHistoryReader(sqlite: BetterSqlite3.Database, beforeRead: () => void): HistoryReader {
  const query = sqlite.prepare(HISTORY_SQL).raw(true);
  const buckets = sqlite.prepare(AGGREGATE_SQL);
  const withoutAttributes = sqlite.prepare(HISTORY_SQL.replace('attributes, ', '')).raw(true);
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
      beforeRead();
      const args = [entityId, start.getTime(), end.getTime(), options.limit ?? 10_000] as const;
      const iso = isoTimes();
      if (options.attributes === false) {
        return (withoutAttributes.all(...args) as RawRowWithoutAttributes[]).map(([state, value, ts]): HistoryPoint => ({ state, value, attributes: null, time: iso(ts) }));
      }
      // an entity's attributes rarely change between states: parse each distinct JSON text once (the
      // points then share one read-only object)
      let text: string | null = null;
      let parsed: Record<string, unknown> | null = null;
      return (query.all(...args) as RawRow[]).map(([state, value, attributes, ts]): HistoryPoint => {
        if (attributes !== text) {
          text = attributes;
          parsed = text === null ? null : (JSON.parse(text) as Record<string, unknown>);
        }
        return { state, value, attributes: parsed, time: iso(ts) };
      });
    },
  };
}

/** Deletes history older than the cutoff; returns how many rows went. */
export function purgeHistory(sqlite: BetterSqlite3.Database, olderThan: Date): number {
  return sqlite.prepare('DELETE FROM state_history WHERE ts < ?').run(olderThan.getTime()).changes;
}

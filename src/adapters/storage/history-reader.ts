import type BetterSqlite3 from 'better-sqlite3';
import type { HistoryPoint, HistoryReader } from '../../core/ports.js';

interface Row {
  state: string;
  state_num: number | null;
  attributes: string | null;
  ts: number;
}

/** Reads state history by the (entity_id, ts) index; `beforeRead` flushes pending writes first. */
export function createHistoryReader(sqlite: BetterSqlite3.Database, beforeRead: () => void): HistoryReader {
  const query = sqlite.prepare('SELECT state, state_num, attributes, ts FROM state_history WHERE entity_id = ? AND ts >= ? AND ts <= ? ORDER BY ts, id LIMIT ?');
  return {
    async history(entityId, start, end, options = {}) {
      beforeRead();
      const rows = query.all(entityId, start.getTime(), end.getTime(), options.limit ?? 10_000) as Row[];
      return rows.map(
        (r): HistoryPoint => ({
          state: r.state,
          value: r.state_num,
          attributes: options.attributes === false || r.attributes === null ? null : (JSON.parse(r.attributes) as Record<string, unknown>),
          time: new Date(r.ts).toISOString(),
        }),
      );
    },
  };
}

/** Deletes history older than the cutoff; returns how many rows went. */
export function purgeHistory(sqlite: BetterSqlite3.Database, olderThan: Date): number {
  return sqlite.prepare('DELETE FROM state_history WHERE ts < ?').run(olderThan.getTime()).changes;
}

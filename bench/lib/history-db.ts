// Reads Switchyard's SQLite file from the benchmark process (WAL lets a reader run beside the writer):
// how many history rows are on disk, without asking Switchyard itself. openPgHistoryDb does the same for a
// Switchyard storing into PostgreSQL (BENCH_STORAGE=postgres, storage.ts).
import Database from 'better-sqlite3';
import { join } from 'node:path';
import pg from 'pg';
import { until } from './stats.js';

export interface HistoryDb {
  /** the highest state_history id on disk (0 when empty) */
  maxId(): number;
  /** how many state_history rows are on disk */
  rows(): number;
  close(): void;
}

/** HistoryDb of either engine: PostgreSQL answers asynchronously */
export interface StoredHistory {
  maxId(): number | Promise<number>;
  rows(): number | Promise<number>;
  close(): void | Promise<void>;
}

export async function openHistoryDb(dataDir: string): Promise<HistoryDb> {
  const path = join(dataDir, 'switchyard.db');
  const db = await until(
    'the Switchyard database',
    () => {
      try {
        const d = new Database(path, { readonly: true, fileMustExist: true });
        d.prepare('SELECT 1 FROM state_history LIMIT 1').all();
        return d;
      } catch {
        return undefined;
      }
    },
    10_000,
    50,
  );
  const max = db.prepare('SELECT max(id) AS id FROM state_history');
  const count = db.prepare('SELECT count(*) AS n FROM state_history');
  return {
    maxId: () => (max.get() as { id: number | null } | undefined)?.id ?? 0,
    rows: () => (count.get() as { n: number } | undefined)?.n ?? 0,
    close: () => db.close(),
  };
}

/**
 * The same figures from a Switchyard database in PostgreSQL, once its migrations made state_history. There
 * state_history is partitioned by day and `id` has no index of its own (a partitioned table's key must hold the
 * partition key), so max(id) would read every row, several times a second while the ingest scenario samples it.
 * maxId() takes it from the newest rows by ts instead (the ts index, backwards): the recorder numbers the rows in
 * the order it writes them and ts is the state's last_updated, taken as each change is made, so the newest ids
 * have the newest times (500 rows reach past any run of equal times at these rates). rows() is count(*).
 */
export async function openPgHistoryDb(url: string): Promise<StoredHistory> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await until(
    'state_history in PostgreSQL',
    async () =>
      (await client.query("select to_regclass('state_history') is not null as made")).rows[0]?.made === true
        ? true
        : undefined,
    10_000,
    50,
  );
  const MAX_ID = 'select max(id)::float8 as id from (select id from state_history order by ts desc limit 500) newest';
  return {
    maxId: async () => ((await client.query(MAX_ID)).rows[0] as { id: number | null } | undefined)?.id ?? 0,
    rows: async () =>
      ((await client.query('select count(*)::float8 as n from state_history')).rows[0] as { n: number } | undefined)
        ?.n ?? 0,
    close: () => client.end(),
  };
}

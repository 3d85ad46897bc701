// Reads Switchyard's SQLite file from the benchmark process (WAL lets a reader run beside the writer):
// how many history rows are on disk, without asking Switchyard itself.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { until } from './stats.js';

export interface HistoryDb {
  /** the highest state_history id on disk (0 when empty) */
  maxId(): number;
  /** how many state_history rows are on disk */
  rows(): number;
  close(): void;
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

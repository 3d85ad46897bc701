// The history benchmark's rows in PostgreSQL (BENCH_STORAGE=postgres): copied from the cached SQLite database
// (history-cache.ts), so both engines are measured on the same rows: the same ids, entities, states, numbers and
// attributes texts. Into a database Switchyard's own migrations made (openPostgres), with the day partitions made
// as Switchyard's writer makes them (pg/history-partitions.ts) and the migration's indexes in place while the rows
// go in, in id (time) order, as the recorder would have written them. Batches of 50,000 rows are one INSERT of
// unnest()ed arrays each, the attributes sent once per entity and joined in (about 1,000 distinct texts); the next
// batch is read from SQLite while PostgreSQL writes the last. Then the identity goes past the last id, and
// VACUUM (ANALYZE) and a checkpoint leave the table as autovacuum would, before anything is timed.
import Database from 'better-sqlite3';
import type { PgDatabase } from '../../src/adapters/storage/pg/database.js';
import { dayOf, historyPartitions } from '../../src/adapters/storage/pg/history-partitions.js';

const BATCH = 50_000;

const INSERT = `insert into state_history (id, entity_id, state, state_num, attributes, ts)
select u.id, e.entity_id, u.state, u.state_num, e.attributes, u.ts
from unnest($1::int8[], $2::int4[], $3::text[], $4::float8[], $5::int8[]) as u(id, k, state, state_num, ts)
join unnest($6::text[], $7::text[]) with ordinality as e(entity_id, attributes, k) on e.k = u.k`;

export interface PgSeed {
  readonly rows: number;
  /** copying the rows */
  readonly copy_s: number;
  /** VACUUM (ANALYZE) and CHECKPOINT */
  readonly vacuum_s: number;
  /** bytes of state_history's partitions with their indexes */
  readonly bytes: number;
}

export async function seedPostgresHistory(
  database: PgDatabase,
  sqliteFile: string,
  log: (line: string) => void,
): Promise<PgSeed> {
  const { pool } = database;
  const lite = new Database(sqliteFile, { readonly: true });
  try {
    const t0 = performance.now();
    // the registry and the latest states, as they are in the SQLite file (same columns: the same migrations)
    for (const table of ['entities', 'states'] as const) {
      const rows = lite.prepare(`SELECT * FROM ${table}`).all();
      await pool.query(`insert into ${table} select * from json_populate_recordset(null::${table}, $1::json)`, [
        JSON.stringify(rows),
      ]);
    }
    const span = lite.prepare('SELECT min(ts) AS lo, max(ts) AS hi, count(*) AS n FROM state_history').get() as {
      lo: number;
      hi: number;
      n: number;
    };
    const days: number[] = [];
    for (let d = dayOf(span.lo); d <= dayOf(span.hi); d++) days.push(d);
    await historyPartitions(database).ensure(days);
    log(`copying ${span.n.toLocaleString('en-US')} history rows from SQLite into PostgreSQL (${days.length} days)`);

    const keys = new Map<string, number>();
    const entityIds: string[] = [];
    const attributesTexts: (string | null)[] = [];
    let batch = { id: [] as number[], k: [] as number[], state: [] as string[], num: [] as (number | null)[] };
    let ts: number[] = [];
    let inFlight: Promise<unknown> | undefined;
    let copied = 0;
    let lastLog = performance.now();
    const send = async () => {
      // the entity arrays grow as the copy goes on: each statement gets them as they are now
      const values = [batch.id, batch.k, batch.state, batch.num, ts, [...entityIds], [...attributesTexts]];
      batch = { id: [], k: [], state: [], num: [] };
      ts = [];
      await inFlight;
      inFlight = pool.query(INSERT, values);
      // let the statement go out before reading the next batch
      await new Promise((r) => setImmediate(r));
    };
    const rows = lite
      .prepare('SELECT id, entity_id, state, state_num, attributes, ts FROM state_history ORDER BY id')
      .raw(true)
      .iterate() as IterableIterator<[number, string, string, number | null, string | null, number]>;
    for (const [id, entity, state, num, attributes, time] of rows) {
      const key = `${entity}\u0000${attributes ?? '\u0001'}`;
      let k = keys.get(key);
      if (k === undefined) {
        entityIds.push(entity);
        attributesTexts.push(attributes);
        k = entityIds.length; // with ordinality counts from 1
        keys.set(key, k);
      }
      batch.id.push(id);
      batch.k.push(k);
      batch.state.push(state);
      batch.num.push(num);
      ts.push(time);
      if (batch.id.length >= BATCH) {
        await send();
        copied += BATCH;
        if (performance.now() - lastLog > 15_000) {
          lastLog = performance.now();
          log(`  ${copied.toLocaleString('en-US')} rows, ${((lastLog - t0) / 1000).toFixed(0)} s`);
        }
      }
    }
    copied += batch.id.length;
    if (batch.id.length > 0) await send();
    await inFlight;
    await pool.query(
      "select setval(pg_get_serial_sequence('state_history', 'id'), (select max(id) from state_history))",
    );
    const copyS = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    await pool.query('vacuum (analyze) state_history');
    await pool.query('checkpoint');
    const vacuumS = (performance.now() - t1) / 1000;
    const size = await pool.query<{ bytes: number }>(
      `select sum(pg_total_relation_size(inhrelid))::float8 as bytes from pg_inherits
       where inhparent = 'state_history'::regclass`,
    );
    log(
      `copied ${copied.toLocaleString('en-US')} rows in ${copyS.toFixed(0)} s; vacuum and analyze ${vacuumS.toFixed(0)} s`,
    );
    return { rows: copied, copy_s: copyS, vacuum_s: vacuumS, bytes: size.rows[0]?.bytes ?? 0 };
  } finally {
    lite.close();
  }
}

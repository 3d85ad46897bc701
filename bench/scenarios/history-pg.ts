// The history scenario with BENCH_STORAGE=postgres (history.ts runs it then): the cached SQLite database's
// rows copied into a fresh PostgreSQL database of the run's cluster (lib/history-pg-seed.ts), and the same
// measurements on it. The floor is the SQL Switchyard's PostgreSQL reader (pg/history-reader.ts) sends, caught
// from the reader itself on its first call, run through `pg` in this process: raw as arrays, as the reader asks
// for them, and the bucketed aggregate. Then the get_history tool in this process on that reader, and Switchyard
// started with SWITCHYARD_DATABASE_URL on the database: raw and bucketed over REST, bucketed through MCP.
import { join } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import type { DatabaseSchema } from '../../src/adapters/storage/db-schema.js';
import { openPostgres, type PgDatabase } from '../../src/adapters/storage/pg/database.js';
import { createPgHistoryReader } from '../../src/adapters/storage/pg/history-reader.js';
import type { HistoryDatabase } from '../lib/history-cache.js';
import { BUCKETS, historyResult, measureSwitchyard, measureTool, timed } from '../lib/history-measure.js';
import { seedPostgresHistory } from '../lib/history-pg-seed.js';
import { startSwitchyard } from '../lib/processes.js';
import type { BenchContext, ScenarioResult } from '../lib/types.js';

interface Statement {
  text: string;
  values: unknown[];
}

/** the statements the PostgreSQL reader sends for one history() and one aggregate() call, as sent */
async function readerStatements(database: PgDatabase, w: HistoryDatabase): Promise<{ raw: Statement; agg: Statement }> {
  const sent: Statement[] = [];
  // the reader runs raw windows through pool.query and the rest through Kysely: both are caught here
  const pool = {
    query(config: pg.QueryConfig, values?: unknown[]) {
      sent.push({ text: config.text, values: [...(config.values ?? values ?? [])] });
      return database.pool.query(config, values);
    },
  } as unknown as pg.Pool;
  const db = new Kysely<DatabaseSchema>({
    dialect: new PostgresDialect({ pool: database.pool }),
    log(event) {
      if (event.level === 'query') sent.push({ text: event.query.sql, values: [...event.query.parameters] });
    },
  });
  const reader = createPgHistoryReader({ ...database, db, pool }, async () => {});
  const start = new Date(w.windowStart);
  const end = new Date(w.windowEnd);
  await reader.history(w.probe, start, end);
  const raw = sent.splice(0).at(-1);
  await reader.aggregate?.(w.probe, start, end, 86_400 / BUCKETS);
  const agg = sent.splice(0).at(-1);
  if (!raw || !agg) throw new Error('the PostgreSQL reader sent no statement for history() or aggregate()');
  return { raw, agg };
}

export async function postgresHistory(
  ctx: BenchContext,
  cached: HistoryDatabase,
  queries: number,
): Promise<ScenarioResult> {
  const target = await ctx.storage.database('history');
  if (target.url === undefined) throw new Error('postgresHistory needs BENCH_STORAGE=postgres');
  const database = await openPostgres(target.url);
  let closed = false;
  try {
    const seed = await seedPostgresHistory(database, join(cached.dir, 'switchyard.db'), ctx.log);
    const { pool } = database;
    const { raw, agg } = await readerStatements(database, cached);
    const plan = async (s: Statement) =>
      (await pool.query<{ 'QUERY PLAN': string }>(`explain ${s.text}`, s.values)).rows
        .map((r) => r['QUERY PLAN'].trim())
        .join('; ');
    const indexes = (
      await pool.query<{ name: string; def: string }>(
        `select indexname as name, indexdef as def from pg_indexes
         where tablename = 'state_history' or tablename = (select min(c.relname) from pg_inherits i
           join pg_class c on c.oid = i.inhrelid where i.inhparent = 'state_history'::regclass)`,
      )
    ).rows.map((r) => `${r.name}: ${r.def}`);
    const rawPlan = await plan(raw);
    const aggPlan = await plan(agg);
    ctx.log(`indexes: ${indexes.join(' | ')}`);
    ctx.log(`plan raw: ${rawPlan}`);
    ctx.log(`plan bucketed: ${aggPlan}`);
    // the partitions' copies of the (entity_id, ts) index are named <partition>_entity_id_ts_idx
    if (!/entity_id_ts_idx/.test(rawPlan) || !/entity_id_ts_idx/.test(aggPlan))
      throw new Error('the history queries do not use the (entity_id, ts) index');
    const rawQuery = { text: raw.text, values: raw.values, rowMode: 'array' as const };
    const rawRows = (await pool.query(rawQuery)).rows.length;
    const floorRaw = await timed(queries, 20, () => pool.query(rawQuery));
    const floorAgg = await timed(queries, 20, () => pool.query(agg.text, agg.values));

    const tool = await measureTool(
      createPgHistoryReader(database, async () => {}),
      cached,
      queries,
    );

    // Switchyard on the same database: its retention must not touch the rows
    const ids = async () =>
      (await pool.query<{ lo: number; hi: number }>('select min(id) as lo, max(id) as hi from state_history')).rows[0];
    const before = await ids();
    const sy = await startSwitchyard({
      brokerUrl: ctx.broker.url,
      dataDir: join(ctx.workDir, 'history', 'data'),
      automationsDir: join(ctx.workDir, 'history', 'automations'),
      env: { ...target.env, SWITCHYARD_HISTORY_RETENTION_DAYS: '3650' },
    });
    let switchyard: Awaited<ReturnType<typeof measureSwitchyard>>;
    try {
      switchyard = await measureSwitchyard(sy, cached, queries);
    } finally {
      await sy.stop();
      const after = await ids();
      if (after?.lo !== before?.lo || after?.hi !== before?.hi)
        ctx.log(
          `warning: Switchyard changed the history (ids ${before?.lo}…${before?.hi} → ${after?.lo}…${after?.hi})`,
        );
    }
    await database.close();
    closed = true;
    return historyResult(
      { floorRaw, floorAgg, tool, switchyard },
      { rows: seed.rows, rawRows, queries, w: cached, log: ctx.log },
      {
        storage: 'postgres',
        rows: seed.rows,
        seed,
        indexes,
        sql_raw: raw.text,
        sql_bucketed: agg.text,
        plan_raw: rawPlan,
        plan_bucketed: aggPlan,
      },
    );
  } finally {
    if (!closed) await database.close();
  }
}

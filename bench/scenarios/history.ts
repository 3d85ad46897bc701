// History queries: 24 h of one entity (a reading every 10 s: 8,640 rows) in a database of 10 million
// history rows (built once with Switchyard's own migrations, cached in bench/.cache), through Switchyard
// started on that database: raw through GET /api/entities/:id/history, and bucketed (288 buckets of
// 5 min with min/mean/max) through GET /api/entities/:id/history/buckets and through the MCP tool
// get_history (POST /mcp, JSON-RPC tools/call, which adds a summary of the window). The floor: the same SQL run directly with better-sqlite3 in this process.
// Also the get_history tool in this process on the same file, with the SQL aggregate and with the JS
// bucketing it used before, to see the tool's own cost apart from HTTP and MCP (for 24 h and a week).
// With BENCH_STORAGE=postgres the same rows go into a PostgreSQL database and the same queries run there
// (history-pg.ts); what both engines measure alike is in lib/history-measure.ts.
import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { AGGREGATE_SQL, createHistoryReader, HISTORY_SQL } from '../../src/adapters/storage/history-reader.js';
import { historyDatabase } from '../lib/history-cache.js';
import { BUCKETS, HISTORY_ROWS, historyResult, measureSwitchyard, measureTool, timed } from '../lib/history-measure.js';
import { startSwitchyard } from '../lib/processes.js';
import type { Scenario } from '../lib/types.js';
import { postgresHistory } from './history-pg.js';

export const historyScenario: Scenario = {
  name: 'history',
  description: `24 h of one entity, raw and bucketed, in a database of ${HISTORY_ROWS.toLocaleString('en-US')} history rows`,
  postgres: true,
  async run(ctx) {
    const rows = ctx.quick ? 1_000_000 : HISTORY_ROWS;
    const queries = ctx.quick ? 50 : 200;
    const db = await historyDatabase(ctx.cacheDir, rows, ctx.log);
    if (ctx.storage.engine === 'postgres') return postgresHistory(ctx, db, queries);
    const start = new Date(db.windowStart);
    const end = new Date(db.windowEnd);
    const size = 86_400_000 / BUCKETS;
    // the floor: the same SQL in this process, and what SQLite plans for it
    const direct = new BetterSqlite3(join(db.dir, 'switchyard.db'), { readonly: true });
    const plan = (sql: string, ...args: unknown[]) =>
      (direct.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[])
        .map((r) => r.detail)
        .join('; ');
    const indexes = (
      direct
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'state_history'")
        .all() as { name: string; sql: string }[]
    ).map((r) => `${r.name}: ${r.sql}`);
    const rawPlan = plan(HISTORY_SQL, db.probe, start.getTime(), end.getTime(), 10_000);
    const aggPlan = plan(AGGREGATE_SQL, {
      entity: db.probe,
      start: BigInt(start.getTime()),
      end: end.getTime(),
      size: BigInt(size),
    });
    ctx.log(`indexes: ${indexes.join(' | ')}`);
    ctx.log(`plan raw: ${rawPlan}`);
    ctx.log(`plan bucketed: ${aggPlan}`);
    if (!/USING INDEX state_history_entity_ts/.test(rawPlan) || !/USING INDEX state_history_entity_ts/.test(aggPlan))
      throw new Error('the history queries do not use the (entity_id, ts) index');
    // raw mode (rows as arrays), as the reader runs it
    const rawStmt = direct.prepare(HISTORY_SQL).raw(true);
    const aggStmt = direct.prepare(AGGREGATE_SQL);
    const rawRows = rawStmt.all(db.probe, start.getTime(), end.getTime(), 10_000).length;
    const floorRaw = await timed(queries, 20, () => rawStmt.all(db.probe, start.getTime(), end.getTime(), 10_000));
    const floorAgg = await timed(queries, 20, () =>
      aggStmt.all({ entity: db.probe, start: BigInt(start.getTime()), end: end.getTime(), size: BigInt(size) }),
    );

    // the get_history tool in this process, SQL aggregate against the JS bucketing over raw points
    const tool = await measureTool(
      createHistoryReader(direct, () => {}),
      db,
      queries,
    );

    // Switchyard on the same file: its retention must not touch the cached rows
    const { minId, maxId } = direct.prepare('SELECT min(id) AS minId, max(id) AS maxId FROM state_history').get() as {
      minId: number;
      maxId: number;
    };
    const sy = await startSwitchyard({
      brokerUrl: ctx.broker.url,
      dataDir: db.dir,
      automationsDir: join(ctx.workDir, 'history', 'automations'),
      env: { SWITCHYARD_HISTORY_RETENTION_DAYS: '3650' },
    });
    let switchyard: Awaited<ReturnType<typeof measureSwitchyard>>;
    try {
      switchyard = await measureSwitchyard(sy, db, queries);
    } finally {
      await sy.stop();
      const after = direct.prepare('SELECT min(id) AS minId, max(id) AS maxId FROM state_history').get() as {
        minId: number;
        maxId: number;
      };
      direct.close();
      if (after.minId !== minId || after.maxId !== maxId)
        ctx.log(
          `warning: Switchyard changed the cached history (ids ${minId}…${maxId} → ${after.minId}…${after.maxId})`,
        );
    }

    return historyResult(
      { floorRaw, floorAgg, tool, switchyard },
      { rows, rawRows, queries, w: db, log: ctx.log },
      {
        storage: 'sqlite',
        rows: db.rows,
        build_s: db.buildSeconds,
        indexes,
        plan_raw: rawPlan,
        plan_bucketed: aggPlan,
      },
    );
  },
};

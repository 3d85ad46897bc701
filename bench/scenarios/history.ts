// History queries: 24 h of one entity (a reading every 10 s: 8,640 rows) in a database of 10 million
// history rows (built once with Switchyard's own migrations, cached in bench/.cache), through Switchyard
// started on that database: raw through GET /api/entities/:id/history, and bucketed (288 buckets of
// 5 min with min/mean/max) through GET /api/entities/:id/history/buckets and through the MCP tool
// get_history (POST /mcp, JSON-RPC tools/call, which adds a summary of the window). The floor: the same SQL run directly with better-sqlite3 in this process.
// Also the get_history tool in this process on the same file, with the SQL aggregate and with the JS
// bucketing it used before, to see the tool's own cost apart from HTTP and MCP (for 24 h and a week).
import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { AGGREGATE_SQL, createHistoryReader, HISTORY_SQL } from '../../src/adapters/storage/history-reader.js';
import { getHistory, GetHistoryInput } from '../../src/usecases/history.js';
import type { UseCaseDeps as McpDeps } from '../../src/usecases/deps.js';
import type { HistoryReader } from '../../src/core/ports.js';
import { historyDatabase } from '../lib/history-cache.js';
import { startSwitchyard } from '../lib/processes.js';
import { summarize } from '../lib/stats.js';
import { figure, type Figure, type Scenario } from '../lib/types.js';

export const HISTORY_ROWS = 10_000_000;
const BUCKETS = 288; // 5 minutes over 24 h

async function timed(count: number, warmup: number, run: () => unknown): Promise<number[]> {
  const samples: number[] = [];
  for (let i = -warmup; i < count; i++) {
    const t = performance.now();
    await run();
    if (i >= 0) samples.push(performance.now() - t);
  }
  return samples;
}

/** a JSON-RPC response, either as JSON or as the one event of a text/event-stream */
function rpcResult(text: string): {
  result?: { structuredContent?: unknown; isError?: boolean; content?: { text: string }[] };
  error?: unknown;
} {
  const data = text.trimStart().startsWith('{')
    ? text
    : text
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5))
        .join('');
  return JSON.parse(data) as ReturnType<typeof rpcResult>;
}

export const historyScenario: Scenario = {
  name: 'history',
  description: `24 h of one entity, raw and bucketed, in a database of ${HISTORY_ROWS.toLocaleString('en-US')} history rows`,
  async run(ctx) {
    const rows = ctx.quick ? 1_000_000 : HISTORY_ROWS;
    const queries = ctx.quick ? 50 : 200;
    const db = await historyDatabase(ctx.cacheDir, rows, ctx.log);
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
    const reader = createHistoryReader(direct, () => {});
    const { aggregate: _a, summary: _s, ...jsOnly } = reader;
    const entity = {
      entity_id: db.probe,
      unique_id: null,
      domain: 'sensor',
      name: 'Bench History Probe',
      device_id: null,
      area: null,
      source: 'bench',
      discovery_topic: null,
      config: {},
    };
    const toolDeps = (history: HistoryReader) =>
      ({
        registry: { entity: (id: string) => (id === db.probe ? entity : undefined), entities: () => [entity] },
        states: { get: () => undefined },
        clock: { now: () => end },
        history,
      }) as unknown as McpDeps;
    const toolArgs = GetHistoryInput.parse({
      entity_ids: [db.probe],
      start: start.toISOString(),
      end: end.toISOString(),
      mode: 'aggregate',
      max_points: BUCKETS,
    });
    const toolSql = await timed(queries, 10, () => getHistory(toolDeps(reader), toolArgs));
    const toolJs = await timed(Math.min(queries, 50), 5, () => getHistory(toolDeps(jsOnly as HistoryReader), toolArgs));
    // the whole week (60,480 readings) in 336 half-hour buckets: the JS bucketing only ever saw the first
    // 10,000 raw points (history()'s default limit), the SQL aggregate sees them all
    const week = GetHistoryInput.parse({
      entity_ids: [db.probe],
      start: new Date(db.windowStart - 3 * 86_400_000).toISOString(),
      end: new Date(db.windowEnd + 3 * 86_400_000).toISOString(),
      mode: 'aggregate',
      max_points: 336,
    });
    const toolSqlWeek = await timed(Math.min(queries, 50), 5, () => getHistory(toolDeps(reader), week));
    const toolJsWeek = await timed(Math.min(queries, 50), 5, () => getHistory(toolDeps(jsOnly as HistoryReader), week));
    const weekCount = (r: unknown) => (r as { series: { summary: { count: number } }[] }).series[0]?.summary.count ?? 0;
    const weekCounts = {
      sql: weekCount(await getHistory(toolDeps(reader), week)),
      js: weekCount(await getHistory(toolDeps(jsOnly as HistoryReader), week)),
    };

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
    let restRaw: number[];
    let restRawNoAttrs: number[];
    let mcpAgg: number[];
    let restAgg: number[];
    let bytes = 0;
    let restCount = 0;
    let buckets = 0;
    try {
      const url = `${sy.baseUrl}/api/entities/${db.probe}/history?start=${start.toISOString()}&end=${end.toISOString()}`;
      const get = async (u: string) => {
        const res = await fetch(u);
        const text = await res.text();
        if (!res.ok) throw new Error(`GET ${u}: ${res.status} ${text.slice(0, 200)}`);
        return text;
      };
      const first = await get(url);
      bytes = first.length;
      restCount = (JSON.parse(first) as { count: number }).count;
      restRaw = await timed(queries, 10, () => get(url));
      restRawNoAttrs = await timed(queries, 10, () => get(`${url}&attributes=false`));

      const bucketUrl = `${sy.baseUrl}/api/entities/${db.probe}/history/buckets?start=${start.toISOString()}&end=${end.toISOString()}&bucket_seconds=${size / 1000}`;
      const restBuckets = (JSON.parse(await get(bucketUrl)) as { count: number }).count;
      if (restBuckets < BUCKETS)
        throw new Error(`GET …/history/buckets gave ${restBuckets} buckets, expected ${BUCKETS}`);
      restAgg = await timed(queries, 10, () => get(bucketUrl));

      const call = JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: {
          name: 'get_history',
          arguments: {
            entity_ids: [db.probe],
            start: start.toISOString(),
            end: end.toISOString(),
            mode: 'aggregate',
            max_points: BUCKETS,
          },
        },
      });
      const mcp = async () => {
        const res = await fetch(`${sy.baseUrl}/mcp`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
          body: call,
        });
        const text = await res.text();
        if (!res.ok) throw new Error(`POST /mcp: ${res.status} ${text.slice(0, 200)}`);
        return text;
      };
      const answer = rpcResult(await mcp());
      const series = (
        answer.result?.structuredContent as
          | { series?: { mode: string; points: unknown[]; bucket_seconds?: number }[] }
          | undefined
      )?.series?.[0];
      if (series?.mode !== 'aggregate')
        throw new Error(`get_history over /mcp did not aggregate: ${JSON.stringify(answer).slice(0, 300)}`);
      buckets = series.points.length;
      mcpAgg = await timed(queries, 10, mcp);
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

    const s = {
      floorRaw: summarize(floorRaw),
      floorAgg: summarize(floorAgg),
      restRaw: summarize(restRaw),
      restRawNoAttrs: summarize(restRawNoAttrs),
      mcpAgg: summarize(mcpAgg),
      restAgg: summarize(restAgg),
      toolSql: summarize(toolSql),
      toolJs: summarize(toolJs),
      toolSqlWeek: summarize(toolSqlWeek),
      toolJsWeek: summarize(toolJsWeek),
    };
    ctx.log(
      `${rawRows} rows in the window; REST answered ${restCount} points, ${(bytes / 1048576).toFixed(2)} MiB; get_history gave ${buckets} buckets`,
    );
    for (const [k, v] of Object.entries(s)) ctx.log(`${k}: p50 ${v.p50.toFixed(2)} ms, p99 ${v.p99.toFixed(2)} ms`);
    const full = rows === HISTORY_ROWS;
    const rawTarget = full ? { op: '<=' as const, value: 20, text: 'raw history query ≤ 20 ms' } : undefined;
    const aggTarget = full ? { op: '<=' as const, value: 100, text: 'bucketed history query ≤ 100 ms' } : undefined;
    const figures: Figure[] = [
      figure({
        name: `raw 24 h (${rawRows} points), REST p50`,
        value: s.restRaw.p50,
        unit: 'ms',
        floor: s.floorRaw.p50,
        floorRef: 'the same SQL in-process p50',
        target: rawTarget,
      }),
      figure({
        name: 'raw 24 h, REST p99',
        value: s.restRaw.p99,
        unit: 'ms',
        floor: s.floorRaw.p99,
        floorRef: 'the same SQL in-process p99',
        target: rawTarget,
      }),
      figure({
        name: 'raw 24 h without attributes, REST p50',
        value: s.restRawNoAttrs.p50,
        unit: 'ms',
        floor: s.floorRaw.p50,
        floorRef: 'the same SQL in-process p50',
      }),
      figure({
        name: `bucketed 24 h (${BUCKETS} × 5 min), REST p50`,
        value: s.restAgg.p50,
        unit: 'ms',
        floor: s.floorAgg.p50,
        floorRef: 'the aggregate SQL in-process p50',
        target: aggTarget,
      }),
      figure({
        name: 'bucketed 24 h, REST p99',
        value: s.restAgg.p99,
        unit: 'ms',
        floor: s.floorAgg.p99,
        floorRef: 'the aggregate SQL in-process p99',
        target: aggTarget,
      }),
      figure({
        name: `bucketed 24 h (${buckets} × 5 min), MCP get_history p50`,
        value: s.mcpAgg.p50,
        unit: 'ms',
        floor: s.floorAgg.p50,
        floorRef: 'the aggregate SQL in-process p50',
        target: aggTarget,
      }),
      figure({
        name: 'bucketed 24 h, MCP get_history p99',
        value: s.mcpAgg.p99,
        unit: 'ms',
        floor: s.floorAgg.p99,
        floorRef: 'the aggregate SQL in-process p99',
        target: aggTarget,
      }),
      figure({
        name: 'get_history tool in-process, SQL aggregate p50',
        value: s.toolSql.p50,
        unit: 'ms',
        floor: s.floorAgg.p50,
        floorRef: 'the aggregate SQL in-process p50',
      }),
      figure({
        name: 'get_history tool in-process, JS bucketing p50',
        value: s.toolJs.p50,
        unit: 'ms',
        floor: s.floorAgg.p50,
        floorRef: 'the aggregate SQL in-process p50',
      }),
      figure({
        name: `get_history tool in-process, 7 days (${weekCounts.sql} points), SQL aggregate p50`,
        value: s.toolSqlWeek.p50,
        unit: 'ms',
      }),
      figure({
        name: `get_history tool in-process, 7 days, JS bucketing (sees ${weekCounts.js} points) p50`,
        value: s.toolJsWeek.p50,
        unit: 'ms',
        note: `the JS bucketing reads at most 10,000 raw points (history() limit)`,
      }),
      figure({ name: 'floor: raw SQL in-process p50', value: s.floorRaw.p50, unit: 'ms' }),
      figure({ name: 'floor: aggregate SQL in-process p50', value: s.floorAgg.p50, unit: 'ms' }),
    ];
    return {
      scenario: 'history',
      figures,
      distributions: [
        { label: 'history raw 24 h via REST', samples: restRaw },
        { label: 'history bucketed 24 h via REST', samples: restAgg },
        { label: 'history bucketed 24 h via MCP', samples: mcpAgg },
      ],
      details: {
        rows: db.rows,
        build_s: db.buildSeconds,
        queries,
        window: { start: start.toISOString(), end: end.toISOString(), points: rawRows },
        response_bytes: bytes,
        buckets,
        indexes,
        plan_raw: rawPlan,
        plan_bucketed: aggPlan,
        week_points: weekCounts,
        summaries: s,
      },
    };
  },
};

// The history scenario's measurements that do not depend on the engine (scenarios/history.ts for SQLite,
// scenarios/history-pg.ts for PostgreSQL): the get_history tool in this process on a HistoryReader (SQL
// aggregate, and the JS bucketing it used before, for 24 h and a week), the queries through a running
// Switchyard (raw and bucketed over REST, bucketed through MCP get_history), and the figures from them.
import type { HistoryReader } from '../../src/core/ports.js';
import type { UseCaseDeps as McpDeps } from '../../src/usecases/deps.js';
import { getHistory, GetHistoryInput } from '../../src/usecases/history.js';
import type { SwitchyardProc } from './processes.js';
import { summarize, type LatencySummary } from './stats.js';
import { figure, type Figure, type ScenarioResult, type Target } from './types.js';

export const HISTORY_ROWS = 10_000_000;
export const BUCKETS = 288; // 5 minutes over 24 h

/** the probe entity and the 24 h window the queries read */
export interface HistoryWindow {
  readonly probe: string;
  readonly windowStart: number;
  readonly windowEnd: number;
}

export async function timed(count: number, warmup: number, run: () => unknown): Promise<number[]> {
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

/** the get_history tool in this process, SQL aggregate against the JS bucketing over raw points */
export async function measureTool(reader: HistoryReader, w: HistoryWindow, queries: number) {
  const start = new Date(w.windowStart);
  const end = new Date(w.windowEnd);
  const { aggregate: _a, summary: _s, ...jsOnly } = reader;
  const entity = {
    entity_id: w.probe,
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
      registry: { entity: (id: string) => (id === w.probe ? entity : undefined), entities: () => [entity] },
      states: { get: () => undefined },
      clock: { now: () => end },
      history,
    }) as unknown as McpDeps;
  const toolArgs = GetHistoryInput.parse({
    entity_ids: [w.probe],
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
    entity_ids: [w.probe],
    start: new Date(w.windowStart - 3 * 86_400_000).toISOString(),
    end: new Date(w.windowEnd + 3 * 86_400_000).toISOString(),
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
  return { toolSql, toolJs, toolSqlWeek, toolJsWeek, weekCounts };
}

/** raw and bucketed over REST, bucketed through MCP get_history, from a running Switchyard */
export async function measureSwitchyard(sy: SwitchyardProc, w: HistoryWindow, queries: number) {
  const start = new Date(w.windowStart);
  const end = new Date(w.windowEnd);
  const size = 86_400_000 / BUCKETS;
  const url = `${sy.baseUrl}/api/entities/${w.probe}/history?start=${start.toISOString()}&end=${end.toISOString()}`;
  const get = async (u: string) => {
    const res = await fetch(u);
    const text = await res.text();
    if (!res.ok) throw new Error(`GET ${u}: ${res.status} ${text.slice(0, 200)}`);
    return text;
  };
  const first = await get(url);
  const bytes = first.length;
  const restCount = (JSON.parse(first) as { count: number }).count;
  const restRaw = await timed(queries, 10, () => get(url));
  const restRawNoAttrs = await timed(queries, 10, () => get(`${url}&attributes=false`));

  const bucketUrl = `${sy.baseUrl}/api/entities/${w.probe}/history/buckets?start=${start.toISOString()}&end=${end.toISOString()}&bucket_seconds=${size / 1000}`;
  const restBuckets = (JSON.parse(await get(bucketUrl)) as { count: number }).count;
  if (restBuckets < BUCKETS) throw new Error(`GET …/history/buckets gave ${restBuckets} buckets, expected ${BUCKETS}`);
  const restAgg = await timed(queries, 10, () => get(bucketUrl));

  const call = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/call',
    params: {
      name: 'get_history',
      arguments: {
        entity_ids: [w.probe],
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
  const buckets = series.points.length;
  const mcpAgg = await timed(queries, 10, mcp);
  return { restRaw, restRawNoAttrs, restAgg, mcpAgg, bytes, restCount, buckets };
}

const SAME = 'the same SQL in-process';
const AGG = 'the aggregate SQL in-process';

/** every sample series the scenario takes, the floors first (the same SQL in this process) */
export interface HistorySamples {
  floorRaw: number[];
  floorAgg: number[];
  tool: Awaited<ReturnType<typeof measureTool>>;
  switchyard: Awaited<ReturnType<typeof measureSwitchyard>>;
}

/** the scenario's figures and result; `details` adds the engine's own (plans, indexes, build time) */
export function historyResult(
  samples: HistorySamples,
  o: { rows: number; rawRows: number; queries: number; w: HistoryWindow; log(line: string): void },
  details: Record<string, unknown>,
): ScenarioResult {
  const { tool, switchyard: y } = samples;
  const s: Record<string, LatencySummary> = {
    floorRaw: summarize(samples.floorRaw),
    floorAgg: summarize(samples.floorAgg),
    restRaw: summarize(y.restRaw),
    restRawNoAttrs: summarize(y.restRawNoAttrs),
    mcpAgg: summarize(y.mcpAgg),
    restAgg: summarize(y.restAgg),
    toolSql: summarize(tool.toolSql),
    toolJs: summarize(tool.toolJs),
    toolSqlWeek: summarize(tool.toolSqlWeek),
    toolJsWeek: summarize(tool.toolJsWeek),
  };
  const at = (k: string) => s[k] as LatencySummary;
  o.log(
    `${o.rawRows} rows in the window; REST answered ${y.restCount} points, ${(y.bytes / 1048576).toFixed(2)} MiB; get_history gave ${y.buckets} buckets`,
  );
  for (const [k, v] of Object.entries(s)) o.log(`${k}: p50 ${v.p50.toFixed(2)} ms, p99 ${v.p99.toFixed(2)} ms`);
  const full = o.rows === HISTORY_ROWS;
  const rawTarget = full ? { op: '<=' as const, value: 20, text: 'raw history query ≤ 20 ms' } : undefined;
  const aggTarget = full ? { op: '<=' as const, value: 100, text: 'bucketed history query ≤ 100 ms' } : undefined;
  /** p50 and p99 of `key`, each against the same quantile of its floor */
  const pair = (name: string, short: string, key: string, floorKey: string, floorRef: string, target?: Target) =>
    (['p50', 'p99'] as const).map((q) =>
      figure({
        name: `${q === 'p50' ? name : short} ${q}`,
        value: at(key)[q],
        unit: 'ms',
        floor: at(floorKey)[q],
        floorRef: `${floorRef} ${q}`,
        target,
      }),
    );
  const figures: Figure[] = [
    ...pair(`raw 24 h (${o.rawRows} points), REST`, 'raw 24 h, REST', 'restRaw', 'floorRaw', SAME, rawTarget),
    figure({
      name: 'raw 24 h without attributes, REST p50',
      value: at('restRawNoAttrs').p50,
      unit: 'ms',
      floor: at('floorRaw').p50,
      floorRef: `${SAME} p50`,
    }),
    ...pair(`bucketed 24 h (${BUCKETS} × 5 min), REST`, 'bucketed 24 h, REST', 'restAgg', 'floorAgg', AGG, aggTarget),
    ...pair(
      `bucketed 24 h (${y.buckets} × 5 min), MCP get_history`,
      'bucketed 24 h, MCP get_history',
      'mcpAgg',
      'floorAgg',
      AGG,
      aggTarget,
    ),
    ...(
      [
        ['get_history tool in-process, SQL aggregate p50', 'toolSql'],
        ['get_history tool in-process, JS bucketing p50', 'toolJs'],
      ] as const
    ).map(([name, key]) =>
      figure({
        name,
        value: at(key).p50,
        unit: 'ms',
        floor: at('floorAgg').p50,
        floorRef: `${AGG} p50`,
      }),
    ),
    figure({
      name: `get_history tool in-process, 7 days (${tool.weekCounts.sql} points), SQL aggregate p50`,
      value: at('toolSqlWeek').p50,
      unit: 'ms',
    }),
    figure({
      name: `get_history tool in-process, 7 days, JS bucketing (sees ${tool.weekCounts.js} points) p50`,
      value: at('toolJsWeek').p50,
      unit: 'ms',
      note: `the JS bucketing reads at most 10,000 raw points (history() limit)`,
    }),
    figure({ name: 'floor: raw SQL in-process p50', value: at('floorRaw').p50, unit: 'ms' }),
    figure({ name: 'floor: aggregate SQL in-process p50', value: at('floorAgg').p50, unit: 'ms' }),
  ];
  return {
    scenario: 'history',
    figures,
    distributions: [
      { label: 'history raw 24 h via REST', samples: y.restRaw },
      { label: 'history bucketed 24 h via REST', samples: y.restAgg },
      { label: 'history bucketed 24 h via MCP', samples: y.mcpAgg },
    ],
    details: {
      ...details,
      queries: o.queries,
      window: {
        start: new Date(o.w.windowStart).toISOString(),
        end: new Date(o.w.windowEnd).toISOString(),
        points: o.rawRows,
      },
      response_bytes: y.bytes,
      buckets: y.buckets,
      week_points: tool.weekCounts,
      summaries: s,
    },
  };
}

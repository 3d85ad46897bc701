// The SQL-side history aggregate: real SQLite with the real migrations, compared with the JS bucketing
// get_history did before (bucketize over raw points) on the same data, and the query plans checked.
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../src/adapters/storage/database.js';
import {
  AGGREGATE_SQL,
  createHistoryReader,
  HISTORY_SQL,
  isoTimes,
} from '../../../src/adapters/storage/history-reader.js';
import { bucketize, bucketSize, getHistory, GetHistoryInput } from '../../../src/usecases/history.js';
import type { UseCaseDeps as McpDeps } from '../../../src/usecases/deps.js';
import type { HistoryReader } from '../../../src/core/ports.js';

const open: Database[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
});

const T0 = Date.parse('2026-06-01T00:00:00Z');
const round = (n: number) => Math.round(n * 1000) / 1000;

/** A day of readings every 10 s with noise, a few non-numeric states, and other entities interleaved. */
async function seeded() {
  const database = await openDatabase(':memory:');
  open.push(database);
  const insert = database.sqlite.prepare(
    'INSERT INTO state_history (entity_id, state, state_num, attributes, ts) VALUES (?, ?, ?, ?, ?)',
  );
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  database.sqlite.transaction(() => {
    for (let i = 0; i < 8640; i++) {
      const ts = T0 + i * 10_000;
      // every 500th reading is 'unavailable'; two readings share a timestamp now and then
      const value = 20 + 5 * Math.sin(i / 500) + random();
      const state = i % 500 === 7 ? 'unavailable' : String(Math.round(value * 100) / 100);
      insert.run(
        'sensor.probe',
        state,
        state === 'unavailable' ? null : Number(state),
        '{"unit_of_measurement":"°C"}',
        ts,
      );
      if (i % 997 === 3) insert.run('sensor.probe', '21.5', 21.5, null, ts);
      insert.run('sensor.other', String(i), i, null, ts + 1);
      if (i % 10 === 0) insert.run('binary_sensor.door', i % 20 === 0 ? 'on' : 'off', null, null, ts + 2);
    }
  })();
  return { database, reader: createHistoryReader(database.sqlite, () => {}) };
}

interface Bucket {
  start: string;
  count: number;
  min: number;
  mean: number;
  max: number;
}

/**
 * Equal buckets, the means within a rounding step: SQLite's avg() sums more exactly than adding up in
 * JS, so a mean that lands on a half of the third decimal may round the other way.
 */
function expectSameBuckets(actual: readonly Bucket[], expected: readonly Bucket[], what: string) {
  expect(
    actual.map(({ mean: _, ...b }) => b),
    what,
  ).toEqual(expected.map(({ mean: _, ...b }) => b));
  for (const [i, b] of actual.entries()) {
    expect(Math.abs(b.mean - (expected[i]?.mean ?? NaN)), `${what}: mean of ${b.start}`).toBeLessThanOrEqual(0.0010001);
  }
}

/** The JS bucketing over the raw points, as get_history computed it before the reader could aggregate. */
async function viaJs(reader: HistoryReader, entity: string, start: Date, end: Date, maxBuckets: number) {
  const points = await reader.history(entity, start, end, { attributes: false, limit: 1_000_000 });
  return bucketize(points, start, end, maxBuckets);
}

describe('history aggregate in SQL', () => {
  it('gives the buckets the JS bucketing gives, for several windows and bucket counts', async () => {
    const { reader } = await seeded();
    const windows: [string, string][] = [
      ['2026-06-01T00:00:00Z', '2026-06-02T00:00:00Z'], // the whole day, both ends on readings
      ['2026-06-01T03:17:05Z', '2026-06-01T15:42:55Z'], // ends between readings
      ['2026-06-01T10:00:00Z', '2026-06-01T10:05:00Z'], // a few minutes
      ['2026-05-31T12:00:00Z', '2026-06-01T01:00:00Z'], // mostly before the data
    ];
    for (const [from, to] of windows) {
      const start = new Date(from);
      const end = new Date(to);
      for (const maxBuckets of [2, 7, 200, 288, 1000]) {
        const size = bucketSize(start, end, maxBuckets);
        const sql = await reader.aggregate!('sensor.probe', start, end, size / 1000);
        const js = await viaJs(reader, 'sensor.probe', start, end, maxBuckets);
        expect(js.size).toBe(size);
        expectSameBuckets(
          sql.map((b) => ({ ...b, min: round(b.min), mean: round(b.mean), max: round(b.max) })),
          js.out,
          `${from}..${to} in ${maxBuckets}`,
        );
      }
    }
  });

  it('counts only numeric states, leaves out empty buckets and other entities', async () => {
    const { reader } = await seeded();
    const start = new Date(T0);
    const end = new Date(T0 + 3_600_000);
    const buckets = await reader.aggregate!('sensor.probe', start, end, 600);
    expect(buckets).toHaveLength(7); // 6 full buckets of 10 min, and the reading exactly at the end
    // readings 0…360: one 'unavailable' (i = 7) left out, one extra reading sharing a timestamp (i = 3)
    expect(buckets.reduce((n, b) => n + b.count, 0)).toBe(361);
    expect(buckets[0]).toMatchObject({ start: '2026-06-01T00:00:00.000Z', count: 60 });
    expect(buckets.at(-1)).toMatchObject({ start: '2026-06-01T01:00:00.000Z', count: 1 });
    expect(await reader.aggregate!('binary_sensor.door', start, end, 600)).toEqual([]);
    expect(await reader.aggregate!('sensor.nothing', start, end, 600)).toEqual([]);
  });

  it('summarizes like the JS summary: count, changes, min/max/mean, last', async () => {
    const { reader } = await seeded();
    for (const [entity, from, to] of [
      ['sensor.probe', '2026-06-01T00:00:00Z', '2026-06-02T00:00:00Z'],
      ['sensor.probe', '2026-06-01T06:00:00Z', '2026-06-01T06:30:00Z'],
      ['binary_sensor.door', '2026-06-01T00:00:00Z', '2026-06-01T12:00:00Z'],
      ['sensor.nothing', '2026-06-01T00:00:00Z', '2026-06-01T12:00:00Z'],
    ] as const) {
      const start = new Date(from);
      const end = new Date(to);
      const points = await reader.history(entity, start, end, { attributes: false, limit: 1_000_000 });
      const numeric = points.filter((p) => p.value !== null).map((p) => p.value as number);
      const s = await reader.summary!(entity, start, end);
      expect(
        {
          ...s,
          min: s.min === null ? null : round(s.min),
          max: s.max === null ? null : round(s.max),
          mean: s.mean === null ? null : round(s.mean),
        },
        `${entity} ${from}`,
      ).toEqual({
        count: points.length,
        changes: points.filter((p, i) => i === 0 || p.state !== points[i - 1]?.state).length,
        min: numeric.length ? round(Math.min(...numeric)) : null,
        max: numeric.length ? round(Math.max(...numeric)) : null,
        mean: numeric.length ? round(numeric.reduce((a, b) => a + b, 0) / numeric.length) : null,
        last: points.at(-1)?.state ?? null,
      });
    }
  });

  it('aggregates the whole window, not only the first page of raw points', async () => {
    const { reader } = await seeded();
    const start = new Date(T0);
    const end = new Date(T0 + 86_400_000);
    const all = await reader.aggregate!('sensor.other', start, end, 86_400);
    expect(all).toEqual([{ start: '2026-06-01T00:00:00.000Z', count: 8640, min: 0, max: 8639, mean: 4319.5 }]);
    expect((await reader.summary!('sensor.other', start, end)).count).toBe(8640);
  });

  it('scans the (entity_id, ts) index for raw and bucketed queries', async () => {
    const { database } = await seeded();
    const plan = (sql: string, ...args: unknown[]) =>
      (database.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[])
        .map((r) => r.detail)
        .join(' | ');
    expect(plan(HISTORY_SQL, 'sensor.probe', 0, 1, 10)).toMatch(
      /SEARCH state_history USING INDEX state_history_entity_ts \(entity_id=\? AND ts>\? AND ts<\?\)/,
    );
    expect(plan(HISTORY_SQL, 'sensor.probe', 0, 1, 10)).not.toMatch(/TEMP B-TREE/);
    const agg = plan(AGGREGATE_SQL, { entity: 'sensor.probe', start: 0, end: 1, size: 1000 });
    expect(agg).toMatch(
      /SEARCH state_history USING INDEX state_history_entity_ts \(entity_id=\? AND ts>\? AND ts<\?\)/,
    );
  });

  it('get_history answers the same with the SQL aggregate as with JS bucketing', async () => {
    const { reader } = await seeded();
    const { aggregate: _a, summary: _s, ...jsOnly } = reader;
    const entity = {
      entity_id: 'sensor.probe',
      unique_id: null,
      domain: 'sensor',
      name: 'Probe',
      device_id: null,
      area: null,
      source: 'test',
      discovery_topic: null,
      config: {},
    };
    const deps = (history: HistoryReader) =>
      ({
        registry: { entity: (id: string) => (id === entity.entity_id ? entity : undefined), entities: () => [entity] },
        states: { get: () => ({ attributes: { unit_of_measurement: '°C' } }) },
        clock: { now: () => new Date(T0 + 86_400_000) },
        history,
      }) as unknown as McpDeps;
    for (const input of [
      { entity_ids: ['sensor.probe'], minutes: 24 * 60, mode: 'aggregate' },
      { entity_ids: ['sensor.probe'], minutes: 24 * 60 },
      { entity_ids: ['sensor.probe'], minutes: 60, max_points: 1000 },
      {
        entity_ids: ['sensor.probe'],
        start: '2026-06-01T02:00:00Z',
        end: '2026-06-01T05:30:00Z',
        mode: 'aggregate',
        max_points: 50,
      },
      { entity_ids: ['sensor.probe'], minutes: 30, mode: 'raw', max_points: 20 },
    ]) {
      const args = GetHistoryInput.parse(input);
      const sql = (await getHistory(deps(reader), args)) as {
        series: { points: Bucket[]; summary: { mean: number } }[];
      };
      const js = (await getHistory(deps(jsOnly as HistoryReader), args)) as typeof sql;
      const what = JSON.stringify(input);
      const strip = (r: typeof sql) => ({
        ...r,
        series: r.series.map((x) => ({ ...x, points: [], summary: { ...x.summary, mean: 0 } })),
      });
      expect(strip(sql), what).toEqual(strip(js));
      sql.series.forEach((x, i) => {
        const y = js.series[i]!;
        expect(Math.abs(x.summary.mean - y.summary.mean), what).toBeLessThanOrEqual(0.0010001);
        if (x.points[0] && 'mean' in x.points[0]) expectSameBuckets(x.points, y.points, what);
        else expect(x.points, what).toEqual(y.points);
      });
    }
  });

  it('formats history times exactly as toISOString does', () => {
    const iso = isoTimes();
    const times = [
      0,
      -1,
      -86_400_000,
      1,
      999,
      86_399_999,
      86_400_000,
      T0,
      T0 + 123_456_789,
      253_402_300_799_999,
      253_402_300_800_000,
      -62_135_596_800_001,
      8.64e15,
      -8.64e15,
    ];
    for (let i = 0; i < 2000; i++) times.push(T0 + i * 9_999_937, Math.floor(-8.64e15 + i * 8.64e12 + i * 7919));
    for (const t of times) expect(iso(t), String(t)).toBe(new Date(t).toISOString());
  });
});

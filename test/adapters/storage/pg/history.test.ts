// The PostgreSQL history reader against the SQLite one, differentially: the same rows in both (history-seed.ts),
// and every answer compared whole (deep equality, the JSON byte for byte) over many windows, limits, bucket
// sizes, with and without attributes. Real SQLite in memory and a real PostgreSQL database; no mocks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../../src/adapters/storage/database.js';
import type { PgDatabase } from '../../../../src/adapters/storage/pg/database.js';
import { createPgHistoryReader } from '../../../../src/adapters/storage/pg/history-reader.js';
import type { HistoryReader } from '../../../../src/core/ports.js';
import { bucketSize } from '../../../../src/usecases/history.js';
import { postgresAvailable, postgresRequired } from '../../../helpers/postgres.js';
import { DAY, lcg, seedPostgres, seedRows, seedSqlite, T0 } from './history-seed.js';

const ENTITIES = ['sensor.probe', 'sensor.other', 'binary_sensor.door', 'sensor.odd', 'sensor.dense', 'sensor.none'];

/** windows [start, end] in ms: whole days, ends on readings and between them, midnights, empty and reversed */
function windows(): [number, number][] {
  const fixed: [number, number][] = [
    [T0, T0 + DAY], // a whole day, both ends on readings (and on a partition's bound)
    [T0 - DAY, T0 + 4 * DAY], // everything
    [T0 + 3_600_000 * 3 + 17_005, T0 + 3_600_000 * 15 + 42_995], // ends between readings
    [T0 + 36_000_000, T0 + 36_300_000], // five minutes
    [T0 - DAY / 2, T0 + 3_600_000], // mostly before the data
    [T0 + DAY - 6_000, T0 + DAY + 5_999], // the dense burst exactly, across midnight
    [T0 + DAY - 1, T0 + DAY], // a midnight's two milliseconds
    [T0 + DAY, T0 + DAY], // one instant with ties
    [T0 + 30_000, T0 + 30_001], // a reading and the counter's, 1 ms apart
    [T0 + 5 * DAY, T0 + 6 * DAY], // after the data
    [T0 + DAY, T0], // reversed: nothing
  ];
  const random = lcg(7);
  for (let i = 0; i < 10; i++) {
    // on readings (multiples of 30 s, +0/1/2 ms) or anywhere
    const at = () =>
      i % 2 === 0
        ? T0 + Math.floor(random() * 8640) * 30_000 + Math.floor(random() * 3)
        : T0 - DAY / 4 + Math.floor(random() * 3.5 * DAY);
    const a = at();
    const b = at();
    fixed.push([Math.min(a, b), Math.max(a, b)]);
  }
  return fixed;
}

const iso = (ms: number) => new Date(ms).toISOString();
/** the comparisons over every window take seconds; on a busy machine more than the default timeout */
const HEAVY = 90_000;

describe.skipIf(!postgresAvailable && !postgresRequired)('PostgreSQL history reader, against SQLite', () => {
  let sqlite: { database: Database; reader: HistoryReader };
  let pg: { database: PgDatabase; reader: HistoryReader };

  beforeAll(async () => {
    const rows = seedRows();
    sqlite = await seedSqlite(rows);
    pg = await seedPostgres(rows);
  });
  afterAll(async () => {
    await sqlite?.database.close();
    await pg?.database.close();
  });

  it(
    'gives the same points, in the same order, with and without attributes, under every limit',
    async () => {
      let compared = 0;
      for (const [from, to] of windows()) {
        const start = new Date(from);
        const end = new Date(to);
        for (const entity of ENTITIES) {
          const what = `${entity} ${iso(from)}..${iso(to)}`;
          for (const options of [
            {},
            { attributes: false },
            { limit: 0 },
            { limit: 1 },
            { limit: 7, attributes: false },
            { limit: 500 },
            { limit: -1 },
            { limit: 20_000, attributes: true },
          ]) {
            const expected = await sqlite.reader.history(entity, start, end, options);
            const actual = await pg.reader.history(entity, start, end, options);
            expect(actual, `${what} ${JSON.stringify(options)}`).toEqual(expected);
            compared += expected.length;
          }
        }
      }
      // the comparison is not vacuous: the windows hold many points, and the default limit cuts the dense burst
      expect(compared).toBeGreaterThan(200_000);
      const dense = await pg.reader.history('sensor.dense', new Date(T0), new Date(T0 + 2 * DAY));
      expect(dense).toHaveLength(10_000);
    },
    HEAVY,
  );

  it(
    'writes the same JSON, byte for byte',
    async () => {
      for (const [from, to] of windows()) {
        for (const entity of ENTITIES) {
          for (const options of [{}, { attributes: false }, { limit: 3 }]) {
            const a = await sqlite.reader.historyJson!(entity, new Date(from), new Date(to), options);
            const b = await pg.reader.historyJson!(entity, new Date(from), new Date(to), options);
            const what = `${entity} ${iso(from)}..${iso(to)} ${JSON.stringify(options)}`;
            expect(b.count, what).toBe(a.count);
            expect(Buffer.from(b.json).equals(Buffer.from(a.json)), what).toBe(true);
          }
        }
      }
    },
    HEAVY,
  );

  it(
    'gives the same buckets for every bucket size, means included to the last bit',
    async () => {
      let buckets = 0;
      for (const [from, to] of windows()) {
        const start = new Date(from);
        const end = new Date(to);
        const sizes = [0.001, 0.5, 1, 7.3, 60, 600, 3_600, 86_400, 1e6];
        if (to > from) for (const n of [2, 7, 200, 288, 1_000]) sizes.push(bucketSize(start, end, n) / 1000);
        for (const entity of ENTITIES) {
          for (const seconds of sizes) {
            // a bucket of 1 ms over days of data is a bucket per reading: only over short windows
            if (seconds * 1000 * 50_000 < to - from) continue;
            const expected = await sqlite.reader.aggregate!(entity, start, end, seconds);
            const actual = await pg.reader.aggregate!(entity, start, end, seconds);
            expect(actual, `${entity} ${iso(from)}..${iso(to)} by ${seconds} s`).toEqual(expected);
            buckets += expected.length;
          }
        }
      }
      expect(buckets).toBeGreaterThan(10_000);
    },
    HEAVY,
  );

  it('summarizes the same: count, changes, min/max/mean, last', async () => {
    for (const [from, to] of windows()) {
      for (const entity of ENTITIES) {
        const expected = await sqlite.reader.summary!(entity, new Date(from), new Date(to));
        const actual = await pg.reader.summary!(entity, new Date(from), new Date(to));
        expect(actual, `${entity} ${iso(from)}..${iso(to)}`).toEqual(expected);
      }
    }
    // the odd texts are there: infinities, -0 as 0, a sum past the largest double
    const odd = await pg.reader.summary!('sensor.odd', new Date(T0), new Date(T0 + DAY));
    expect(odd).toMatchObject({ count: 20, changes: 18, min: -Infinity, max: Infinity, last: 'on' });
    const [zero] = await pg.reader.history('sensor.odd', new Date(T0), new Date(T0));
    expect(Object.is(zero?.value, 0)).toBe(true);
  });

  it('refuses what SQLite refuses: a bucket that is not positive, a limit that is not an integer', async () => {
    const start = new Date(T0);
    const end = new Date(T0 + DAY);
    for (const seconds of [0, -1, Number.NaN]) {
      await expect(sqlite.reader.aggregate!('sensor.probe', start, end, seconds)).rejects.toThrow(RangeError);
      await expect(pg.reader.aggregate!('sensor.probe', start, end, seconds)).rejects.toThrow(RangeError);
    }
    for (const limit of [2.5, Number.POSITIVE_INFINITY, Number.NaN, 1e20]) {
      await expect(sqlite.reader.history('sensor.probe', start, end, { limit })).rejects.toThrow(/datatype mismatch/);
      await expect(pg.reader.history('sensor.probe', start, end, { limit })).rejects.toThrow(/datatype mismatch/);
    }
  });

  it('reads once beforeRead (the flush of the recorder) has finished', async () => {
    // each beforeRead writes one more row: every read must see the rows written by its own
    let n = 0;
    const reader = createPgHistoryReader(pg.database, async () => {
      n++;
      await pg.database.pool.query(
        `insert into state_history (entity_id, state, state_num, attributes, ts)
         values ('sensor.fresh', $1, $2, null, $3)`,
        [String(n), n, T0 + n],
      );
    });
    const start = new Date(T0);
    const end = new Date(T0 + 60_000);
    expect((await reader.history('sensor.fresh', start, end)).map((p) => p.state)).toEqual(['1']);
    expect((await reader.historyJson!('sensor.fresh', start, end)).count).toBe(2);
    expect((await reader.aggregate!('sensor.fresh', start, end, 60))[0]).toMatchObject({ count: 3, mean: 2 });
    expect(await reader.summary!('sensor.fresh', start, end)).toMatchObject({ count: 4, changes: 4, last: '4' });
  });
});

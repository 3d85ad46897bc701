// The same history rows in a SQLite database and in a PostgreSQL one, for the differential tests: whatever the
// SQLite reader answers over them, the PostgreSQL reader must answer too. The rows are written as the writers
// write them (state_num by the writer's own test of a number), in the same order, so ties in ts are broken by
// the same ids on both sides.
import { openDatabase, type Database } from '../../../../src/adapters/storage/database.js';
import { NUMERIC } from '../../../../src/adapters/storage/history-batch.js';
import { createHistoryReader } from '../../../../src/adapters/storage/history-reader.js';
import { openPostgres, type PgDatabase } from '../../../../src/adapters/storage/pg/database.js';
import { createPgHistoryReader } from '../../../../src/adapters/storage/pg/history-reader.js';
import { dayOf, historyPartitions } from '../../../../src/adapters/storage/pg/history-partitions.js';
import type { Logger } from '../../../../src/core/logger.js';
import type { HistoryReader } from '../../../../src/core/ports.js';
import { freshPostgresDatabase } from '../../../helpers/postgres.js';

/** entity_id, state, attributes (JSON text or NULL), ts */
export type Row = [entity: string, state: string, attributes: string | null, ts: number];

export const T0 = Date.parse('2026-06-01T00:00:00Z');
export const DAY = 86_400_000;

/** the state as a number when it is one, as the writers decide (-0 reads back from SQLite as 0) */
export const stateNum = (state: string): number | null => (NUMERIC.test(state) ? Number(state) + 0 : null);

/** a deterministic generator of numbers in [0, 1) */
export function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

const CELSIUS = '{"unit_of_measurement":"°C"}';
const NAMED = '{"unit_of_measurement":"°C","friendly_name":"Probe \\"north\\" ☃"}';

/**
 * Three days of readings every 30 s across three day partitions: noise, 'unavailable' now and then, extra
 * readings sharing a timestamp (also on a day's first millisecond), attributes that change and go missing;
 * an integer counter, an on/off door, odd texts and numbers, and a dense burst over a midnight (12,000 rows,
 * more than the default limit).
 */
export function seedRows(): Row[] {
  const random = lcg(42);
  const rows: Row[] = [];
  for (let i = 0; i < 8640; i++) {
    const ts = T0 + i * 30_000;
    const value = 20 + 5 * Math.sin(i / 500) + random();
    const state = i % 500 === 7 ? 'unavailable' : String(Math.round(value * 100) / 100);
    const attributes = i % 1500 === 11 ? null : Math.floor(i / 2000) % 2 === 0 ? CELSIUS : NAMED;
    rows.push(['sensor.probe', state, attributes, ts]);
    if (i % 997 === 3 || i % 2880 === 0) rows.push(['sensor.probe', '21.5', CELSIUS, ts]);
    rows.push(['sensor.other', String(i), null, ts + 1]);
    if (i % 10 === 0) rows.push(['binary_sensor.door', i % 20 === 0 ? 'on' : 'off', '{}', ts + 2]);
  }
  const odd = [
    '-0',
    '0',
    '1e400',
    '-1e400',
    '.5',
    '5.',
    '1e-7',
    '-12.75e+2',
    '1.7976931348623157e308',
    '1.7976931348623157e308',
    'NaN',
    'Infinity',
    '',
    'ünïcødé "quoted" \\ back\tslash',
    '0.1',
    '0.2',
    '0.3',
    '123456789012345678901234567890',
    'on',
    'on',
  ];
  odd.forEach((state, k) => {
    rows.push([
      'sensor.odd',
      state,
      k % 3 === 0 ? null : `{"k":${k % 2},"emoji":"😀","nl":"a\\nb"}`,
      T0 + k * 3_600_000,
    ]);
  });
  // the dense burst: 1 ms apart, ties every 7th, across the midnight between the first two days
  for (let i = 0; i < 12_000; i++) {
    const ts = T0 + DAY - 6_000 + Math.floor(i / 2);
    rows.push(['sensor.dense', String(Math.round(random() * 1e6) / 1e3), i % 7 === 0 ? CELSIUS : NAMED, ts]);
  }
  return rows;
}

export async function seedSqlite(rows: readonly Row[]): Promise<{ database: Database; reader: HistoryReader }> {
  const database = await openDatabase(':memory:');
  const insert = database.sqlite.prepare(
    'INSERT INTO state_history (entity_id, state, state_num, attributes, ts) VALUES (?, ?, ?, ?, ?)',
  );
  database.sqlite.transaction(() => {
    for (const [entity, state, attributes, ts] of rows) insert.run(entity, state, stateNum(state), attributes, ts);
  })();
  return { database, reader: createHistoryReader(database.sqlite, () => {}) };
}

export async function seedPostgres(
  rows: readonly Row[],
  url?: string,
): Promise<{ database: PgDatabase; reader: HistoryReader }> {
  const database = await openPostgres(url ?? (await freshPostgresDatabase('hist')));
  await historyPartitions(database).ensure(new Set(rows.map((r) => dayOf(r[3]))));
  for (let at = 0; at < rows.length; at += 5_000) {
    const chunk = rows.slice(at, at + 5_000);
    await database.pool.query(
      `insert into state_history (entity_id, state, state_num, attributes, ts)
       select * from unnest($1::text[], $2::text[], $3::float8[], $4::text[], $5::int8[])`,
      [
        chunk.map((r) => r[0]),
        chunk.map((r) => r[1]),
        chunk.map((r) => stateNum(r[1])),
        chunk.map((r) => r[2]),
        chunk.map((r) => r[3]),
      ],
    );
  }
  return { database, reader: createPgHistoryReader(database, async () => {}) };
}

/** a logger that keeps the errors it is told (a real Logger: the tests read what the recorder says) */
export function keptLog(): Logger & { errors: string[] } {
  const errors: string[] = [];
  const log = {
    errors,
    trace() {},
    debug() {},
    info() {},
    warn() {},
    error: (msg: string, fields?: Record<string, unknown>) => void errors.push(`${msg} ${JSON.stringify(fields)}`),
    child: () => log,
  };
  return log;
}

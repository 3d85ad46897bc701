// The PostgreSQL state recorder and history partitions, against a real server: each change a history row and the
// entity's latest state, written as the SQLite recorder writes them (compared row for row with it), the last
// writer winning on states, a day partition per UTC day, and retention by whole days with honest counts.
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../src/adapters/storage/database.js';
import { createHistoryReader, purgeHistory } from '../../../../src/adapters/storage/history-reader.js';
import { openPostgres, type PgDatabase } from '../../../../src/adapters/storage/pg/database.js';
import { createHistoryPartitions, dayOf } from '../../../../src/adapters/storage/pg/history-partitions.js';
import { createPgHistoryReader, purgePgHistory } from '../../../../src/adapters/storage/pg/history-reader.js';
import { createPgStateRecorder } from '../../../../src/adapters/storage/pg/state-recorder.js';
import { createStateRecorder } from '../../../../src/adapters/storage/state-recorder.js';
import type { State } from '../../../../src/core/state.js';
import { freshPostgresDatabase, postgresAvailable, postgresRequired } from '../../../helpers/postgres.js';
import { DAY, keptLog, T0 } from './history-seed.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function postgres(url?: string): Promise<PgDatabase> {
  const database = await openPostgres(url ?? (await freshPostgresDatabase('rec')));
  cleanup.push(() => database.close());
  return database;
}

const shared = { friendly_name: 'Probe', unit_of_measurement: '°C' };
const change = (
  entity_id: string,
  value: string,
  ms: number,
  reported = ms,
  attributes: State['attributes'] = shared,
): State => ({
  entity_id,
  state: value,
  attributes,
  last_changed: new Date(T0 + ms).toISOString(),
  last_updated: new Date(T0 + ms).toISOString(),
  last_reported: new Date(T0 + reported).toISOString(),
  context: { id: 'c', parentId: null, origin: 'test' },
});

const historyRows = (d: PgDatabase) =>
  d.db
    .selectFrom('state_history')
    .select(['entity_id', 'state', 'state_num', 'attributes', 'ts'])
    .orderBy('ts')
    .orderBy('id')
    .execute();
const states = (d: PgDatabase) => d.db.selectFrom('states').selectAll().orderBy('entity_id').execute();
const partitions = async (d: PgDatabase) =>
  (
    await sql<{ name: string }>`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'state_history'::regclass order by 1`.execute(d.db)
  ).rows.map((r) => r.name);

/** three days of changes of three entities every 90 s, attributes changing now and then, odd states among them */
function changes(): State[] {
  const out: State[] = [];
  let attributes: State['attributes'] = shared;
  for (let i = 0; i < 3_050; i++) {
    if (i % 400 === 0) attributes = { ...shared, step: i };
    const value = i % 97 === 0 ? 'unavailable' : i % 101 === 0 ? '-0' : String(i / 4);
    out.push(change(`sensor.s${i % 3}`, value, i * 90_000, i * 90_000, attributes));
  }
  return out;
}

describe.skipIf(!postgresAvailable && !postgresRequired)('PostgreSQL state recorder', () => {
  it('writes what the SQLite recorder writes, in order, and a restart reads it back', async () => {
    const url = await freshPostgresDatabase('rec');
    const first = await openPostgres(url);
    const recorder = createPgStateRecorder(first, { log: keptLog(), maxBatch: 500, flushIntervalMs: 60_000 });
    const lite = await openDatabase(':memory:');
    cleanup.push(() => lite.close());
    const liteRecorder = createStateRecorder(lite.sqlite, { worker: false, maxBatch: 500, flushIntervalMs: 60_000 });
    for (const s of changes()) {
      recorder.record(s);
      liteRecorder.record(s);
    }
    expect(recorder.pending).toBe(3_050);
    expect(await recorder.flush()).toBe(50);
    expect(liteRecorder.flush()).toBe(50);
    expect(recorder).toMatchObject({ pending: 0, written: 3_050, waiting: 0, dropped: 0, lost: 0 });
    await recorder.close();
    liteRecorder.close();
    await first.close();

    const again = await postgres(url);
    const rows = await historyRows(again);
    const liteRows = lite.sqlite
      .prepare('SELECT entity_id, state, state_num, attributes, ts FROM state_history ORDER BY ts, id')
      .all();
    expect(rows).toHaveLength(3_050);
    expect(rows).toEqual(liteRows);
    expect(rows[1]).toEqual({
      entity_id: 'sensor.s1',
      state: '0.25',
      state_num: 0.25,
      attributes: JSON.stringify({ ...shared, step: 0 }),
      ts: T0 + 90_000,
    });
    expect(await states(again)).toEqual(lite.sqlite.prepare('SELECT * FROM states ORDER BY entity_id').all());
    expect((await states(again)).map((s) => s.state)).toEqual(['762', '762.25', '761.75']);
    // and the readers answer alike over what the recorders wrote
    const pgReader = createPgHistoryReader(again, async () => {});
    const liteReader = createHistoryReader(lite.sqlite, () => {});
    for (const entity of ['sensor.s0', 'sensor.s2']) {
      const [start, end] = [new Date(T0 + 3_600_000), new Date(T0 + 2 * DAY + 1)];
      expect(await pgReader.history(entity, start, end)).toEqual(await liteReader.history(entity, start, end));
      expect(await pgReader.summary!(entity, start, end)).toEqual(await liteReader.summary!(entity, start, end));
      expect(await pgReader.aggregate!(entity, start, end, 3_600)).toEqual(
        await liteReader.aggregate!(entity, start, end, 3_600),
      );
    }
  });

  it('lets the last writer win on states, by last_reported; history keeps every row', async () => {
    const d = await postgres();
    const recorder = createPgStateRecorder(d, { log: keptLog(), flushIntervalMs: 60_000 });
    cleanup.push(() => recorder.close());
    // one batch: the entity twice (the upsert takes its last change), another once
    recorder.record(change('light.a', 'on', 5_000));
    recorder.record(change('light.a', 'off', 6_000));
    recorder.record(change('light.b', 'on', 6_000));
    await recorder.flush();
    // late: reported before what is stored, it is history but not the state
    recorder.record(change('light.a', 'late', 7_000, 4_000));
    await recorder.flush();
    expect((await states(d)).map((s) => [s.entity_id, s.state])).toEqual([
      ['light.a', 'off'],
      ['light.b', 'on'],
    ]);
    // reported at the same instant: it wins
    recorder.record(change('light.a', 'same', 8_000, 6_000));
    await recorder.flush();
    expect((await states(d))[0]).toMatchObject({ state: 'same', last_reported: new Date(T0 + 6_000).toISOString() });
    expect((await historyRows(d)).map((r) => r.state)).toEqual(['on', 'off', 'on', 'late', 'same']);
  });

  it('drops a batch PostgreSQL refuses for good, says so, and writes the next', async () => {
    const log = keptLog();
    const d = await postgres();
    const recorder = createPgStateRecorder(d, { log, flushIntervalMs: 60_000 });
    cleanup.push(() => recorder.close());
    recorder.record({ ...change('sensor.bad', '1', 0), last_updated: 'not a time' });
    recorder.record(change('sensor.bad', '2', 1_000));
    await recorder.flush();
    expect(recorder).toMatchObject({ written: 0, lost: 2, pending: 0, outage: undefined });
    expect(log.errors.join('\n')).toMatch(/refused were dropped.*"count":2/);
    // a NUL, which PostgreSQL's text cannot hold, is written as U+FFFD
    recorder.record(change('sensor.ok', 'a\u0000b', 2_000, 2_000, { text: 'c\u0000d' }));
    await recorder.flush();
    expect(recorder.written).toBe(1);
    expect(await historyRows(d)).toEqual([
      {
        entity_id: 'sensor.ok',
        state: 'a\uFFFDb',
        state_num: null,
        attributes: '{"text":"c\\u0000d"}',
        ts: T0 + 2_000,
      },
    ]);
  });

  it('counts what is recorded after close() as lost, and flush() then resolves at once', async () => {
    const d = await postgres();
    const recorder = createPgStateRecorder(d, { log: keptLog(), flushIntervalMs: 60_000 });
    recorder.record(change('sensor.a', '1', 0));
    await recorder.close();
    expect(recorder.written).toBe(1);
    recorder.record(change('sensor.a', '2', 1));
    expect(await recorder.flush()).toBe(0);
    expect(recorder).toMatchObject({ written: 1, lost: 1, pending: 0 });
  });
});

describe.skipIf(!postgresAvailable && !postgresRequired)('PostgreSQL history partitions', () => {
  it('makes a partition per UTC day; retention drops whole days and trims the one across the cutoff', async () => {
    const d = await postgres();
    const recorder = createPgStateRecorder(d, { log: keptLog(), maxBatch: 700 });
    cleanup.push(() => recorder.close());
    const lite = await openDatabase(':memory:');
    cleanup.push(() => lite.close());
    const liteRecorder = createStateRecorder(lite.sqlite, { worker: false });
    for (const s of changes()) {
      recorder.record(s);
      liteRecorder.record(s);
    }
    await recorder.flush();
    liteRecorder.flush();
    expect(await partitions(d)).toEqual([
      'state_history_p20260601',
      'state_history_p20260602',
      'state_history_p20260603',
      'state_history_p20260604',
    ]);
    const perDay = async () =>
      (
        await sql<{ day: number; n: number }>`select floor(ts / ${DAY})::int as day, count(*)::int as n
          from state_history group by 1 order by 1`.execute(d.db)
      ).rows.map((r) => [r.day - dayOf(T0), r.n]);
    expect(await perDay()).toEqual([
      [0, 960],
      [1, 960],
      [2, 960],
      [3, 170],
    ]);

    // half way through the second day: the first goes whole, the second loses its first 480 rows
    const cutoff = new Date(T0 + DAY + DAY / 2);
    expect(await purgePgHistory(d, cutoff)).toBe(960 + 480);
    expect(purgeHistory(lite.sqlite, cutoff)).toBe(960 + 480);
    expect(await partitions(d)).toEqual([
      'state_history_p20260602',
      'state_history_p20260603',
      'state_history_p20260604',
    ]);
    expect(await perDay()).toEqual([
      [1, 480],
      [2, 960],
      [3, 170],
    ]);
    expect(await purgePgHistory(d, cutoff)).toBe(0);
    // a cutoff on a midnight drops the day before it whole, and nothing else
    expect(await purgePgHistory(d, new Date(T0 + 2 * DAY))).toBe(480);
    expect(purgeHistory(lite.sqlite, new Date(T0 + 2 * DAY))).toBe(480);
    expect(await partitions(d)).toEqual(['state_history_p20260603', 'state_history_p20260604']);
    // the states stay, and a late change for a dropped day gets its partition again
    expect(await states(d)).toHaveLength(3);
    recorder.record(change('sensor.late', '1', 10));
    await recorder.flush();
    expect(recorder.lost).toBe(0);
    expect(await partitions(d)).toContain('state_history_p20260601');
  });

  it('makes a day again that another connection dropped, and tolerates connections making one at once', async () => {
    const url = await freshPostgresDatabase('part');
    const d = await postgres(url);
    const recorder = createPgStateRecorder(d, { log: keptLog(), flushIntervalMs: 60_000 });
    cleanup.push(() => recorder.close());
    recorder.record(change('sensor.a', '1', 0));
    await recorder.flush();
    // another process's retention: its own partitions, which the recorder's do not hear of
    const other = await postgres(url);
    expect(await createHistoryPartitions(other.db).dropBefore(new Date(T0 + DAY))).toBe(1);
    recorder.record(change('sensor.a', '2', 1_000));
    await recorder.flush();
    expect(recorder).toMatchObject({ written: 2, lost: 0 });
    expect((await historyRows(d)).map((r) => r.state)).toEqual(['2']);

    // five connections, each with its own partitions, making the same new days at once
    const handles = await Promise.all(Array.from({ length: 5 }, () => postgres(url)));
    const days = [dayOf(T0) + 10, dayOf(T0) + 11, dayOf(T0) + 12];
    await Promise.all(handles.map((h) => createHistoryPartitions(h.db).ensure(days)));
    expect(await partitions(d)).toEqual([
      'state_history_p20260601',
      'state_history_p20260611',
      'state_history_p20260612',
      'state_history_p20260613',
    ]);
  });
});

// The history writer while the database cannot be written (issue 21), on real SQLite files: a full disk is
// PRAGMA max_page_count at the file's size on the writer's connection (raised again: space returns), a
// read-only database is PRAGMA query_only. Batches wait in a backlog bounded by rows; past the bound the oldest
// rows are dropped and counted, never an entity's latest change; the backlog is written by itself once the
// database takes writes again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../src/adapters/storage/database.js';
import { Backlog } from '../../../src/adapters/storage/history-backlog.js';
import { createStateRecorder, type StateRecorder } from '../../../src/adapters/storage/state-recorder.js';
import type { State } from '../../../src/core/state.js';
import { until } from '../../helpers/markers.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function fileDatabase(): Promise<Database> {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-backlog-'));
  const database = await openDatabase(join(dir, 'switchyard.db'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanup.push(() => database.close());
  return database;
}

let clock = 0;
const state = (entity_id: string, value: string): State => {
  const t = new Date(Date.parse('2026-06-01T12:00:00Z') + clock++).toISOString();
  return {
    entity_id,
    state: value,
    attributes: { friendly_name: entity_id },
    last_changed: t,
    last_updated: t,
    last_reported: t,
    context: { id: 'c', parentId: null, origin: 'test' },
  };
};

const rows = (db: Database, entity: string) =>
  (
    db.sqlite.prepare('SELECT state FROM state_history WHERE entity_id = ? ORDER BY id').all(entity) as {
      state: string;
    }[]
  ).map((r) => r.state);
const current = (db: Database) =>
  Object.fromEntries(
    (db.sqlite.prepare('SELECT entity_id, state FROM states').all() as { entity_id: string; state: string }[]).map(
      (r) => [r.entity_id, r.state],
    ),
  );

/** fills the file up to its limit: records one change at a time until the writer reports the outage */
function fillDisk(db: Database, recorder: StateRecorder): string {
  recorder.pragma(`max_page_count = ${db.sqlite.pragma('page_count', { simple: true })}`);
  for (let i = 0; i < 100_000 && recorder.outage === undefined; i++) {
    recorder.record(state('sensor.fill', `fill ${i}`));
    recorder.flush();
  }
  expect(recorder.outage?.code).toBe('SQLITE_FULL');
  return rows(db, 'sensor.fill').at(-1) ?? '';
}

describe('history backlog', () => {
  it('keeps at most the bound while the disk is full, drops the oldest and counts them, keeps every latest state', async () => {
    const db = await fileDatabase();
    const bound = 200;
    const recorder = createStateRecorder(db.sqlite, { maxBatch: 10, flushIntervalMs: 60_000, maxBacklog: bound });
    cleanup.push(() => recorder.close());
    recorder.record(state('sensor.a', 'before'));
    recorder.flush();
    const lastFilled = fillDisk(db, recorder);
    expect(recorder.waiting).toBe(1); // the change the disk refused waits

    // an entity that changes once, at the start of the outage: its row is the oldest, and its latest
    recorder.record(state('sensor.once', 'only'));
    const values = Array.from({ length: 1_000 }, (_, i) => i);
    for (const i of values) {
      recorder.record(state(`sensor.${'abc'[i % 3]}`, String(i)));
      if (i % 10 === 9) {
        recorder.flush();
        expect(recorder.waiting).toBeLessThanOrEqual(bound);
      }
    }
    recorder.flush();
    const handedOver = 1 + 1 + values.length;
    expect(recorder.dropped).toBeGreaterThan(0);
    expect(recorder.waiting + recorder.dropped).toBe(handedOver);
    expect(recorder.pending).toBe(recorder.waiting);
    expect(recorder.outage?.code).toBe('SQLITE_FULL');
    expect(rows(db, 'sensor.a')).toEqual(['before']); // nothing of the outage reached the file

    // space returns: the backlog is written by itself, in order
    recorder.pragma('max_page_count = 1073741823');
    const t0 = performance.now();
    await until(() => recorder.waiting === 0 && recorder.outage === undefined, 'the backlog was not written', 10_000);
    const recoveryMs = performance.now() - t0;
    expect(recorder.pending).toBe(0);
    expect(recorder.dropped + recorder.written).toBeGreaterThanOrEqual(handedOver);

    // the latest change of every entity is there, and so are the newest rows, without a gap
    expect(rows(db, 'sensor.fill').at(-1)).not.toBe(lastFilled);
    expect(rows(db, 'sensor.once')).toEqual(['only']);
    expect(current(db)).toMatchObject({
      'sensor.a': '999',
      'sensor.b': '997',
      'sensor.c': '998',
      'sensor.once': 'only',
    });
    const kept = [...rows(db, 'sensor.a'), ...rows(db, 'sensor.b'), ...rows(db, 'sensor.c')]
      .filter((v) => v !== 'before')
      .map(Number)
      .sort((x, y) => x - y);
    expect(kept.length).toBe(values.length - recorder.dropped);
    expect(kept.length).toBeGreaterThanOrEqual(bound * 0.9 - 3);
    expect(kept).toEqual(values.slice(values.length - kept.length));
    // and the rows went in in the order they came
    const ids = db.sqlite
      .prepare(
        "SELECT state FROM state_history WHERE entity_id IN ('sensor.a','sensor.b','sensor.c') AND state <> 'before' ORDER BY id",
      )
      .all() as { state: string }[];
    expect(ids.map((r) => Number(r.state))).toEqual(kept);
    expect(recoveryMs).toBeLessThan(10_000);
  });

  it('loses nothing below the bound when the database turns read-only and back', async () => {
    const db = await fileDatabase();
    const recorder = createStateRecorder(db.sqlite, { maxBatch: 50, flushIntervalMs: 60_000 });
    cleanup.push(() => recorder.close());
    recorder.pragma('query_only = ON');
    for (let i = 0; i < 500; i++) recorder.record(state(`sensor.r${i % 5}`, String(i)));
    recorder.flush();
    expect(recorder.outage?.code).toBe('SQLITE_READONLY');
    expect(recorder.waiting).toBe(500);
    expect(recorder.dropped).toBe(0);
    recorder.pragma('query_only = OFF');
    await until(() => recorder.waiting === 0, 'the backlog was not written', 10_000);
    expect(recorder.written).toBe(500);
    expect(recorder.outage).toBeUndefined();
    const all = db.sqlite.prepare('SELECT state FROM state_history ORDER BY id').all() as { state: string }[];
    expect(all.map((r) => Number(r.state))).toEqual(Array.from({ length: 500 }, (_, i) => i));
  });

  it('counts what is still waiting at a stop as lost, and says so', async () => {
    const db = await fileDatabase();
    const recorder = createStateRecorder(db.sqlite, { flushIntervalMs: 60_000 });
    recorder.pragma('query_only = ON');
    for (let i = 0; i < 20; i++) recorder.record(state('sensor.s', String(i)));
    recorder.flush();
    expect(recorder.waiting).toBe(20);
    recorder.close();
    expect(recorder.lost).toBe(20);
    expect(recorder.pending).toBe(0);
  });
});

describe('Backlog (the bound alone)', () => {
  const batch = (...changes: [string, string][]) => changes.flatMap(([e, v]) => [e, v, '{}', 't', 't', 't']);
  const content = (b: Backlog) => b.peek(Number.MAX_SAFE_INTEGER).batches.flatMap((x) => x.filter((_, i) => i % 6 < 2));

  it('drops down to 90% of the bound from the oldest, skipping latest changes, and counts', () => {
    const b = new Backlog(10);
    b.add(batch(['once', '0'], ['a', '1'], ['a', '2'], ['b', '3']));
    b.add(batch(['a', '4'], ['a', '5'], ['a', '6'], ['a', '7'], ['a', '8'], ['a', '9']));
    expect(b.rows).toBe(10);
    expect(b.dropped).toBe(0);
    b.add(batch(['a', '10']));
    // 11 rows: two dropped (a 1, a 2) to get to 9; once and b are their entities' latest
    expect(b.dropped).toBe(2);
    expect(b.rows).toBe(9);
    expect(content(b)).toEqual([
      'once',
      '0',
      'b',
      '3',
      'a',
      '4',
      'a',
      '5',
      'a',
      '6',
      'a',
      '7',
      'a',
      '8',
      'a',
      '9',
      'a',
      '10',
    ]);
    b.shift(3);
    expect(b.rows).toBe(0);
  });

  it('is bounded by bytes too: large attributes are dropped sooner', () => {
    const b = new Backlog(1_000, 20_000);
    const big = (i: number) => [`a`, String(i), 'x'.repeat(1_000) + i, 't', 't', 't'];
    for (let i = 0; i < 100; i++) b.add(big(i));
    expect(b.bytes).toBeLessThanOrEqual(20_000);
    expect(b.rows).toBeLessThan(20);
    expect(b.dropped).toBe(100 - b.rows);
    expect(content(b).slice(-2)).toEqual(['a', '99']);
  });

  it('holds more than the bound when that many entities each have one change', () => {
    const b = new Backlog(4);
    for (let i = 0; i < 12; i++) b.add(batch([`e${i}`, String(i)]));
    expect(b.dropped).toBe(0);
    expect(b.rows).toBe(12);
    b.add(batch(['e0', 'new']));
    expect(b.dropped).toBe(1);
    expect(content(b).slice(0, 2)).toEqual(['e1', '1']);
  });
});

// The history writer: in a worker thread for a database file (with its own connection), in line for an
// in-memory database; either way batches keep their order and flush() returns once all is committed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../src/adapters/storage/database.js';
import { createStateRecorder } from '../../../src/adapters/storage/state-recorder.js';
import type { State } from '../../../src/core/state.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function fileDatabase(): Promise<Database> {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-recorder-'));
  const database = await openDatabase(join(dir, 'switchyard.db'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanup.push(() => database.close());
  return database;
}

const attributes = { friendly_name: 'Probe', unit_of_measurement: '°C' };
const state = (entity_id: string, value: string, ms: number): State => {
  const t = new Date(Date.parse('2026-06-01T12:00:00Z') + ms).toISOString();
  return {
    entity_id,
    state: value,
    attributes,
    last_changed: t,
    last_updated: t,
    last_reported: t,
    context: { id: 'c', parentId: null, origin: 'test' },
  };
};

const history = (db: Database) =>
  db.sqlite.prepare('SELECT entity_id, state, state_num, attributes, ts FROM state_history ORDER BY id').all() as {
    entity_id: string;
    state: string;
    state_num: number | null;
    attributes: string;
    ts: number;
  }[];
const current = (db: Database) => db.sqlite.prepare('SELECT entity_id, state FROM states ORDER BY entity_id').all();

describe('state recorder', () => {
  it('writes a database file from a worker thread, in order, and flush() waits for it', async () => {
    const db = await fileDatabase();
    const recorder = createStateRecorder(db.sqlite, { maxBatch: 100, flushIntervalMs: 60_000 });
    cleanup.push(() => recorder.close());
    for (let i = 0; i < 1_050; i++) recorder.record(state(`sensor.s${i % 3}`, String(i), i));
    expect(recorder.pending).toBe(1_050);
    expect(recorder.flush()).toBe(50);
    expect(recorder.pending).toBe(0);
    expect(recorder.written).toBe(1_050);
    const rows = history(db);
    expect(rows.map((r) => Number(r.state))).toEqual(Array.from({ length: 1_050 }, (_, i) => i));
    expect(rows[0]).toEqual({
      entity_id: 'sensor.s0',
      state: '0',
      state_num: 0,
      attributes: JSON.stringify(attributes),
      ts: Date.parse('2026-06-01T12:00:00Z'),
    });
    expect(current(db)).toEqual([
      { entity_id: 'sensor.s0', state: '1047' },
      { entity_id: 'sensor.s1', state: '1048' },
      { entity_id: 'sensor.s2', state: '1049' },
    ]);
  });

  it('writes what is left on close, and in line after that', async () => {
    const db = await fileDatabase();
    const recorder = createStateRecorder(db.sqlite, { flushIntervalMs: 60_000 });
    recorder.record(state('sensor.a', 'on', 0));
    recorder.close();
    expect(history(db)).toHaveLength(1);
    recorder.record(state('sensor.a', 'off', 1));
    recorder.flush();
    expect(history(db).map((r) => r.state)).toEqual(['on', 'off']);
    expect(recorder.written).toBe(2);
  });

  it('reports a batch the worker could not write at the next flush', async () => {
    const db = await fileDatabase();
    const recorder = createStateRecorder(db.sqlite, { flushIntervalMs: 60_000 });
    cleanup.push(() => recorder.close());
    recorder.record(state('sensor.a', '1', 0));
    recorder.flush();
    db.sqlite.exec('DROP TABLE state_history');
    recorder.record(state('sensor.a', '2', 1));
    expect(() => recorder.flush()).toThrow(/state history not written.*no such table: state_history/);
    expect(recorder.pending).toBe(0);
    expect(recorder.written).toBe(1);
  });

  it('writes an in-memory database in line', async () => {
    const db = await openDatabase(':memory:');
    cleanup.push(() => db.close());
    const recorder = createStateRecorder(db.sqlite, { flushIntervalMs: 60_000 });
    recorder.record(state('sensor.a', '1.5', 0));
    expect(recorder.written).toBe(0);
    recorder.flush();
    expect(recorder.written).toBe(1);
    expect(history(db)[0]?.state_num).toBe(1.5);
    recorder.close();
  });
});

// Automation traces in a real SQLite database with the real migrations.
import { trace } from '../../helpers/trace-fixture.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Database } from '../../../src/adapters/storage/database.js';
import { automationTraces } from '../../../src/adapters/storage/migrations/0003-automation-traces.js';
import { migrations } from '../../../src/adapters/storage/migrations/index.js';
import { createTraceStore } from '../../../src/adapters/storage/trace-store.js';

let db: Database | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await db?.close();
  db = undefined;
});

const open = async () =>
  (db = await openDatabase(':memory:', { ...migrations, '0003-automation-traces': automationTraces }));

describe('trace store', () => {
  it('keeps the newest traces per automation, newest first, each automation on its own', async () => {
    const store = createTraceStore((await open()).sqlite, { keep: 3 });
    for (let n = 1; n <= 5; n++) store.save(trace('a', n, n === 4 ? 'error' : 'finished'));
    store.save(trace('b', 1));
    expect(store.list('a').map((t) => t.run_id)).toEqual(['a-run-5', 'a-run-4', 'a-run-3']);
    expect(store.list('a', 1)).toEqual([
      {
        run_id: 'a-run-5',
        automation_id: 'a',
        start: trace('a', 5).start,
        finish: trace('a', 5).finish,
        duration_ms: 5,
        outcome: 'finished',
        error: null,
        trigger: 'state of light.x',
        last_step: 'action/0',
      },
    ]);
    expect(store.list('b').map((t) => t.run_id)).toEqual(['b-run-1']);
    expect(store.get('a', 'a-run-4')).toEqual(trace('a', 4, 'error'));
    expect(store.get('a', 'a-run-1')).toBeUndefined();
    expect(store.get('b', 'a-run-5')).toBeUndefined();
    expect(store.list('nobody')).toEqual([]);
  });

  it("an automation's own stored_traces overrides how many are kept", async () => {
    const store = createTraceStore((await open()).sqlite, { keep: 20 });
    for (let n = 1; n <= 4; n++) store.save(trace('a', n), 2);
    expect(store.list('a').map((t) => t.run_id)).toEqual(['a-run-4', 'a-run-3']);
  });

  it('saving a run again replaces it', async () => {
    const store = createTraceStore((await open()).sqlite);
    store.save(trace('a', 1));
    store.save({ ...trace('a', 1), outcome: 'cancelled', reason: 'reload' });
    expect(store.list('a')).toHaveLength(1);
    expect(store.get('a', 'a-run-1')).toMatchObject({ outcome: 'cancelled', reason: 'reload' });
  });

  it('the migration is safe to run on a database that already has the table', async () => {
    const first = await open();
    await automationTraces.up(first.db);
    const writer = createTraceStore(first.sqlite);
    writer.save(trace('a', 1));
    writer.flush();
    expect(createTraceStore(first.sqlite).list('a')).toHaveLength(1);
  });

  it('writes behind: nothing reaches the table until a flush, a read, the interval or a full batch', async () => {
    const { sqlite } = await open();
    const count = () => (sqlite.prepare('SELECT count(*) AS n FROM automation_traces').get() as { n: number }).n;
    // the interval on the fake clock: the store's timer is a plain setInterval
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const store = createTraceStore(sqlite, { keep: 50, flushIntervalMs: 20, maxPending: 10 });
    store.save(trace('a', 1));
    store.save(trace('a', 2));
    expect(store.pending).toBe(2);
    expect(count()).toBe(0);
    vi.advanceTimersByTime(19);
    expect(count()).toBe(0);
    // another reader of the same database sees them once the interval has passed
    vi.advanceTimersByTime(1);
    expect(store.pending).toBe(0);
    expect(count()).toBe(2);
    for (let n = 3; n <= 12; n++) store.save(trace('a', n));
    expect(count()).toBe(12); // the tenth waiting trace filled the batch
    store.save(trace('a', 13));
    expect(count()).toBe(12);
    expect(store.list('a', 1).map((t) => t.run_id)).toEqual(['a-run-13']); // a read flushes first
  });

  it('a batch with more runs than are kept writes only the newest and trims the older rows', async () => {
    const { sqlite } = await open();
    const store = createTraceStore(sqlite, { keep: 2, flushIntervalMs: 0 });
    store.save(trace('a', 1));
    const buffered = createTraceStore(sqlite, { keep: 2, flushIntervalMs: 10_000 });
    for (let n = 2; n <= 6; n++) buffered.save(trace('a', n));
    buffered.save(trace('b', 1), 1);
    buffered.flush();
    expect(store.list('a').map((t) => t.run_id)).toEqual(['a-run-6', 'a-run-5']);
    expect(store.list('b').map((t) => t.run_id)).toEqual(['b-run-1']);
    expect((sqlite.prepare('SELECT count(*) AS n FROM automation_traces').get() as { n: number }).n).toBe(3);
  });

  it("holds at most twice the kept number of one automation's traces while they wait", async () => {
    const { sqlite } = await open();
    const store = createTraceStore(sqlite, { keep: 3, flushIntervalMs: 10_000, maxPending: 1_000 });
    for (let n = 1; n <= 100; n++) store.save(trace('a', n));
    expect(store.pending).toBeLessThan(6);
    store.save(trace('b', 1));
    expect(store.list('a').map((t) => t.run_id)).toEqual(['a-run-100', 'a-run-99', 'a-run-98']);
    expect(store.list('b').map((t) => t.run_id)).toEqual(['b-run-1']);
  });

  it('a store whose database was closed drops what waits instead of throwing from its timer', async () => {
    const opened = await open();
    const store = createTraceStore(opened.sqlite, { flushIntervalMs: 10 });
    store.save(trace('a', 1));
    await opened.close();
    db = undefined;
    expect(() => store.flush()).not.toThrow();
    expect(store.pending).toBe(0);
  });
});

describe('trace store, traces built on demand', () => {
  it('builds only the traces it keeps, and reports a batch it could not write', async () => {
    const { sqlite } = await open();
    const errors: [string, number][] = [];
    const store = createTraceStore(sqlite, {
      keep: 2,
      flushIntervalMs: 10_000,
      onError: (err, n) => errors.push([String(err), n]),
    });
    const built: number[] = [];
    for (let n = 1; n <= 5; n++)
      store.save({
        automation_id: 'a',
        run_id: `a-run-${n}`,
        build: () => {
          built.push(n);
          return trace('a', n);
        },
      });
    expect(store.list('a').map((t) => t.run_id)).toEqual(['a-run-5', 'a-run-4']);
    expect(built).toEqual([4, 5]);
    store.save({
      automation_id: 'a',
      run_id: 'a-run-6',
      build: () => {
        throw new Error('cannot build');
      },
    });
    expect(store.list('a').map((t) => t.run_id)).toEqual(['a-run-5', 'a-run-4']);
    expect(errors).toEqual([['Error: cannot build', 1]]);
  });
});

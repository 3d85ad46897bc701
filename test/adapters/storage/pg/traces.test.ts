// The PostgreSQL trace store against the SQLite one, both real: the same saves (keep overrides, runs saved again,
// traces built on demand) give the same lists and traces, the table ends up holding
// what SQLite's holds in the same order, and a store opened again on the same database sees it all.
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../src/adapters/storage/database.js';
import { openPostgres, type PgDatabase } from '../../../../src/adapters/storage/pg/database.js';
import { createPgTraceStore, type PgTraceStore } from '../../../../src/adapters/storage/pg/trace-store.js';
import { createTraceStore, type BufferedTraceStore } from '../../../../src/adapters/storage/trace-store.js';
import type { TraceInput } from '../../../../src/core/automation-ports.js';
import { silentLogger } from '../../../../src/core/logger.js';
import { random, trace } from './store-fixtures.js';
import { freshPostgresDatabase, postgresAvailable, postgresRequired } from '../../../helpers/postgres.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function stores(options: { keep?: number; flushIntervalMs?: number } = {}) {
  const sqliteDb = await openDatabase(':memory:');
  cleanup.push(() => sqliteDb.close());
  const pgDb = await openPostgres(await freshPostgresDatabase('traces'));
  cleanup.push(() => pgDb.close());
  const errors = { sqlite: [] as number[], pg: [] as number[] };
  // SQLite writes each trace as it is saved: its answers are then those of the table, whenever it is read
  const sqlite = createTraceStore(sqliteDb.sqlite, {
    ...options,
    flushIntervalMs: 0,
    onError: (_e, n) => void errors.sqlite.push(n),
  });
  const open = async () => {
    const pg = await createPgTraceStore(pgDb, { ...options, log: silentLogger, onError: (_e, n) => errors.pg.push(n) });
    cleanup.push(() => pg.close());
    return pg;
  };
  return { sqlite, sqliteDb, pg: await open(), pgDb, open, errors };
}

/** the rows of each table, automation by automation in the order of their seq */
async function rows(sqliteDb: Awaited<ReturnType<typeof openDatabase>>, pgDb: PgDatabase, pg: PgTraceStore) {
  await pg.settle();
  const cols = 'automation_id, run_id, start, outcome, summary, trace';
  const stored = sqliteDb.sqlite.prepare(`select ${cols} from automation_traces order by automation_id, seq`).all();
  const written = await pgDb.db
    .selectFrom('automation_traces')
    .select(['automation_id', 'run_id', 'start', 'outcome', 'summary', 'trace'])
    .orderBy('automation_id')
    .orderBy('seq')
    .execute();
  return { stored, written };
}

const AUTOMATIONS = ['a', 'b', 'c'];
const KEEPS = [undefined, undefined, 1, 2, 5];
const LIMITS = [undefined, 0, 1, 2, 4, 100];

/** random calls on both stores; each answer must be the same */
async function drive(s: { sqlite: BufferedTraceStore; pg: PgTraceStore }, seed: number, steps: number, start = 0) {
  const r = random(seed);
  const saved = new Map<string, number>(AUTOMATIONS.map((a) => [a, start]));
  for (let i = 0; i < steps; i++) {
    const automation = r.pick(AUTOMATIONS);
    const last = saved.get(automation) ?? 0;
    // now and then the queue writes between two calls, or everything waiting is written
    const pause = r.next();
    if (pause < 0.05) await s.pg.settle();
    else if (pause < 0.15) await new Promise((resolve) => setImmediate(resolve));
    const what = r.next();
    if (what < 0.5) {
      // a new run, or one saved before (recently or long ago) saved again with another outcome
      const n = r.next() < 0.8 || last === 0 ? last + 1 : Math.max(1, last - Math.floor(r.next() * 6));
      saved.set(automation, Math.max(last, n));
      const t = trace(automation, n, r.pick(['finished', 'error', 'cancelled'] as const));
      const keep = r.pick(KEEPS);
      const lazy = r.next() < 0.5;
      const input = (): TraceInput => (lazy ? { automation_id: automation, run_id: t.run_id, build: () => t } : t);
      s.sqlite.save(input(), keep);
      s.pg.save(input(), keep);
    } else if (what < 0.8) {
      const limit = r.pick(LIMITS);
      expect(s.pg.list(automation, limit)).toEqual(s.sqlite.list(automation, limit));
    } else {
      const runId = `${r.pick(AUTOMATIONS)}-run-${Math.max(1, last - Math.floor(r.next() * 8))}`;
      expect(s.pg.get(automation, runId)).toEqual(s.sqlite.get(automation, runId));
    }
  }
  return Math.max(...saved.values());
}

describe.skipIf(!postgresAvailable && !postgresRequired)('PostgreSQL trace store', () => {
  it.each([3, 17, 2026])(
    'answers as the SQLite store does, writes the same rows in the same order, and a restart agrees (seed %i)',
    async (seed) => {
      const s = await stores({ keep: 3, flushIntervalMs: 1 });
      const reached = await drive(s, seed, 800);
      const { stored, written } = await rows(s.sqliteDb, s.pgDb, s.pg);
      expect(written).toEqual(stored);

      // opened again: every automation's runs as SQLite lists them (more than the default kept when one said so)
      await s.pg.close();
      const pg = await s.open();
      const sqlite = createTraceStore(s.sqliteDb.sqlite, { keep: 3, flushIntervalMs: 0 });
      for (const a of [...AUTOMATIONS, 'nobody']) {
        for (const limit of LIMITS) expect(pg.list(a, limit)).toEqual(sqlite.list(a, limit));
        for (const t of sqlite.list(a, 100)) expect(pg.get(a, t.run_id)).toEqual(sqlite.get(a, t.run_id));
      }
      await drive({ sqlite, pg }, seed + 1, 400, reached);
      const after = await rows(s.sqliteDb, s.pgDb, pg);
      expect(after.written).toEqual(after.stored);
    },
  );

  it('builds only the traces it keeps, when they are written or read', async () => {
    const s = await stores({ keep: 2, flushIntervalMs: 60_000 });
    const built: number[] = [];
    const lazy = (n: number): TraceInput => ({
      automation_id: 'a',
      run_id: `a-run-${n}`,
      build: () => {
        built.push(n);
        return trace('a', n);
      },
    });
    for (let n = 1; n <= 5; n++) s.pg.save(lazy(n));
    expect(built).toEqual([]);
    await s.pg.settle();
    expect(built.sort()).toEqual([4, 5]);
    for (let n = 6; n <= 7; n++) s.pg.save(lazy(n));
    expect(s.pg.list('a').map((t) => t.run_id)).toEqual(['a-run-7', 'a-run-6']);
    expect(built.sort()).toEqual([4, 5, 6, 7]);
    const { written } = await rows(s.sqliteDb, s.pgDb, s.pg);
    expect(written.map((r) => r.run_id)).toEqual(['a-run-6', 'a-run-7']);
    // a hundred runs between two writes: at most twice the kept number wait, built or not
    for (let n = 8; n <= 107; n++) s.pg.save(lazy(n));
    expect(s.pg.pending).toBeLessThanOrEqual(3 * 2 + 1); // the kept, those waiting (< 2 × keep), the trim
    expect(s.pg.get('a', 'a-run-107')).toEqual(trace('a', 107));
    expect(built.length).toBe(6);
  });

  it('tells of a trace that cannot be built and keeps what it had, as SQLite does', async () => {
    const s = await stores({ keep: 2 });
    const failing = (n: number): TraceInput => ({
      automation_id: 'a',
      run_id: `a-run-${n}`,
      build: () => {
        throw new Error('cannot build');
      },
    });
    for (let n = 1; n <= 5; n++) for (const store of [s.sqlite, s.pg]) store.save(trace('a', n));
    for (const store of [s.sqlite, s.pg]) store.save(failing(6));
    expect(s.pg.list('a')).toEqual(s.sqlite.list('a'));
    expect(s.pg.list('a').map((t) => t.run_id)).toEqual(['a-run-5', 'a-run-4']);
    // a run saved again that cannot be built: the earlier save stays
    for (const store of [s.sqlite, s.pg]) store.save(failing(5));
    expect(s.pg.get('a', 'a-run-5')).toEqual(s.sqlite.get('a', 'a-run-5'));
    expect(s.pg.get('a', 'a-run-5')).toEqual(trace('a', 5));
    expect(s.errors.pg).toEqual([1, 1]);
    expect(s.errors.pg).toEqual(s.errors.sqlite);
    const { stored, written } = await rows(s.sqliteDb, s.pgDb, s.pg);
    expect(written).toEqual(stored);
  });

  it('a run trimmed and saved again before the trim is written is the newest, in memory and in the table', async () => {
    const s = await stores({ keep: 2, flushIntervalMs: 60_000 });
    for (const store of [s.sqlite, s.pg]) store.save(trace('a', 1));
    await s.pg.settle();
    // nothing written in between: run 1 is trimmed by run 3, then saved again
    for (const store of [s.sqlite, s.pg]) for (const n of [2, 3, 1]) store.save(trace('a', n, 'cancelled'));
    expect(s.pg.list('a')).toEqual(s.sqlite.list('a'));
    expect(s.pg.list('a').map((t) => t.run_id)).toEqual(['a-run-1', 'a-run-3']);
    const { stored, written } = await rows(s.sqliteDb, s.pgDb, s.pg);
    expect(written).toEqual(stored);
    await s.pg.close();
    expect((await s.open()).list('a')).toEqual(s.sqlite.list('a'));
  });
});

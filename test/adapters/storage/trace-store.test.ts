// Automation traces in a real SQLite database with the real migrations.
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../src/adapters/storage/database.js';
import { automationTraces } from '../../../src/adapters/storage/migrations/0003-automation-traces.js';
import { migrations } from '../../../src/adapters/storage/migrations/index.js';
import { createTraceStore } from '../../../src/adapters/storage/trace-store.js';
import type { AutomationTrace } from '../../../src/core/automation-ports.js';

let db: Database | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

const open = async () => (db = await openDatabase(':memory:', { ...migrations, '0003-automation-traces': automationTraces }));

function trace(automation: string, n: number, outcome: AutomationTrace['outcome'] = 'finished'): AutomationTrace {
  const start = new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();
  return {
    run_id: `${automation}-run-${n}`,
    automation_id: automation,
    alias: automation,
    source: { file: 'a.yaml', line: 1, column: 1 },
    config_hash: 'abc',
    start,
    finish: start,
    duration_ms: n,
    outcome,
    error: outcome === 'error' ? 'boom' : null,
    reason: null,
    trigger: { idx: 0, id: '0', platform: 'state', description: 'state of light.x', variables: { entity_id: 'light.x' } },
    context: { id: `ctx-${n}`, parent_id: null, origin: `automation:${automation}` },
    variables: { n },
    conditions: [{ path: 'condition/0', condition: 'state', result: true, compared: { value: 'on', wanted: ['on'] } }],
    conditions_skipped: false,
    steps: [{ path: 'action/0', kind: 'delay', timestamp: start, duration_ms: 1, result: { delay_ms: 1 } }],
    last_step: 'action/0',
  };
}

describe('trace store', () => {
  it('keeps the newest traces per automation, newest first, each automation on its own', async () => {
    const store = createTraceStore((await open()).sqlite, { keep: 3 });
    for (let n = 1; n <= 5; n++) store.save(trace('a', n, n === 4 ? 'error' : 'finished'));
    store.save(trace('b', 1));
    expect(store.list('a').map((t) => t.run_id)).toEqual(['a-run-5', 'a-run-4', 'a-run-3']);
    expect(store.list('a', 1)).toEqual([
      { run_id: 'a-run-5', automation_id: 'a', start: trace('a', 5).start, finish: trace('a', 5).finish, duration_ms: 5, outcome: 'finished', error: null, trigger: 'state of light.x', last_step: 'action/0' },
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
    createTraceStore(first.sqlite).save(trace('a', 1));
    expect(createTraceStore(first.sqlite).list('a')).toHaveLength(1);
  });
});

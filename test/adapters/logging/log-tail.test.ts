// The log kept in memory for the panel (adapters/logging/log-tail.ts) and GET /api/logs on the whole app: entries at
// the configured level or above, the part a child logger names, secrets redacted as in the printed lines, the oldest
// dropped past the capacity, and `after` to follow.
import { afterEach, describe, expect, it } from 'vitest';
import { createLogTail } from '../../../src/adapters/logging/log-tail.js';
import { silentLogger } from '../../../src/core/logger.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('log tail', () => {
  it('keeps entries at its level or above, with the part, redacted, bounded, and after an id', () => {
    const tail = createLogTail('info', 3);
    const log = tail.wrap(silentLogger);
    const mqtt = log.child({ part: 'mqtt' });
    log.debug('not kept');
    mqtt.info('mqtt connected', { broker: 'mqtt://user:hunter2@broker:1883' });
    mqtt.warn('lost', { password: 'hunter2' });
    const all = tail.entries({ after: 0, level: 'info' });
    expect(all.map((e) => [e.level, e.part, e.msg])).toEqual([
      ['info', 'mqtt', 'mqtt connected'],
      ['warn', 'mqtt', 'lost'],
    ]);
    expect(JSON.stringify(all)).not.toContain('hunter2');
    expect(tail.entries({ after: 0, level: 'warn' }).map((e) => e.msg)).toEqual(['lost']);
    for (const m of ['a', 'b', 'c']) log.error(m);
    expect(tail.entries({ after: 0, level: 'info' }).map((e) => e.msg)).toEqual(['a', 'b', 'c']);
    const lastId = tail.entries({ after: 0, level: 'info' }).at(-1)?.id ?? 0;
    log.info('d');
    expect(tail.entries({ after: lastId, level: 'info' }).map((e) => e.msg)).toEqual(['d']);
  });

  it('GET /api/logs follows the app log with level, search and after', async () => {
    t = await startTestApp();
    const first = await t.get('/api/logs?search=switchyard%20started');
    expect(first.status).toBe(200);
    expect(first.body.entries.map((e: { msg: string }) => e.msg)).toEqual(['switchyard started']);
    const all = await t.get('/api/logs?level=debug');
    expect(all.body.entries.length).toBeGreaterThan(1);
    const after = await t.get(`/api/logs?after=${all.body.last_id}`);
    expect(after.body).toMatchObject({ entries: [], last_id: all.body.last_id, kept: 1000 });
    expect((await t.get('/api/logs?level=loud')).status).toBe(400);
  });
});

// The discovery queue on its own: order, a failing handler, the restore first, and bulk-load reports.
import { describe, expect, it } from 'vitest';
import { MessageQueue } from '../../../src/adapters/discovery/message-queue.js';
import type { IncomingMessage } from '../../../src/core/ports.js';

const msg = (topic: string): IncomingMessage => ({ topic, payload: Buffer.from(''), retain: false, qos: 0 });

describe('discovery message queue', () => {
  it('handles messages one at a time in arrival order, after the first task, and goes on past a failure', async () => {
    const seen: string[] = [];
    const errors: string[] = [];
    let active = 0;
    const queue = new MessageQueue({
      handle: async (m) => {
        active++;
        expect(active).toBe(1);
        await new Promise((r) => setImmediate(r));
        active--;
        if (m.topic === 'bad') throw new Error('boom');
        seen.push(m.topic);
      },
      onError: (m, err) => errors.push(`${m.topic}: ${(err as Error).message}`),
      sliceMs: 1,
      bulkAt: 1_000_000,
      bulkQuietMs: 10,
    });
    queue.runFirst(async () => {
      await new Promise((r) => setImmediate(r));
      seen.push('restore');
    }, 0);
    // enough to make the array drop its handled front at least once
    const topics = Array.from({ length: 3000 }, (_, i) => (i === 5 ? 'bad' : `t${i}`));
    for (const t of topics) queue.push(msg(t));
    await queue.idle();
    expect(seen[0]).toBe('restore');
    expect(seen.slice(1)).toEqual(topics.filter((t) => t !== 'bad'));
    expect(errors).toEqual(['bad: boom']);
    // and it starts again for later messages
    queue.push(msg('late'));
    await queue.idle();
    expect(seen.at(-1)).toBe('late');
  });

  it('reports a bulk load when enough messages wait, and its end once the queue has been quiet', async () => {
    const bulk: boolean[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const queue = new MessageQueue({
      handle: () => gate,
      onError: () => {},
      onBulk: (busy) => void bulk.push(busy),
      sliceMs: 5,
      bulkAt: 10,
      bulkQuietMs: 20,
    });
    for (let i = 0; i < 9; i++) queue.push(msg(`a${i}`));
    expect(bulk).toEqual([]);
    queue.push(msg('a9'));
    expect(bulk).toEqual([true]);
    release();
    await queue.idle();
    // over only after the quiet time, and only once
    await expect.poll(() => bulk, { timeout: 5_000 }).toEqual([true, false]);
    queue.push(msg('b'));
    await queue.idle();
    expect(bulk).toEqual([true, false]);
  });

  it('counts a large restore as a bulk load, and close() ends one under way', async () => {
    const bulk: boolean[] = [];
    const queue = new MessageQueue({
      handle: async () => {},
      onError: () => {},
      onBulk: (busy) => void bulk.push(busy),
      sliceMs: 5,
      bulkAt: 100,
      bulkQuietMs: 60_000,
    });
    queue.runFirst(async () => {}, 500);
    expect(bulk).toEqual([true]);
    await queue.idle();
    queue.close();
    expect(bulk).toEqual([true, false]);
  });

  it('drops what comes beyond its bound while messages wait, counting each, and takes messages again once drained', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const handled: string[] = [];
    const dropped: [string, number][] = [];
    const queue = new MessageQueue({
      handle: async (m) => {
        await gate;
        handled.push(m.topic);
      },
      onError: () => {},
      onDrop: (m, n) => dropped.push([m.topic, n]),
      maxWaiting: 3,
      sliceMs: 1,
    });
    for (const t of ['a', 'b', 'c', 'd', 'e']) queue.push(msg(t));
    expect(dropped).toEqual([
      ['d', 1],
      ['e', 2],
    ]);
    expect(queue.dropped).toBe(2);
    release();
    await queue.idle();
    expect(handled).toEqual(['a', 'b', 'c']);
    queue.push(msg('f'));
    await queue.idle();
    expect(handled.at(-1)).toBe('f');
    expect(queue.dropped).toBe(2);
  });

  it('holds the first task, and the messages behind it, until `after` resolves; close() lets them go', async () => {
    const seen: string[] = [];
    const make = () =>
      new MessageQueue({ handle: async (m) => void seen.push(m.topic), onError: () => {}, sliceMs: 1 });
    let release: () => void = () => {};
    const after = new Promise<void>((r) => (release = r));
    const queue = make();
    queue.runFirst(async () => void seen.push('restore'), 1, after);
    queue.push(msg('a'));
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(seen).toEqual([]);
    release();
    await queue.idle();
    expect(seen).toEqual(['restore', 'a']);

    // an app that stops before it started: the task still runs (and can see it is stopping), nothing hangs
    seen.length = 0;
    const stopping = make();
    stopping.runFirst(async () => void seen.push('restore'), 1, new Promise<void>(() => {}));
    stopping.push(msg('b'));
    stopping.close();
    await stopping.idle();
    expect(seen).toEqual(['restore', 'b']);
  });
});

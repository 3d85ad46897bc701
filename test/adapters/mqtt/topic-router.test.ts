// The topic router: exact and wildcard filters, handler failures, first/last handler of a filter.
// Matching itself is tested in test/core/topic.test.ts.
import { describe, expect, it } from 'vitest';
import { TopicRouter } from '../../../src/adapters/mqtt/topic-router.js';
import { silentLogger } from '../../../src/core/logger.js';

describe('topic router', () => {
  const msg = (topic: string) => ({ topic, payload: Buffer.from('x'), retain: false, qos: 0 as const });

  it('routes to exact and wildcard handlers and survives a throwing one', () => {
    const router = new TopicRouter(silentLogger);
    const got: string[] = [];
    expect(router.add('a/b', (m) => void got.push(`exact:${m.topic}`))).toBe(true);
    router.add('a/+', () => {
      throw new Error('bad handler');
    });
    router.add('a/#', (m) => void got.push(`hash:${m.topic}`));
    expect(router.dispatch(msg('a/b'))).toBe(3);
    expect(got).toEqual(['exact:a/b', 'hash:a/b']);
    expect(router.failures).toBe(1);
    expect(router.dispatch(msg('z'))).toBe(0);
  });

  it('gives $-topics only to filters that start with $', () => {
    const router = new TopicRouter(silentLogger);
    const got: string[] = [];
    for (const filter of ['#', '+/broker', '$SYS/#', '$SYS/+']) router.add(filter, () => void got.push(filter));
    expect(router.dispatch(msg('$SYS/broker'))).toBe(2);
    expect(got).toEqual(['$SYS/#', '$SYS/+']);
  });

  it('reports when a filter gains its first and loses its last handler', () => {
    const router = new TopicRouter(silentLogger);
    const h1 = () => {};
    const h2 = () => {};
    expect(router.add('x/#', h1)).toBe(true);
    expect(router.add('x/#', h2)).toBe(false);
    expect(router.remove('x/#', h1)).toBe(false);
    expect(router.remove('x/#', h2)).toBe(true);
    expect(router.filters()).toEqual([]);
  });
});

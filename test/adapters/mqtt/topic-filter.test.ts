import { describe, expect, it } from 'vitest';
import { isValidFilter, isValidPublishTopic, topicMatches } from '../../../src/adapters/mqtt/topic-filter.js';
import { TopicRouter } from '../../../src/adapters/mqtt/topic-router.js';
import { silentLogger } from '../../../src/core/logger.js';

describe('topic filters', () => {
  it.each([
    ['a/b', 'a/b', true],
    ['a/+', 'a/b', true],
    ['a/+', 'a/b/c', false],
    ['a/#', 'a', true],
    ['a/#', 'a/b/c', true],
    ['+/+/config', 'homeassistant/light/x/config', false],
    ['homeassistant/+/+/config', 'homeassistant/light/x/config', true],
    ['#', '$SYS/broker', false],
    ['+/broker', '$SYS/broker', false],
    ['a/+/c', 'a//c', true],
  ])('%s matches %s: %s', (filter, topic, expected) => {
    expect(topicMatches(filter, topic)).toBe(expected);
  });

  it('validates filters and publish topics', () => {
    expect(isValidFilter('a/#')).toBe(true);
    expect(isValidFilter('a/#/b')).toBe(false);
    expect(isValidFilter('a/b+')).toBe(false);
    expect(isValidFilter('')).toBe(false);
    expect(isValidPublishTopic('a/b')).toBe(true);
    expect(isValidPublishTopic('a/+')).toBe(false);
    expect(isValidPublishTopic('a/#')).toBe(false);
    expect(isValidPublishTopic('')).toBe(false);
  });
});

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

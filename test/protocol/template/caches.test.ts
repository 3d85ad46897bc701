// What a template environment keeps between renders: its compiled regular expressions, bounded by their estimated
// bytes and least recently used out first, and the formatters behind %Z, one per locale tried at most.
import { describe, expect, it } from 'vitest';
import { ByteLru } from '../../../src/protocol/template/lru.js';
import {
  compileTemplate,
  FORMATTER_BYTES,
  regexBytes,
  TemplateEnvironment,
} from '../../../src/protocol/template/index.js';

const patterns = (n: number): string[] => Array.from({ length: n }, (_, i) => `^(?P<word>[a-z]+)-${i}$`);

describe('regular expressions of an environment', () => {
  it('stay within the byte budget past it, and every render still matches and replaces right', () => {
    const budget = regexBytes(`/${patterns(200)[199]}`) * 8;
    const env = new TemplateEnvironment({ regexCacheBytes: budget });
    expect(env.caches.regexes.maxBytes).toBe(budget);
    const template = env.compile(
      "{{ value is match(p) }} {{ value | regex_replace(p, '\\\\g<word>!') }} {{ value | regex_findall(p) }}",
    );
    for (const [i, p] of patterns(200).entries()) {
      expect(template.render({ value: `abc-${i}`, p })).toBe(`True abc! ['abc']`);
      expect(template.render({ value: `abc-${i + 1}`, p })).toBe(`False abc-${i + 1} []`);
      expect(env.caches.regexes.bytes).toBeLessThanOrEqual(budget);
    }
    expect(env.caches.regexes.size).toBe(8);
    expect(env.caches.regexes.evicted).toBe(192);
  });

  it('are shared by the templates of one environment, and each compileTemplate has its own', () => {
    const env = new TemplateEnvironment();
    const one = env.compile('{{ value | regex_search(p) }}');
    const other = env.compile('{{ value | regex_findall_index(p) }}');
    expect([one.render({ value: 'a1', p: '[0-9]' }), other.render({ value: 'a1', p: '[0-9]' })]).toEqual(['True', '1']);
    expect(env.caches.regexes.size).toBe(1);
    // templates compiled on their own keep nothing in this environment
    expect(compileTemplate('{{ value | regex_search(p) }}').render({ value: 'b', p: '[a-z]' })).toBe('True');
    expect(env.caches.regexes.size).toBe(1);
  });

  it('keep no pattern larger than the whole budget, which still works', () => {
    const env = new TemplateEnvironment({ regexCacheBytes: 4096 });
    const long = `${'x?'.repeat(2000)}y`;
    const template = env.compile('{{ value is search(p) }}');
    expect(template.render({ value: 'zzy', p: long })).toBe('True');
    expect(template.render({ value: 'zzz', p: long })).toBe('False');
    expect(env.caches.regexes.size).toBe(0);
    expect(env.caches.regexes.bytes).toBe(0);
  });

  it('let the least recently used go first', () => {
    const lru = new ByteLru<number>(30, () => 10);
    lru.set('a', 1);
    lru.set('b', 2);
    lru.set('c', 3);
    expect(lru.get('a')).toBe(1);
    lru.set('d', 4);
    expect([lru.get('b'), lru.get('a'), lru.get('c'), lru.get('d')]).toEqual([undefined, 1, 3, 4]);
    lru.set('a', 5);
    expect([lru.size, lru.bytes, lru.evicted, lru.get('a')]).toEqual([3, 30, 1, 5]);
    // an entry used as often as others come keeps its place while they go
    const hot = new ByteLru<number>(100, () => 10);
    hot.set('hot', 0);
    for (let i = 0; i < 1000; i++) {
      hot.set(`cold${i}`, i);
      expect(hot.get('hot')).toBe(0);
      expect(hot.bytes).toBeLessThanOrEqual(100);
    }
    expect([hot.size, hot.evicted, hot.get('cold998'), hot.get('cold990')]).toEqual([10, 991, 998, undefined]);
  });
});

describe('%Z formatters of an environment', () => {
  it('are at most one per locale tried, however many instants are formatted', () => {
    const env = new TemplateEnvironment();
    const template = env.compile("{{ t | timestamp_custom('%Z %z') }}|{{ t | timestamp_custom('%Z', false) }}");
    const day = 86_400;
    for (let t = 1_700_000_000; t < 1_700_000_000 + 400 * day; t += 7 * day) {
      // the same as an environment of its own gives each time
      expect(template.render({ t })).toBe(compileTemplate(template.source).render({ t }));
      expect(template.render({ t }).endsWith('|UTC')).toBe(true);
      expect(env.caches.zoneNames.bytes).toBeLessThanOrEqual(env.caches.zoneNames.maxBytes);
    }
    expect(env.caches.zoneNames.maxBytes).toBe(7 * FORMATTER_BYTES);
    expect(env.caches.zoneNames.size).toBeGreaterThan(0);
  });
});

// The discovery template cache: owned by its caller, bounded by the estimated bytes its entries hold, least
// recently used out first; configs parsed with it share compiled templates, without it each compiles its own.
import { describe, expect, it } from 'vitest';
import { createTemplateCache, parseEntityConfig } from '../../../src/protocol/ha-discovery/components/index.js';
import { TemplateCache, templateBytes } from '../../../src/protocol/ha-discovery/components/template-cache.js';
import { parseTagConfig } from '../../../src/protocol/ha-discovery/tag.js';
import {
  compileTemplate,
  regexBytes,
  TemplateEnvironment,
  type CompiledTemplate,
} from '../../../src/protocol/template/index.js';

const sensor = (template: string) => ({ name: 'T', state_topic: 's/t', value_template: template });
const templateOf = (result: ReturnType<typeof parseEntityConfig>) => {
  if (!result.ok) throw new Error(result.reason);
  return (result.config as { templates: Record<string, unknown> }).templates['value_template'];
};

describe('template cache', () => {
  it('compiles a source once, keeps its failure, and stays within its byte budget, least recently used out', () => {
    let compiles = 0;
    const counting = (source: string) => {
      compiles++;
      return compileTemplate(source);
    };
    const sources = ['{{ value_json.a }}', '{{ value_json.b }}', '{{ value_json.c }}'];
    const budget = templateBytes(sources[0] as string) * 2;
    const cache = new TemplateCache(counting, budget);
    const a = cache.get(sources[0] as string);
    expect(cache.get(sources[0] as string)).toBe(a);
    cache.get(sources[1] as string);
    expect(compiles).toBe(2);
    // a is used again, so b is the least recently used when c needs the room
    cache.get(sources[0] as string);
    cache.get(sources[2] as string);
    expect(cache.size).toBe(2);
    expect(cache.bytes).toBeLessThanOrEqual(budget);
    expect(cache.evicted).toBe(1);
    expect(cache.get(sources[0] as string)).toBe(a);
    cache.get(sources[1] as string);
    expect(compiles).toBe(4);
    // a source that does not compile throws the same error again, without compiling again
    const broken = '{{ value_json.a ';
    expect(() => cache.get(broken)).toThrow();
    const before = compiles;
    expect(() => cache.get(broken)).toThrow();
    expect(compiles).toBe(before);
  });

  it('lets one template larger than the whole budget in, alone', () => {
    const cache = new TemplateCache((s) => compileTemplate(s), 10);
    cache.get('{{ value }}');
    cache.get('{{ value | int }}');
    expect(cache.size).toBe(1);
  });

  it('is the caller’s: configs parsed with one cache share a template, with another or none they do not', () => {
    const one = createTemplateCache();
    const other = createTemplateCache();
    const source = '{{ value_json.temperature }}';
    const first = templateOf(parseEntityConfig('sensor', sensor(source), one));
    expect(templateOf(parseEntityConfig('sensor', sensor(source), one))).toBe(first);
    expect(templateOf(parseEntityConfig('sensor', sensor(source), other))).not.toBe(first);
    expect(templateOf(parseEntityConfig('sensor', sensor(source)))).not.toBe(
      templateOf(parseEntityConfig('sensor', sensor(source))),
    );
    expect(one.size).toBe(1);
    // a tag scanner's template goes through the same cache
    const tag = parseTagConfig({ topic: 'tag/scanned', value_template: source }, one);
    expect(tag.ok && tag.config.template).toBe(first);
  });

  it('still refuses a config whose template does not compile, naming the key, with or without a cache', () => {
    for (const cache of [createTemplateCache(), undefined]) {
      const result = parseEntityConfig('sensor', sensor('{{ value_json.x '), cache);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.reason).toMatch(/value_template.*template cannot be used/);
    }
  });

  it('compiles in one environment, whose regular expressions stay within its budget for all the configs', () => {
    const budget = regexBytes('/^999-(.*)$') * 4;
    const environment = new TemplateEnvironment({ regexCacheBytes: budget });
    const cache = createTemplateCache(undefined, environment);
    for (let i = 900; i < 1000; i++) {
      const source = `{{ value | regex_replace('^${i}-(.*)$', '<\\\\1>') }}`;
      const template = templateOf(parseEntityConfig('sensor', sensor(source), cache)) as CompiledTemplate;
      expect(template.render({ value: `${i}-ok` })).toBe('<ok>');
      expect(template.render({ value: `${i + 1}-no` })).toBe(`${i + 1}-no`);
      expect(environment.caches.regexes.bytes).toBeLessThanOrEqual(budget);
    }
    expect([cache.size, environment.caches.regexes.size, environment.caches.regexes.evicted]).toEqual([100, 4, 96]);
  });
});

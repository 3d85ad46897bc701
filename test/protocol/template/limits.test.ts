// Guards against abusive templates and data: every failure is a TemplateError.
import { describe, expect, it } from 'vitest';
import { LIMITS, TemplateError, compileTemplate } from '../../../src/protocol/template/index.js';

const renderError = (src: string, vars: Readonly<Record<string, unknown>> = {}): TemplateError => {
  const compiled = compileTemplate(src);
  try {
    compiled.render(vars);
  } catch (err) {
    expect(err).toBeInstanceOf(TemplateError);
    return err as TemplateError;
  }
  throw new Error(`expected ${src} to fail`);
};

describe('limits', () => {
  it('caps the output size like HA (256 KiB)', () => {
    expect(LIMITS.maxOutputLength).toBe(256 * 1024);
    const err = renderError("{% for i in range(100) %}{{ 'x' * 10000 }}{% endfor %}");
    expect(err.message).toContain(`template output exceeded maximum size of ${LIMITS.maxOutputLength} characters`);
  });

  it('caps loop iterations across all loops', () => {
    const err = renderError('{% for a in range(1000) %}{% for b in range(1000) %}{% endfor %}{% endfor %}');
    expect(err.message).toContain(`loop iteration limit of ${LIMITS.maxLoopIterations} exceeded`);
  });

  it('caps ranges like the Jinja sandbox', () => {
    expect(renderError('{{ range(10 ** 9) | length }}').message).toContain('Range too big');
  });

  it('caps the size of strings and lists built by operators', () => {
    expect(renderError("{{ ('x' * 1000000) ~ 'y' }}").message).toContain('result too large');
    expect(renderError("{{ 'x' * 10 ** 9 }}").message).toContain('result too large');
    expect(renderError('{{ [0] * 10 ** 9 }}').message).toContain('result too large');
  });

  it('caps the total amount of work per render', () => {
    const err = renderError(
      '{% for a in range(100000) %}{% set x = a + a + a + a + a + a + a + a + a + a + a %}{% endfor %}',
    );
    // the operation count or the 50 ms clock, whichever is spent first on this machine
    expect(err.message).toMatch(/template too (complex|slow)/);
  });

  it('refuses to print deeply nested caller data instead of overflowing the stack', () => {
    let deep: unknown = [];
    for (let i = 0; i < 5000; i++) deep = [deep];
    expect(renderError('{{ v }}', { v: deep }).message).toContain('maximum nesting depth');
    expect(renderError('{{ v | tojson }}', { v: deep }).message).toContain('maximum nesting depth');
  });

  it('refuses to print cyclic caller data', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(renderError('{{ v }}', { v: cyclic }).message).toContain('maximum nesting depth');
  });

  it('keeps state separate between renders', () => {
    const compiled = compileTemplate('{% for i in range(60000) %}{% endfor %}ok');
    expect(compiled.render({})).toBe('ok');
    expect(compiled.render({})).toBe('ok');
  });
});

describe('caller data that is not JSON-like', () => {
  it('treats JS undefined as Jinja Undefined', () => {
    expect(
      compileTemplate('{{ v is defined }} {{ o.k is defined }}').render({ v: undefined, o: { k: undefined } }),
    ).toBe('False False');
  });

  it('renders opaque objects without calling into them', () => {
    const compiled = compileTemplate('{{ f }}|{{ m }}|{{ f.name }}|');
    expect(compiled.render({ f: () => 1, m: new Map([['a', 1]]) })).toBe('<function>|<object>||');
  });

  it('does not mutate caller data', () => {
    const vars = Object.freeze({ list: Object.freeze([3, 1, 2]), d: Object.freeze({ a: 1 }) });
    expect(compileTemplate('{{ list | sort }} {{ list | reverse | list }} {{ d.items() | list }}').render(vars)).toBe(
      "[1, 2, 3] [2, 1, 3] [('a', 1)]",
    );
    expect(vars.list).toEqual([3, 1, 2]);
  });

  it('rejects non-string template sources', () => {
    expect(() => compileTemplate(42 as unknown as string)).toThrow(TemplateError);
  });
  it('charges a call by the size of what it works on: a sort of 100,000 items in a loop stops early', () => {
    const t0 = performance.now();
    const err = renderError(
      '{% set l = range(100000) | list %}{% for i in range(100000) %}{% set s = l | sort %}{% endfor %}',
    );
    expect(err.message).toMatch(/template too (complex|slow)/);
    // about 48 minutes unbounded; a safety cap with ample slack, not a speed figure
    expect(performance.now() - t0).toBeLessThan(2_000);
  });

  it('bounds the memory one render builds: a list of large upper-cased strings stops at the byte budget', () => {
    // the 130-byte template that used to exhaust the heap: stopped by the clock or the byte budget
    const upper = renderError(
      "{% set ns = namespace(l=[]) %}{% for i in range(100000) %}{% set ns.l = ns.l + [('x' * 100000) | upper] %}{% endfor %}{{ ns.l | length }}",
    );
    expect(upper.message).toMatch(/template too (large|slow)/);
    // large strings built fast: the byte budget, whatever the machine's speed
    const err = renderError(
      "{% set ns = namespace(l=[]) %}{% for i in range(1000) %}{% set ns.l = ns.l + ['x' * 500000] %}{% endfor %}{{ ns.l | length }}",
    );
    expect(err.message).toContain(`template too large: it built more than ${LIMITS.maxBytes} bytes`);
    expect(LIMITS.maxBytes).toBeLessThanOrEqual(16 * 1024 * 1024);
    // and the next render of an ordinary template is unaffected
    expect(compileTemplate('{{ value_json.t | float | round(1) }}').render({ value_json: { t: '21.46' } })).toBe(
      '21.5',
    );
  });
});

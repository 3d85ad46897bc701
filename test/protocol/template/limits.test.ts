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
    const err = renderError('{% for a in range(100000) %}{% set x = a + a + a + a + a + a + a + a + a + a + a %}{% endfor %}');
    expect(err.message).toContain('template too complex');
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
    expect(compileTemplate('{{ v is defined }} {{ o.k is defined }}').render({ v: undefined, o: { k: undefined } })).toBe('False False');
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
});

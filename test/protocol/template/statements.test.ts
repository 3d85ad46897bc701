// {% if %}, {% for %}, {% set %}, namespace(), loop.*, break/continue and Jinja scoping.
import { describe, expect, it } from 'vitest';
import { TemplateError, compileTemplate } from '../../../src/protocol/template/index.js';

const render = (src: string, vars: Readonly<Record<string, unknown>> = {}): string => compileTemplate(src).render(vars);

describe('if', () => {
  const t = '{% if v > 10 %}high{% elif v > 5 %}mid{% elif v > 0 %}low{% else %}none{% endif %}';

  it.each([
    [20, 'high'],
    [7, 'mid'],
    [1, 'low'],
    [0, 'none'],
  ])('v=%s -> %s', (v, expected) => {
    expect(render(t, { v })).toBe(expected);
  });

  it('nests', () => {
    const nested = '{% if a %}{% if b %}ab{% else %}a{% endif %}{% else %}-{% endif %}';
    expect(render(nested, { a: 1, b: 1 })).toBe('ab');
    expect(render(nested, { a: 1, b: 0 })).toBe('a');
    expect(render(nested, { a: 0, b: 1 })).toBe('-');
  });

  it('does not evaluate branches that are not taken', () => {
    expect(render('{% if true %}ok{% else %}{{ 1 / 0 }}{% endif %}')).toBe('ok');
    expect(render("{{ 'ok' if true else 1 / 0 }}")).toBe('ok');
    expect(render('{{ false and 1 / 0 }}')).toBe('False');
  });
});

describe('for', () => {
  it('iterates lists, strings, dict keys and items', () => {
    expect(render('{% for x in [1, 2, 3] %}{{ x }};{% endfor %}')).toBe('1;2;3;');
    expect(render('{% for c in "abc" %}{{ c }}.{% endfor %}')).toBe('a.b.c.');
    expect(render('{% for k in d %}{{ k }}{% endfor %}', { d: { a: 1, b: 2 } })).toBe('ab');
    expect(render('{% for k, v in d.items() %}{{ k }}={{ v }} {% endfor %}', { d: { a: 1, b: 2 } })).toBe('a=1 b=2');
    expect(render('{% for (k, v) in d | items %}{{ k }}{{ v }}{% endfor %}', { d: { a: 1 } })).toBe('a1');
    expect(render('{% for x in missing %}x{% endfor %}|')).toBe('|');
  });

  it('exposes loop variables', () => {
    const t =
      '{% for x in items %}{{ loop.index }}/{{ loop.length }}{{ "F" if loop.first }}{{ "L" if loop.last }} {% endfor %}';
    expect(render(t, { items: ['a', 'b', 'c'] })).toBe('1/3F 2/3 3/3L');
    expect(render('{% for x in [5, 6] %}{{ loop.index0 }}{{ loop.revindex }}{{ loop.revindex0 }} {% endfor %}')).toBe(
      '021 110',
    );
    expect(render('{% for x in [5, 6, 7] %}{{ loop.previtem }}-{{ loop.nextitem }} {% endfor %}')).toBe('-6 5-7 6-');
  });

  it('filters with an inline if and runs else when empty', () => {
    expect(render('{% for x in [1, 2, 3, 4] if x is even %}{{ x }}{{ "," if not loop.last }}{% endfor %}')).toBe('2,4');
    expect(render('{% for x in [] %}x{% else %}empty{% endfor %}')).toBe('empty');
    expect(render('{% for x in [1] if x > 5 %}x{% else %}none matched{% endfor %}')).toBe('none matched');
  });

  it('supports break and continue', () => {
    expect(render('{% for x in range(10) %}{% if x == 3 %}{% break %}{% endif %}{{ x }}{% endfor %}')).toBe('012');
    expect(render('{% for x in range(5) %}{% if x is odd %}{% continue %}{% endif %}{{ x }}{% endfor %}')).toBe('024');
  });

  it('nests loops', () => {
    expect(render('{% for a in [1, 2] %}{% for b in "xy" %}{{ a }}{{ b }} {% endfor %}{% endfor %}')).toBe(
      '1x 1y 2x 2y',
    );
  });

  it('raises for non-iterables and bad unpacking', () => {
    expect(() => render('{% for x in 5 %}{% endfor %}')).toThrow("'int' object is not iterable");
    expect(() => render('{% for a, b in [[1, 2, 3]] %}{% endfor %}')).toThrow(
      'too many values to unpack (expected 2, got 3)',
    );
  });
});

describe('set and scoping', () => {
  it('assigns variables', () => {
    expect(render('{% set x = value | int %}{{ x + 1 }}', { value: '41' })).toBe('42');
    expect(render('{% set a, b = 1, 2 %}{{ b }}{{ a }}')).toBe('21');
    expect(render('{% set t = 1, 2 %}{{ t }}')).toBe('(1, 2)');
    expect(render('{% if true %}{% set x = 1 %}{% endif %}{{ x }}')).toBe('1');
  });

  it('shadows caller variables without changing them', () => {
    const vars = { value: 'orig' };
    expect(render('{% set value = "new" %}{{ value }}', vars)).toBe('new');
    expect(vars.value).toBe('orig');
  });

  it('keeps assignments inside a loop local to each iteration, like Jinja', () => {
    expect(render('{% set c = 0 %}{% for i in [1, 2] %}{% set c = c + 1 %}{{ c }}{% endfor %}{{ c }}')).toBe('110');
    expect(render('{% for i in [1] %}{% set inner = 1 %}{% endfor %}[{{ inner }}][{{ i }}]')).toBe('[][]');
  });

  it('accumulates across iterations with namespace()', () => {
    const t =
      '{% set ns = namespace(total=0, names=[]) %}{% for s in sensors %}{% set ns.total = ns.total + s.v %}' +
      '{% set ns.names = ns.names + [s.n] %}{% endfor %}{{ ns.total }} {{ ns.names | join(",") }}';
    expect(
      render(t, {
        sensors: [
          { n: 'a', v: 1.5 },
          { n: 'b', v: 2 },
        ],
      }),
    ).toBe('3.5 a,b');
    expect(render('{% set ns = namespace() %}{% set ns.x = 1 %}{{ ns.x }} {{ ns }}')).toBe("1 <Namespace {'x': 1}>");
  });

  it('refuses attribute assignment on anything but a namespace', () => {
    expect(() => render('{% set d = {} %}{% set d.x = 1 %}')).toThrow(TemplateError);
    expect(() => render('{% set d = {} %}{% set d.x = 1 %}')).toThrow(
      "cannot assign attribute 'x' on non-namespace object 'd' (dict)",
    );
  });
});

// Tokenizer and parser: delimiters, whitespace control, literals, precedence and compile errors.
import { describe, expect, it } from 'vitest';
import { MAX_TEMPLATE_LENGTH, TemplateError, compileTemplate } from '../../../src/protocol/template/index.js';

const render = (src: string, vars: Readonly<Record<string, unknown>> = {}): string => compileTemplate(src).render(vars);
const compileError = (src: string): TemplateError => {
  try {
    compileTemplate(src);
  } catch (err) {
    expect(err).toBeInstanceOf(TemplateError);
    return err as TemplateError;
  }
  throw new Error(`expected ${src} not to compile`);
};

describe('delimiters and whitespace', () => {
  it('drops comments', () => {
    expect(render('a{# a comment {{ not evaluated }} #}b')).toBe('ab');
    expect(render('a {#- trimmed -#} b')).toBe('ab');
  });

  it('keeps whitespace around tags unless asked to strip it', () => {
    expect(render('x {% if true %} y {% endif %} z')).toBe('x  y  z');
    expect(render('x {%- if true -%} y {%- endif -%} z')).toBe('xyz');
    expect(render('x {{- 1 -}} y')).toBe('x1y');
    expect(render('x\n  {{- 1 }}\n  y')).toBe('x1\n  y');
    expect(render('{% if true %}\nA\n{% endif %}\nB')).toBe('A\n\nB');
    expect(render('{% if true -%}\n  A\n{%- endif %}')).toBe('A');
  });

  it('accepts {%+ and {{+ as plain tags', () => {
    expect(render('a {%+ if true %}b{% endif %}')).toBe('a b');
  });

  it('copies raw blocks verbatim', () => {
    expect(render('{% raw %}{{ not a tag }}{% endraw %}')).toBe('{{ not a tag }}');
    expect(render('a {%- raw -%}  {% x %}  {%- endraw -%} b')).toBe('a{% x %}b');
  });

  it('does not end an expression at }} inside brackets', () => {
    expect(render("{{ {'a': {'b': 1}} }}")).toBe("{'a': {'b': 1}}");
    expect(render("{{ {'a': {'b': 1}}['a']['b'] }}")).toBe('1');
    expect(render('{"v": {{ 1 }}}')).toBe('{"v": 1}');
  });

  it('leaves lone braces in text alone', () => {
    expect(render('{ "a": "{x}" }')).toBe('{ "a": "{x}" }');
  });
});

describe('literals', () => {
  it.each([
    ["{{ 'single' }}", 'single'],
    ['{{ "double" }}', 'double'],
    ["{{ 'it\\'s' }}", "it's"],
    ["{{ 'a\\nb' | length }}", '3'],
    ["{{ '\\x41\\u00e9\\U0001F600\\101' }}", 'Aé😀A'],
    ["{{ 'a' 'b' \"c\" }}", 'abc'],
    ['{{ 1_000 }}', '1000'],
    ['{{ 0x1F }} {{ 0o17 }} {{ 0b101 }}', '31 15 5'],
    ['{{ 1.5e3 }}', '1500.0'],
    ['{{ 2E-3 }}', '0.002'],
    ['{{ [1, 2, ] }}', '[1, 2]'],
    ["{{ {'a': 1, } }}", "{'a': 1}"],
    ['{{ True }} {{ true }} {{ FALSE is defined }}', 'True True False'],
  ])('%s -> %s', (src, expected) => {
    expect(render(src)).toBe(expected);
  });
});

describe('precedence (as in Jinja)', () => {
  it.each([
    ['{{ 10 / 4 | int }}', '2.5'],
    ['{{ (10 / 4) | int }}', '2'],
    ['{{ -3 | abs }}', '3'],
    ["{{ 'a' ~ 2 * 3 }}", 'a6'],
    ["{{ 'a' ~ (1 + 2) }}", 'a3'],
    ['{{ 2 * 3 ** 2 }}', '18'],
    ['{{ not 1 in [1] }}', 'False'],
    ['{{ 1 + 1 is number }}', '2'],
    ['{{ (1 + 1) is number }}', 'True'],
    ["{{ 'a' if 1 > 2 else 'b' ~ 'c' }}", 'bc'],
    ['{{ [3, 1, 2] | sort | first }}', '1'],
    ['{{ value | float * 2 }}', '3.0'],
  ])('%s -> %s', (src, expected) => {
    expect(render(src, { value: '1.5' })).toBe(expected);
  });

  it('binds ~ tighter than + and -', () => {
    expect(() => render("{{ 1 + 2 ~ 'x' }}")).toThrow("unsupported operand type(s) for +: 'int' and 'str'");
  });

  it('accepts test arguments without parentheses', () => {
    expect(render('{{ 9 is divisibleby 3 }} {{ 5 is eq 5 }} {{ 5 is ge(6) }}')).toBe('True True False');
    expect(render("{{ 'yes' if x is defined else 'no' }}", { x: 1 })).toBe('yes');
  });
});

describe('compile errors', () => {
  it('rejects unknown filters naming filter and column', () => {
    const err = compileError("{{ value | pack('>I') }}");
    expect(err.message).toBe("unsupported filter 'pack' at column 12");
    expect(err.line).toBe(1);
    expect(err.column).toBe(12);
  });

  it('reports line and column in multi-line templates', () => {
    const err = compileError('{% if x %}\n  {{ x | nope }}\n{% endif %}');
    expect(err.message).toBe("unsupported filter 'nope' at line 2, column 10");
    expect([err.line, err.column]).toEqual([2, 10]);
  });

  it('rejects unsupported tags', () => {
    expect(compileError('{% macro m() %}x{% endmacro %}').message).toBe("unsupported tag 'macro' at column 4");
    expect(compileError("{% include 'x' %}").message).toContain("unsupported tag 'include'");
    expect(compileError('{% with a = 1 %}{% endwith %}').message).toContain("unsupported tag 'with'");
    expect(compileError('{% frobnicate %}').message).toContain("unknown tag 'frobnicate'");
    expect(compileError('{% set x %}a{% endset %}').message).toContain('block assignments');
  });

  it('rejects unknown functions, tests and methods', () => {
    expect(compileError('{{ now() }}').message).toBe("unsupported function 'now' at column 4");
    expect(compileError("{{ states('sensor.x') }}").message).toContain("unsupported function 'states'");
    expect(compileError('{{ x is frobbed }}').message).toContain("unsupported test 'frobbed'");
    expect(compileError('{{ value.encode() }}').message).toContain("unsupported method 'encode'");
    expect(compileError('{{ (1)(2) }}').message).toContain('only named functions and methods can be called');
  });

  it('checks argument counts and keywords at compile time', () => {
    expect(compileError('{{ x | round(1, "common", 0, 4) }}').message).toContain(
      "filter 'round' takes at most 4 arguments",
    );
    expect(compileError('{{ x | float(nope=1) }}').message).toContain("unexpected keyword argument 'nope'");
    expect(compileError('{{ x | replace("a") }}').message).toContain("missing required argument 'new'");
    expect(compileError('{{ iif(x, 1, 2, 3, 4) }}').message).toContain("function 'iif' takes at most 4 arguments");
    expect(compileError('{{ x | int(default=1, default=2) }}').message).toContain('more than once');
    expect(compileError('{{ x | int(base=16, 0) }}').message).toContain('positional argument follows keyword argument');
  });

  it('rejects unterminated constructs', () => {
    expect(compileError('abc {{ value').message).toBe(
      "unexpected end of template, expected '}}' to close this tag at column 5",
    );
    expect(compileError('{% if x %}yes').message).toContain("expected 'elif' or 'else' or 'endif'");
    expect(compileError('{# open').message).toContain('missing end of comment tag');
    expect(compileError("{{ 'open }}").message).toContain('unterminated string literal');
    expect(compileError('{% raw %}x').message).toContain('endraw');
    expect(compileError('{{ (1 + 2 }}').message).toContain('expected the bracket opened before it to close first');
  });

  it('rejects malformed expressions', () => {
    expect(compileError('{{ }}').message).toBe('expected an expression, got end of print statement at column 4');
    expect(compileError('{{ 1 + }}').message).toContain('unexpected end of print statement');
    expect(compileError('{{ a b }}').message).toContain("expected end of print statement, got 'b'");
    expect(compileError('{{ x.(1) }}').message).toContain('expected name or number');
    expect(compileError('{{ x ! 1 }}').message).toContain("unexpected character '!'");
    expect(compileError('{{ 1 ) }}').message).toContain("unexpected ')'");
    expect(compileError('{{ x | }}').message).toContain('expected a name');
    expect(compileError('{{ x is defined is none }}').message).toContain('cannot chain multiple tests');
  });

  it('rejects misplaced block tags', () => {
    expect(compileError('{% endif %}').message).toContain("unexpected tag 'endif'");
    expect(compileError('{% for x in y %}{% endif %}').message).toContain(
      "unexpected tag 'endif', expected 'endfor' or 'else'",
    );
    expect(compileError('{% break %}').message).toContain("'break' outside of a loop");
    expect(compileError('{% for x in y recursive %}{% endfor %}').message).toContain(
      'recursive loops are not supported',
    );
    expect(compileError('{% set true = 1 %}').message).toContain("cannot assign to 'true'");
  });

  it('limits template size and nesting', () => {
    expect(compileError('x'.repeat(MAX_TEMPLATE_LENGTH + 1)).message).toContain('template is too long');
    expect(() => compileTemplate('x'.repeat(MAX_TEMPLATE_LENGTH))).not.toThrow();
    expect(compileError(`{{ ${'('.repeat(500)}1${')'.repeat(500)} }}`).message).toContain('nested too deeply');
    expect(compileError(`{{ ${'-'.repeat(500)}1 }}`).message).toContain('nested too deeply');
    expect(compileError(`{{ ${'['.repeat(500)}${']'.repeat(500)} }}`).message).toContain('nested too deeply');
  });
});

// Python value semantics: how values print, compare, add up and test true.
import { describe, expect, it } from 'vitest';
import { PyFloat, TemplateError, compileTemplate } from '../../../src/protocol/template/index.js';

const render = (src: string, vars: Readonly<Record<string, unknown>> = {}): string => compileTemplate(src).render(vars);
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

describe('printing values like Python str()', () => {
  it.each([
    ['{{ true }}', 'True'],
    ['{{ False }}', 'False'],
    ['{{ none }}', 'None'],
    ['{{ None }}', 'None'],
    ['{{ 42 }}', '42'],
    ['{{ -7 }}', '-7'],
    ['{{ 21.0 }}', '21.0'],
    ['{{ 21 | float }}', '21.0'],
    ['{{ 1e20 }}', '1e+20'],
    ['{{ 1e16 }}', '1e+16'],
    ['{{ 1e15 }}', '1000000000000000.0'],
    ['{{ 0.0001 }}', '0.0001'],
    ['{{ 0.00001 }}', '1e-05'],
    ['{{ 1.5e-7 }}', '1.5e-07'],
    ['{{ 0.1 + 0.2 }}', '0.30000000000000004'],
    ['{{ 100.0 }}', '100.0'],
    ['{{ -0.0 }}', '-0.0'],
    ['{{ 123456789.123 }}', '123456789.123'],
    ["{{ 'inf' | float }}", 'inf'],
    ["{{ '-inf' | float }}", '-inf'],
    ["{{ 'nan' | float }}", 'nan'],
    ['{{ 10 ** 21 }}', '1000000000000000000000'],
    ["{{ ['a', 1, 2.0, none, true] }}", "['a', 1, 2.0, None, True]"],
    ["{{ {'a': 1, 'b': [1.5, 'x']} }}", "{'a': 1, 'b': [1.5, 'x']}"],
    ['{{ (1, 2) }}', '(1, 2)'],
    ['{{ (1,) }}', '(1,)'],
    ['{{ () }}', '()'],
    ['{{ [] }} {{ {} }}', '[] {}'],
    ['{{ 1, 2 }}', '(1, 2)'],
    ['{{ ["it\'s"] }}', '["it\'s"]'],
    ["{{ ['a\\nb', 'back\\\\slash', 'tab\\t'] }}", "['a\\nb', 'back\\\\slash', 'tab\\t']"],
    ["{{ ['\\x01', 'é', '\\u200b'] }}", "['\\x01', 'é', '\\u200b']"],
  ])('%s renders %s', (src, expected) => {
    expect(render(src)).toBe(expected);
  });

  it('treats caller numbers as int when integral and float otherwise', () => {
    expect(render('{{ a }} {{ b }} {{ a / 2 }} {{ a // 2 }}', { a: 21, b: 21.5 })).toBe('21 21.5 10.5 10');
    expect(render('{{ a }}', { a: new PyFloat(21) })).toBe('21.0');
    expect(render('{{ a }}', { a: -0 })).toBe('0');
  });

  it('prints nested caller data Python style', () => {
    expect(render('{{ v }}', { v: { on: true, off: false, n: null, list: [1, 'two'] } })).toBe(
      "{'on': True, 'off': False, 'n': None, 'list': [1, 'two']}",
    );
  });
});

describe('arithmetic', () => {
  it.each([
    ['{{ 1 / 2 }}', '0.5'],
    ['{{ 4 / 2 }}', '2.0'],
    ['{{ 7 // 2 }}', '3'],
    ['{{ -7 // 2 }}', '-4'],
    ['{{ 7.0 // 2 }}', '3.0'],
    ['{{ -7.5 // 2 }}', '-4.0'],
    ['{{ 7 % 3 }}', '1'],
    ['{{ -7 % 3 }}', '2'],
    ['{{ 7 % -3 }}', '-2'],
    ['{{ 7.5 % 2 }}', '1.5'],
    ['{{ 2 ** 10 }}', '1024'],
    ['{{ 2 ** -1 }}', '0.5'],
    ['{{ 2.0 ** 2 }}', '4.0'],
    ['{{ 2 ** 3 ** 2 }}', '64'],
    ['{{ -2 ** 2 }}', '4'],
    ['{{ 1 + 2 * 3 - 4 }}', '3'],
    ['{{ (1 + 2) * 3 }}', '9'],
    ['{{ 1 + 1.0 }}', '2.0'],
    ['{{ true + 1 }}', '2'],
    ['{{ 10 - 2.5 }}', '7.5'],
    ['{{ -(3) }} {{ +3 }} {{ -1.5 }}', '-3 3 -1.5'],
    ["{{ 'ab' + 'cd' }}", 'abcd'],
    ["{{ 'ab' * 3 }}", 'ababab'],
    ['{{ [1] + [2, 3] }}', '[1, 2, 3]'],
    ['{{ [0] * 3 }}', '[0, 0, 0]'],
    ["{{ 'a' ~ 1 ~ 2.0 ~ none ~ true }}", 'a12.0NoneTrue'],
    ["{{ 'x' ~ missing ~ 'y' }}", 'xy'],
  ])('%s = %s', (src, expected) => {
    expect(render(src)).toBe(expected);
  });

  it('raises TypeError-like errors for mismatched operands', () => {
    expect(renderError("{{ 'a' + 1 }}").message).toBe("unsupported operand type(s) for +: 'str' and 'int' at column 8");
    expect(renderError('{{ value + 1 }}', { value: '1' }).message).toContain("'str' and 'int'");
    expect(renderError('{{ [1] - [1] }}').message).toContain('unsupported operand');
  });

  it('raises on division by zero', () => {
    expect(renderError('{{ 1 / 0 }}').message).toBe('division by zero at column 6');
    expect(renderError('{{ 1 // 0 }}').message).toContain('division or modulo by zero');
    expect(renderError('{{ 1 % 0 }}').message).toContain('modulo by zero');
  });

  it('raises when arithmetic touches an undefined value', () => {
    expect(renderError('{{ value_json.missing + 1 }}', { value_json: {} }).message).toContain(
      "'dict object' has no attribute 'missing'",
    );
    expect(renderError('{{ nothing * 2 }}').message).toContain("'nothing' is undefined");
    expect(renderError('{{ -nothing }}').message).toContain("'nothing' is undefined");
  });
});

describe('comparisons and logic', () => {
  it.each([
    ['{{ 1 == 1.0 }}', 'True'],
    ['{{ 1 == true }}', 'True'],
    ["{{ '1' == 1 }}", 'False'],
    ['{{ none == none }}', 'True'],
    ['{{ [1, 2] == [1, 2] }}', 'True'],
    ["{{ {'a': 1} == {'a': 1.0} }}", 'True'],
    ['{{ 1 != 2 }}', 'True'],
    ['{{ 1 < 2 <= 2 }}', 'True'],
    ['{{ 3 > 2 > 2 }}', 'False'],
    ["{{ 'abc' < 'abd' }}", 'True'],
    ['{{ [1, 2] < [1, 3] }}', 'True'],
    ["{{ 'b' in 'abc' }}", 'True'],
    ['{{ 2 in [1, 2] }}', 'True'],
    ['{{ 2.0 in [1, 2] }}', 'True'],
    ["{{ 'a' in {'a': 1} }}", 'True'],
    ['{{ 3 not in [1, 2] }}', 'True'],
    ["{{ 'x' in missing }}", 'False'],
    ['{{ not 0 }}', 'True'],
    ['{{ not not 1 }}', 'True'],
    ['{{ 0 or 5 }}', '5'],
    ["{{ '' or 'fallback' }}", 'fallback'],
    ['{{ 3 and 4 }}', '4'],
    ['{{ 0 and 4 }}', '0'],
    ['{{ none or [] or {} or 0.0 or "" or "last" }}', 'last'],
    ['{{ missing or "x" }}', 'x'],
    ['{{ 1 if true }}|', '1|'],
    ['{{ 1 if false }}|', '|'],
    ["{{ 'a' if 0 else 'b' if 1 else 'c' }}", 'b'],
    ['{{ not 1 == 2 }}', 'True'],
    ['{{ 1 < 2 and 2 < 3 or false }}', 'True'],
  ])('%s = %s', (src, expected) => {
    expect(render(src)).toBe(expected);
  });

  it('raises for unorderable types', () => {
    expect(renderError("{{ 1 < 'a' }}").message).toBe(
      "'<' not supported between instances of 'int' and 'str' at column 6",
    );
    expect(renderError("{{ 1 in 'abc' }}").message).toContain("'in <string>' requires string as left operand, not int");
    expect(renderError('{{ 1 in 5 }}').message).toContain("argument of type 'int' is not iterable");
  });

  it('treats Python falsy values as false', () => {
    const t = '{% if v %}T{% else %}F{% endif %}';
    for (const v of ['', 0, [], {}, null, undefined, false, new PyFloat(0)]) expect(render(t, { v })).toBe('F');
    for (const v of ['0', 1, [0], { a: null }, true, 0.5, 'False']) expect(render(t, { v })).toBe('T');
    expect(render(t)).toBe('F');
  });
});

describe('attribute and item access', () => {
  const data = { value_json: { a: { b: [10, 20, { c: 'deep' }] }, 'key-with-dash': 1, items: 'it', n: null } };

  it.each([
    ['{{ value_json.a.b[2].c }}', 'deep'],
    ["{{ value_json['a']['b'][0] }}", '10'],
    ["{{ value_json['key-with-dash'] }}", '1'],
    ['{{ value_json.a.b.1 }}', '20'],
    ['{{ value_json.a.b[-1].c }}', 'deep'],
    ['{{ value_json.a.b[5] }}|', '|'],
    ['{{ value_json.n.x }}|', '|'],
    // the dict's items method comes first, as in Jinja (which prints it with its address)
    ['{{ value_json.items }}', '<built-in method items of dict object>'],
    ["{{ value_json['items'] }}", 'it'],
    ['{{ value_json.a.b[1:] }}', "[20, {'c': 'deep'}]"],
    ['{{ value_json.a.b[::-1][0].c }}', 'deep'],
    ["{{ 'hello'[1] }} {{ 'hello'[-1] }} {{ 'hello'[1:3] }} {{ 'hello'[::2] }}", 'e o el hlo'],
    ['{{ value_json.constructor }}|{{ value_json.__proto__ }}|{{ value_json.toString }}|', '|||'],
    ['{{ (1, 2)[1] }}', '2'],
  ])('%s -> %s', (src, expected) => {
    expect(render(src, data)).toBe(expected);
  });

  it('never reaches JavaScript prototypes', () => {
    expect(render("{{ value_json['constructor'] is defined }}", { value_json: {} })).toBe('False');
    expect(render('{{ value.length }}|', { value: 'abc' })).toBe('|');
  });
});

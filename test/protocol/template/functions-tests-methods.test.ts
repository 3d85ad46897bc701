// Global functions, `is` tests and methods on str/dict/list values.
import { describe, expect, it } from 'vitest';
import { TemplateError, compileTemplate } from '../../../src/protocol/template/index.js';

const render = (src: string, vars: Readonly<Record<string, unknown>> = {}): string => compileTemplate(src).render(vars);
const fails = (src: string, message: string, vars: Readonly<Record<string, unknown>> = {}): void => {
  const compiled = compileTemplate(src);
  expect(() => compiled.render(vars)).toThrow(TemplateError);
  expect(() => compiled.render(vars)).toThrow(message);
};

describe('functions', () => {
  it.each([
    ['{{ range(3) }} {{ range(1, 4) }} {{ range(10, 0, -3) }}', '[0, 1, 2] [1, 2, 3] [10, 7, 4, 1]'],
    ['{{ min(3, 1, 2) }} {{ max([4, 9, 2]) }} {{ max(1.5, 1) }}', '1 9 1.5'],
    ["{{ min('B', 'a') }} {{ max(['x', 'Y'], case_sensitive=true) }}", 'a x'],
    ['{{ average(1, 2) }} {{ average([1, 2, 3]) }} {{ average([], 0) }} {{ average([], default=-1) }}', '1.5 2.0 0 -1'],
    ["{{ is_number('12') }} {{ is_number('x') }}", 'True False'],
    ["{{ dict(a=1, b='x') }} {{ dict({'a': 1}, b=2) }}", "{'a': 1, 'b': 'x'} {'a': 1, 'b': 2}"],
    ['{{ pi | round(5) }} {{ tau | round(2) }}', '3.14159 6.28'],
    ['{{ sqrt(9) }} {{ log(8, 2) }}', '3.0 3.0'],
  ])('%s -> %s', (src, expected) => {
    expect(render(src)).toBe(expected);
  });

  it('lets caller variables shadow global constants', () => {
    expect(render('{{ e }}', { e: 'mine' })).toBe('mine');
  });

  it('raises for bad arguments', () => {
    fails('{{ range(200000) }}', 'Range too big');
    fails('{{ range(1, 2, 0) }}', 'must not be zero');
    fails("{{ range('3') }}", "'str' object cannot be interpreted as an integer");
    fails('{{ max() }}', 'max expected at least 1 argument, got 0');
    fails('{{ max(5) }}', "'int' object is not iterable");
    fails("{{ average(['a']) }}", 'average got invalid input');
    fails('{{ max([1], nope=1) }}', "unexpected keyword argument 'nope'");
  });
});

describe('tests', () => {
  it.each([
    ['{{ 1 is number }} {{ 1.5 is number }} {{ true is number }} {{ "1" is number }}', 'True True True False'],
    ['{{ 1 is integer }} {{ 1.0 is integer }} {{ 1.0 is float }} {{ true is integer }}', 'True False True False'],
    ["{{ 'a' is string }} {{ 1 is string }}", 'True False'],
    ['{{ none is none }} {{ 0 is none }} {{ missing is none }}', 'True False False'],
    ['{{ true is boolean }} {{ true is true }} {{ 1 is true }} {{ false is false }}', 'True True False True'],
    [
      "{{ {} is mapping }} {{ [] is mapping }} {{ [] is sequence }} {{ 'a' is iterable }} {{ 1 is iterable }}",
      'True False True True False',
    ],
    ['{{ [] is list }} {{ (1,) is list }} {{ (1,) is tuple }}', 'True False True'],
    ['{{ 4 is even }} {{ 4 is odd }} {{ 9 is divisibleby(3) }}', 'True False True'],
    ["{{ 2 is in [1, 2] }} {{ 'x' is in 'abc' }}", 'True False'],
    [
      '{{ 3 is gt 2 }} {{ 3 is lt(2) }} {{ 3 is ge 3 }} {{ 3 is le 2 }} {{ 3 is ne 3 }} {{ 3 is eq 3.0 }}',
      'True False True False False True',
    ],
    ["{{ 'abc' is lower }} {{ 'ABC' is upper }} {{ 'aBc' is lower }}", 'True True False'],
    ['{{ none is sameas none }} {{ 1 is sameas 1 }}', 'True True'],
    ["{{ '3.5' is is_number }} {{ [1, 2] is contains 2 }}", 'True True'],
    ['{{ x is defined }} {{ x is undefined }} {{ y is defined }}', 'True False False'],
    ['{{ missing is not none }} {{ 1 is not string }}', 'True True'],
  ])('%s -> %s', (src, expected) => {
    expect(render(src, { x: null })).toBe(expected);
  });

  it('raises where the test operation raises', () => {
    fails("{{ 'a' is even }}", 'not all arguments converted during string formatting');
    fails("{{ 1 is gt 'a' }}", "'>' not supported");
  });
});

describe('methods', () => {
  it.each([
    ["{{ 'a,b,,c'.split(',') }}", "['a', 'b', '', 'c']"],
    ["{{ '  a  b '.split() }} {{ 'a b c'.split(none, 1) }}", "['a', 'b'] ['a', 'b c']"],
    ["{{ 'k=v=w'.split('=', 1)[1] }}", 'v=w'],
    [
      "[{{ '  x '.strip() }}] [{{ 'xxhix'.strip('x') }}] [{{ '  x'.lstrip() }}] [{{ 'x  '.rstrip() }}]",
      '[x] [hi] [x] [x]',
    ],
    [
      "{{ 'Hi'.lower() }} {{ 'Hi'.upper() }} {{ \"they're bill's\".title() }} {{ 'hI'.capitalize() }}",
      "hi HI They'Re Bill'S Hi",
    ],
    ["{{ 'sensor.kitchen'.startswith('sensor.') }} {{ 'x.json'.endswith(('.yaml', '.json')) }}", 'True True'],
    ["{{ 'a-b-c'.replace('-', '') }} {{ 'a-b-c'.replace('-', '', 1) }}", 'abc ab-c'],
    ["{{ 'hello'.find('l') }} {{ 'hello'.find('z') }} {{ 'hello'.count('l') }} {{ '123'.isdigit() }}", '2 -1 2 True'],
    ["{{ ', '.join(['a', 'b']) }}", 'a, b'],
    ["{{ d.get('a') }} {{ d.get('z') }} {{ d.get('z', 0) }}", '1 None 0'],
    [
      '{{ d.keys() | list }} {{ d.values() | list }} {{ d.items() | list }}',
      "['a', 'b'] [1, [2, 3]] [('a', 1), ('b', [2, 3])]",
    ],
    ['{{ d.b.count(2) }} {{ d.b.index(3) }}', '1 1'],
  ])('%s -> %s', (src, expected) => {
    expect(render(src, { d: { a: 1, b: [2, 3] } })).toBe(expected);
  });

  it('raises for methods the receiver does not have', () => {
    fails('{{ 5.split(",") }}', "'int object' has no attribute 'split'");
    fails('{{ d.split(",") }}', "'dict object' has no attribute 'split'", { d: {} });
    fails('{{ missing.split(",") }}', "'missing' is undefined");
    fails("{{ ','.join([1]) }}", 'expected str instance, int found');
    fails("{{ 'a'.split('') }}", 'empty separator');
  });
});

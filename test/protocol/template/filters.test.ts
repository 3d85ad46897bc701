// Filters, with Home Assistant's semantics for the ones it overrides (float, int, round, bool...).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TemplateError, compileTemplate } from '../../../src/protocol/template/index.js';

const render = (src: string, vars: Readonly<Record<string, unknown>> = {}): string => compileTemplate(src).render(vars);
const fails = (src: string, message: string, vars: Readonly<Record<string, unknown>> = {}): void => {
  const compiled = compileTemplate(src);
  expect(() => compiled.render(vars)).toThrow(TemplateError);
  expect(() => compiled.render(vars)).toThrow(message);
};

describe('float', () => {
  it.each([
    ["{{ '21.5' | float }}", '21.5'],
    ["{{ ' 12 ' | float }}", '12.0'],
    ["{{ '1_000.5' | float }}", '1000.5'],
    ["{{ '1e3' | float }}", '1000.0'],
    ['{{ 21 | float }}', '21.0'],
    ['{{ true | float }}', '1.0'],
    ["{{ 'abc' | float(0) }}", '0'],
    ["{{ 'abc' | float(default=-1.5) }}", '-1.5'],
    ['{{ none | float(1) }}', '1'],
    ["{{ float('3') }}", '3.0'],
    ["{{ float('x', 'n/a') }}", 'n/a'],
  ])('%s -> %s', (src, expected) => {
    expect(render(src)).toBe(expected);
  });

  it('raises without a default, as HA does', () => {
    fails('{{ value | float }}', "float got invalid input 'abc' but no default was specified at column 12", {
      value: 'abc',
    });
    fails('{{ none | float }}', "float got invalid input 'None'");
    fails("{{ float('') }}", "float got invalid input ''");
  });

  it('raises for undefined values even with a default (float(Undefined) is an UndefinedError)', () => {
    fails('{{ value_json.t | float(0) }}', "'dict object' has no attribute 't'", { value_json: {} });
    expect(render('{{ value_json.t | default(0) | float }}', { value_json: {} })).toBe('0.0');
  });
});

describe('int', () => {
  it.each([
    ["{{ '42' | int }}", '42'],
    ["{{ ' -7 ' | int }}", '-7'],
    ["{{ '21.7' | int }}", '21'],
    ['{{ 21.7 | int }}', '21'],
    ['{{ -21.7 | int }}', '-21'],
    ["{{ '1e3' | int }}", '1000'],
    ['{{ true | int }}', '1'],
    ["{{ 'abc' | int(0) }}", '0'],
    ["{{ 'abc' | int(default=-1) }}", '-1'],
    ['{{ none | int(5) }}', '5'],
    ["{{ 'ff' | int(base=16) }}", '255'],
    ["{{ '0x1F' | int(0, 16) }}", '31'],
    ["{{ '0b101' | int(base=0) }}", '5'],
    ["{{ '777' | int(base=8) }}", '511'],
    ["{{ int('12') }}", '12'],
    ["{{ int('x', 7) }}", '7'],
    ["{{ int('ff', base=16) }}", '255'],
  ])('%s -> %s', (src, expected) => {
    expect(render(src)).toBe(expected);
  });

  it('raises without a default', () => {
    fails('{{ value | int }}', "int got invalid input 'abc' but no default was specified", { value: 'abc' });
    fails("{{ int('abc') }}", "int got invalid input 'abc'");
    fails('{{ [1] | int }}', "int got invalid input '[1]'");
  });
});

describe('round (HA forgiving_round)', () => {
  it.each([
    ['{{ 21.456 | round(1) }}', '21.5'],
    ['{{ 21 | round(1) }}', '21.0'],
    ['{{ 21.4 | round }}', '21'],
    ['{{ 21.6 | round(0) }}', '22'],
    ['{{ 2.5 | round }}', '2'],
    ['{{ 3.5 | round }}', '4'],
    ['{{ 0.125 | round(2) }}', '0.12'],
    ['{{ 0.375 | round(2) }}', '0.38'],
    ['{{ 2.675 | round(2) }}', '2.67'],
    ['{{ 1234 | round(-2) }}', '1200.0'],
    ["{{ '21.456' | round(2) }}", '21.46'],
    ["{{ 21.41 | round(1, 'ceil') }}", '21.5'],
    ["{{ 21.49 | round(1, 'floor') }}", '21.4'],
    ["{{ -21.41 | round(1, 'floor') }}", '-21.5'],
    ["{{ 21.3 | round(1, 'half') }}", '21.5'],
    ["{{ 21.2 | round(1, 'half') }}", '21.0'],
    ["{{ 21.3 | round(method='half') }}", '21'],
    ["{{ 'abc' | round(default=0) }}", '0'],
    ["{{ 'abc' | round(1, 'common', 'n/a') }}", 'n/a'],
    ['{{ -0.001 | round(2) }}', '-0.0'],
  ])('%s -> %s', (src, expected) => {
    expect(render(src)).toBe(expected);
  });

  it('raises without a default', () => {
    fails("{{ 'abc' | round }}", "round got invalid input 'abc'");
  });
});

describe('bool', () => {
  it.each([
    ["{{ 'on' | bool }}", 'True'],
    ["{{ ' YES ' | bool }}", 'True'],
    ["{{ 'off' | bool }}", 'False'],
    ["{{ '0' | bool }}", 'False'],
    ['{{ 2 | bool }}', 'True'],
    ['{{ 0.0 | bool }}', 'False'],
    ["{{ 'maybe' | bool(false) }}", 'False'],
    ['{{ none | bool(true) }}', 'True'],
    ["{{ bool('enable') }}", 'True'],
  ])('%s -> %s', (src, expected) => {
    expect(render(src)).toBe(expected);
  });

  it('raises without a default', () => {
    fails("{{ 'maybe' | bool }}", "bool got invalid input 'maybe'");
  });
});

describe('string filters', () => {
  it.each([
    ["{{ 'Hello World' | lower }} {{ 'Hello' | upper }}", 'hello world HELLO'],
    ["{{ 'hello big-world (yes' | title }}", 'Hello Big-World (Yes'],
    ["{{ 'hELLO wORLD' | capitalize }}", 'Hello world'],
    ["[{{ '  padded \\n' | trim }}]", '[padded]'],
    ["{{ 'xxhixx' | trim('x') }}", 'hi'],
    ["{{ 'a-b-c' | replace('-', '+') }}", 'a+b+c'],
    ["{{ 'aaa' | replace('a', 'b', 2) }}", 'bba'],
    ['{{ 21 | string }} {{ 2.0 | string }} {{ none | string }}', '21 2.0 None'],
    ["{{ (1 | string) ~ 'x' }}", '1x'],
    ['{{ 42 | lower }}', '42'],
    ["{{ 'A & B' | string }}", 'A & B'],
    ["{{ '%s is %d%%' | format('hum', 55) }}", 'hum is 55%'],
    ["{{ '%(a)s-%(b).1f' | format(a='x', b=2.25) }}", 'x-2.2'],
  ])('%s -> %s', (src, expected) => {
    expect(render(src)).toBe(expected);
  });
});

describe('sequence filters', () => {
  it.each([
    ["{{ 'héllo😀' | length }} {{ [1, 2] | count }} {{ {'a': 1} | length }} {{ missing | length }}", '6 2 1 0'],
    ["{{ [3, 1, 2] | first }} {{ [3, 1, 2] | last }} {{ 'abc' | first }} {{ 'abc' | last }}", '3 2 a c'],
    ['[{{ [] | first }}]', '[]'],
    ["{{ [1, 'a', none, 2.0] | join('-') }}", '1-a-None-2.0'],
    ['{{ [1, 2] | join }}', '12'],
    ["{{ [{'n': 'a'}, {'n': 'b'}] | join(', ', attribute='n') }}", 'a, b'],
    ["{{ ['b', 'A', 'c'] | min }} {{ ['b', 'A', 'c'] | max }}", 'A c'],
    ["{{ ['b', 'A', 'c'] | min(case_sensitive=true) }}", 'A'],
    ["{{ [{'v': 2}, {'v': 5}] | max(attribute='v') }}", "{'v': 5}"],
    ['{{ [1, 2.5] | sum }} {{ [] | sum }}', '3.5 0'],
    ["{{ [{'v': 1}, {'v': 2}] | sum(attribute='v') }}", '3'],
    ["{{ ['b', 'A', 'c'] | sort }}", "['A', 'b', 'c']"],
    ['{{ [3, 1, 2] | sort(reverse=true) }}', '[3, 2, 1]'],
  ])('%s -> %s', (src, expected) => {
    expect(render(src)).toBe(expected);
  });

  it.each([
    ["{{ [{'n': 2}, {'n': 1}] | sort(attribute='n') }}", "[{'n': 1}, {'n': 2}]"],
    ["{{ ['a', 'A', 'b'] | unique | list }}", "['a', 'b']"],
    ["{{ 'abc' | reverse }} {{ [1, 2, 3] | reverse | list }}", 'cba [3, 2, 1]'],
    ["{{ 'ab' | list }} {{ {'k': 1} | list }}", "['a', 'b'] ['k']"],
    ["{{ {'a': 1} | items }}", "[('a', 1)]"],
    ['{{ [1, 2] | contains(2) }} {{ "abc" | contains("d") }}', 'True False'],
  ])('%s -> %s', (src, expected) => {
    expect(render(src)).toBe(expected);
  });

  it('raises for values without a length', () => {
    fails('{{ none | length }}', "object of type 'NoneType' has no len()");
    fails('{{ 5 | first }}', "'int' object is not iterable");
    fails("{{ [1, 'a'] | max }}", "'>' not supported between instances of 'str' and 'int'");
  });
});

describe('numbers', () => {
  it.each([
    ['{{ -3 | abs }} {{ -2.5 | abs }}', '3 2.5'],
    ["{{ '2' | multiply(3) }} {{ 1 | add(2) }} {{ 'x' | multiply(2, 0) }}", '6.0 3.0 0'],
    ['{{ 16 | sqrt }} {{ -1 | sqrt(0) }}', '4.0 0'],
    ['{{ 100 | log(10) }} {{ e | log }}', '2.0 1.0'],
    ['{{ 12 | bitwise_and(10) }} {{ 12 | bitwise_or(10) }} {{ 12 | bitwise_xor(10) }}', '8 14 6'],
    ['{{ 4294967295 | bitwise_and(4294967296 + 255) }}', '255'],
    [
      '{{ 1 | ordinal }} {{ 2 | ordinal }} {{ 3 | ordinal }} {{ 11 | ordinal }} {{ 22 | ordinal }} {{ 113 | ordinal }}',
      '1st 2nd 3rd 11th 22nd 113th',
    ],
    [
      "{{ '1.5' | is_number }} {{ 'abc' | is_number }} {{ 'nan' | is_number }} {{ none | is_number }}",
      'True False False False',
    ],
    ["{{ 'A' | ord }}", '65'],
  ])('%s -> %s', (src, expected) => {
    expect(render(src)).toBe(expected);
  });

  it('raises where Python raises', () => {
    fails("{{ 'a' | abs }}", "bad operand type for abs(): 'str'");
    fails('{{ -1 | sqrt }}', "sqrt got invalid input '-1'");
    fails('{{ 1.5 | bitwise_and(1) }}', 'unsupported operand');
  });
});

describe('JSON', () => {
  it('renders tojson like Jinja: sorted keys, ASCII, HTML-safe', () => {
    expect(render("{{ {'b': 1, 'a': [1.0, none, true]} | tojson }}")).toBe('{"a": [1.0, null, true], "b": 1}');
    expect(render("{{ 'é <&> \\'' | tojson }}")).toBe('"\\u00e9 \\u003c\\u0026\\u003e \\u0027"');
    expect(render('{{ [1, 2] | tojson(2) }}')).toBe('[\n  1,\n  2\n]');
    expect(render("{{ {'a': 1} | tojson(indent=2) }}")).toBe('{\n  "a": 1\n}');
  });

  it('renders to_json like HA (orjson): compact, insertion order, UTF-8', () => {
    expect(render("{{ {'b': 1, 'a': 'é'} | to_json }}")).toBe('{"b":1,"a":"é"}');
    expect(render("{{ {'b': 1, 'a': 2} | to_json(sort_keys=true) }}")).toBe('{"a":2,"b":1}');
    expect(render("{{ {'b': [1]} | to_json(pretty_print=true) }}")).toBe('{\n  "b": [\n    1\n  ]\n}');
    expect(render("{{ {'x': 'é'} | to_json(ensure_ascii=true) }}")).toBe('{"x": "\\u00e9"}');
    expect(render("{{ 'a\"b\\n' | to_json }}")).toBe('"a\\"b\\n"');
  });

  it('parses with from_json', () => {
    expect(render('{{ (\'[1, 2.0, {"a": null}]\' | from_json)[1] }}')).toBe('2.0');
    fails('{{ \'{"a":\' | from_json }}', 'from_json got invalid input');
    fails('{{ missing | tojson }}', 'Object of type Undefined is not JSON serializable');
  });
});

describe('misc HA filters', () => {
  it('iif, default and is_defined', () => {
    expect(render("{{ none | iif('y', 'n') }} {{ none | iif('y', 'n', 'none') }} {{ 1 | iif }}")).toBe('n none True');
    expect(render("{{ missing | default('d') }} {{ '' | default('d') }} {{ '' | default('d', true) }}")).toBe('d  d');
    fails('{{ missing | is_defined }}', "'missing' is undefined");
  });

  it('base64', () => {
    expect(render("{{ 'hello wörld' | base64_encode }}")).toBe('aGVsbG8gd8O2cmxk');
    expect(render("{{ 'aGVsbG8gd8O2cmxk' | base64_decode }}")).toBe('hello wörld');
  });
});

describe('timestamps', () => {
  let savedTz: string | undefined;
  beforeEach(() => {
    savedTz = process.env['TZ'];
    process.env['TZ'] = 'Europe/Amsterdam';
  });
  afterEach(() => {
    if (savedTz === undefined) delete process.env['TZ'];
    else process.env['TZ'] = savedTz;
  });

  it.each([
    ['{{ 0 | timestamp_utc }}', '1970-01-01T00:00:00+00:00'],
    ['{{ 1700000000.5 | timestamp_utc }}', '2023-11-14T22:13:20.500000+00:00'],
    ['{{ 1700000000 | timestamp_local }}', '2023-11-14T23:13:20+01:00'],
    ['{{ 1690000000 | timestamp_local }}', '2023-07-22T06:26:40+02:00'],
    ['{{ 1700000000 | timestamp_custom }}', '2023-11-14 23:13:20'],
    ["{{ 1700000000 | timestamp_custom('%d %b %Y %I:%M %p %a %j', false) }}", '14 Nov 2023 10:13 PM Tue 318'],
    ["{{ 1700000000 | timestamp_custom('%H:%M %Z %z', false) }}", '22:13 UTC +0000'],
    ["{{ 'abc' | timestamp_utc('n/a') }}", 'n/a'],
    ["{{ as_timestamp('2023-11-14T22:13:20+00:00') }}", '1700000000.0'],
    ["{{ '2023-11-14 23:13:20.25+01:00' | as_timestamp }}", '1700000000.25'],
    ["{{ as_timestamp('2023-11-14 23:13:20') }}", '1700000000.0'],
    ["{{ as_timestamp('garbage', 0) }}", '0'],
  ])('%s -> %s', (src, expected) => {
    expect(render(src)).toBe(expected);
  });

  it('raises without a default', () => {
    fails("{{ 'abc' | timestamp_local }}", "timestamp_local got invalid input 'abc'");
    fails("{{ as_timestamp('garbage') }}", "as_timestamp got invalid input 'garbage'");
  });
});

describe('random', () => {
  it('picks every item of range(1, 11) sooner or later, and nothing else (the scripts docs example delay)', () => {
    const template = compileTemplate('{{ range(1, 11) | random }}');
    const seen = new Set<string>();
    for (let i = 0; i < 2_000 && seen.size < 10; i++) seen.add(template.render({}));
    expect([...seen].sort((a, b) => Number(a) - Number(b))).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '10',
    ]);
  });
});

// JSON parsing that keeps Python's int/float distinction, and json.dumps-style output.
import { describe, expect, it } from 'vitest';
import { PyError } from '../../../src/protocol/template/errors.js';
import { dumpJson } from '../../../src/protocol/template/json-dump.js';
import { parseJson, tryParseJson } from '../../../src/protocol/template/json.js';
import { compileTemplate, payloadVariables } from '../../../src/protocol/template/index.js';
import { PyFloat, makeTuple, pyRepr } from '../../../src/protocol/template/python-values.js';

describe('parseJson', () => {
  it('keeps floats written with a fraction or exponent', () => {
    expect(pyRepr(parseJson('{"a": 21.0, "b": 21, "c": 1e2, "d": -0.5, "e": [true, false, null, "s"]}'))).toBe(
      "{'a': 21.0, 'b': 21, 'c': 100.0, 'd': -0.5, 'e': [True, False, None, 's']}",
    );
    expect(parseJson('1.0')).toBeInstanceOf(PyFloat);
    expect(parseJson('1')).toBe(1);
  });

  it('decodes string escapes', () => {
    expect(parseJson('"a\\"b\\\\c\\/d\\n\\u00e9\\ud83d\\ude00"')).toBe('a"b\\c/d\né😀');
  });

  it('stores keys as own data, never touching prototypes', () => {
    const parsed = parseJson('{"__proto__": {"polluted": true}, "constructor": 1}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(null);
    expect(Object.keys(parsed)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it.each(['', '{', '{"a" 1}', '[1,]', '{"a":1,}', "{'a': 1}", 'NaN', '01', '1.', '"\u0001"', 'true false', '[1] x'])(
    'rejects %j',
    (text) => {
      expect(() => parseJson(text)).toThrow(PyError);
      expect(tryParseJson(text)).toBeUndefined();
    },
  );

  it('limits nesting depth', () => {
    expect(() => parseJson('['.repeat(600) + ']'.repeat(600))).toThrow('nesting too deep');
  });
});

describe('dumpJson', () => {
  const compact = { sortKeys: false, ensureAscii: false, separators: [',', ':'] as const };

  it('serialises Python values', () => {
    const value = { b: new PyFloat(1), a: [1, 2.5, null, true, 'é'], t: makeTuple([1]) };
    expect(dumpJson(value, compact)).toBe('{"b":1.0,"a":[1,2.5,null,true,"é"],"t":[1]}');
    expect(dumpJson(value, { ...compact, sortKeys: true, ensureAscii: true, separators: [', ', ': '] })).toBe(
      '{"a": [1, 2.5, null, true, "\\u00e9"], "b": 1.0, "t": [1]}',
    );
    expect(dumpJson(new PyFloat(NaN), compact)).toBe('NaN');
    expect(dumpJson(new PyFloat(1e20), compact)).toBe('1e+20');
    expect(dumpJson([], { ...compact, indent: 2 })).toBe('[]');
    expect(dumpJson({ a: { b: [] } }, { ...compact, separators: [',', ': '], indent: 2 })).toBe(
      '{\n  "a": {\n    "b": []\n  }\n}',
    );
  });

  it('escapes astral characters as surrogate pairs in ASCII mode', () => {
    expect(dumpJson('😀', { ...compact, ensureAscii: true })).toBe('"\\ud83d\\ude00"');
  });
});

describe('payloadVariables', () => {
  it('sets value and, when the payload is JSON, value_json', () => {
    expect(payloadVariables('on')).toEqual({ value: 'on' });
    expect(payloadVariables('12', { entity_id: 'x' })).toEqual({ entity_id: 'x', value: '12', value_json: 12 });
    expect(compileTemplate('{{ value_json.a }}').render(payloadVariables('{"a": 1.50}'))).toBe('1.5');
  });
});

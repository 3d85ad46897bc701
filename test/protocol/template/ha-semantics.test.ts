// What the corpus differential found and the interpreter now does as Home Assistant does, checked here
// without Python (the expected texts are what Home Assistant's environment rendered for the same input).
import { describe, expect, it } from 'vitest';
import { compileTemplate, payloadVariables, TemplateError } from '../../../src/protocol/template/index.js';
import { DATETIME_METHODS } from '../../../src/protocol/template/datetime-value.js';
import { TIME_FUNCTIONS } from '../../../src/protocol/template/ha-time.js';

const OPTIONS = { globals: TIME_FUNCTIONS, methods: DATETIME_METHODS };
const render = (src: string, payload?: string): string =>
  compileTemplate(src, OPTIONS).render(payload === undefined ? {} : payloadVariables(payload));
const failure = (src: string, payload?: string): TemplateError => {
  try {
    render(src, payload);
  } catch (err) {
    if (err instanceof TemplateError) return err;
    throw err;
  }
  throw new Error(`expected ${src} to fail`);
};

describe('integers past 2**53, exact as Python ints', () => {
  it('in literals and arithmetic', () => {
    expect(render('{{ 2**64 }} {{ 9007199254740993 + 0 }} {{ 12345678901234567890 // 7 }} {{ -(2**63) - 1 }}')).toBe(
      '18446744073709551616 9007199254740993 1763668414462081127 -9223372036854775809',
    );
    expect(render('{{ 2**64 | float }} {{ 12345678901234567890 % 97 }} {{ 12345678901234567890 * 10 }}')).toBe(
      '1.8446744073709552e+19 3 123456789012345678900',
    );
    expect(render("{{ '123456789012345678901234567890' | int }} {{ int('-98765432109876543210') }}")).toBe(
      '123456789012345678901234567890 -98765432109876543210',
    );
  });

  it('in payloads: exact over the 64-bit range, floats beyond it, as orjson reads them', () => {
    const payload = '{"id": 12345678901234567890, "big": 123456789012345678901}';
    const t =
      '{{ value_json.id }} {{ value_json.id + 1 }} {{ value_json.big }} {{ value_json.id > 12345678901234567889.0 }}';
    expect(render(t, payload)).toBe('12345678901234567890 12345678901234567891 1.2345678901234568e+20 True');
  });
});

describe('JSON out', () => {
  it("to_json writes orjson's notation, tojson Python's", () => {
    const payload = '{"a": 1.5e-7, "b": 0.00001, "c": 1e16, "d": 21.0}';
    expect(render('{{ value_json | to_json }} {{ value_json | tojson }}', payload)).toBe(
      '{"a":1.5e-7,"b":0.00001,"c":1e+16,"d":21.0} {"a": 1.5e-07, "b": 1e-05, "c": 1e+16, "d": 21.0}',
    );
  });
});

describe("Jinja's lookups", () => {
  it("find a dict's method before its key, and refuse the ones that modify it", () => {
    expect(render("{{ value_json.items }}|{{ value_json['items'] }}", '{"items": 3}')).toBe(
      '<built-in method items of dict object>|3',
    );
    const unsafe = failure('{{ value_json.update.x }}', '{}');
    expect(unsafe.message).toContain("access to attribute 'update' of 'dict' object is unsafe.");
    expect(unsafe.jinja).toBe(true);
  });

  it('raise UndefinedError (a Jinja error) on a lookup in an undefined value', () => {
    const err = failure('{{ value_json.a.b }}', '{}');
    expect(err.message).toContain("'dict object' has no attribute 'a'");
    expect(err.jinja).toBe(true);
    // a Python error is not Jinja's: Home Assistant drops the message rather than keep the payload
    expect(failure('{{ value_json.t | float }}', '{"t": "warm"}').jinja).toBe(false);
  });
});

describe("Home Assistant's additions", () => {
  it('regular expressions in Python syntax', () => {
    const t = "{{ 'a1b22' | regex_findall('\\\\d+') }} {{ 'x1' | regex_replace('(?P<d>\\\\d)', '[\\\\g<d>]') }}";
    expect(render(t)).toBe("['1', '22'] x[1]");
  });

  it('strptime, dict(pairs) and zip', () => {
    expect(render("{{ strptime('14/06/2025 07:05', '%d/%m/%Y %H:%M') }} {{ strptime('x', '%Y', 0) }}")).toBe(
      '2025-06-14 07:05:00 0',
    );
    expect(render("{{ dict.from_keys([('a', 1), ('b', None)]) | to_json }} {{ zip([1, 2], 'ab') | list }}")).toBe(
      '{"a":1,"b":null} [(1, \'a\'), (2, \'b\')]',
    );
  });

  it('truncate takes anything with a length, as Jinja does', () => {
    expect(render("{{ {'k': 1} | truncate(5) }}")).toBe("{'k': 1}");
    expect(failure('{{ [1] | first | truncate(3) }}').message).toContain("object of type 'int' has no len()");
  });
});

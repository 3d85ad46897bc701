// Python float repr, exact decimal rounding and Python-style number parsing.
import { describe, expect, it } from 'vitest';
import {
  floatRepr,
  formatInt,
  parsePyFloat,
  parsePyInt,
  pyRound,
  toExponentialExact,
  toFixedExact,
} from '../../../src/protocol/template/number-format.js';

describe('floatRepr matches Python repr(float)', () => {
  it.each([
    [21, '21.0'],
    [21.5, '21.5'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1e16, '1e+16'],
    [1e15, '1000000000000000.0'],
    [123456789012345680, '1.2345678901234568e+17'],
    // biome-ignore lint/correctness/noPrecisionLoss: the test is that 2^53 + 1 reads as 2^53, as in Python
    [9007199254740993, '9007199254740992.0'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1.5e-7, '1.5e-07'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [-2.5, '-2.5'],
    [0, '0.0'],
    [-0, '-0.0'],
    [NaN, 'nan'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
    [1 / 3, '0.3333333333333333'],
    [100, '100.0'],
  ])('%s -> %s', (x, expected) => {
    expect(floatRepr(x)).toBe(expected);
  });

  it('round-trips random doubles', () => {
    let seed = 12345;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let i = 0; i < 2000; i++) {
      const x = (rand() - 0.5) * 10 ** Math.floor(rand() * 40 - 20);
      expect(Number(floatRepr(x).replace('inf', 'Infinity'))).toBe(x);
    }
  });
});

describe('formatInt', () => {
  it('prints full digits', () => {
    expect(formatInt(42)).toBe('42');
    expect(formatInt(-0)).toBe('0');
    expect(formatInt(1e21)).toBe('1000000000000000000000');
    expect(formatInt(2 ** 64)).toBe('18446744073709551616');
  });
});

describe('exact decimal rounding (half to even on the binary value)', () => {
  it.each([
    [0.5, 0, '0'],
    [1.5, 0, '2'],
    [2.5, 0, '2'],
    [0.125, 2, '0.12'],
    [0.375, 2, '0.38'],
    [2.675, 2, '2.67'],
    [1.005, 2, '1.00'],
    [21.25, 1, '21.2'],
    [-0.001, 2, '-0.00'],
    [1e22, 1, '10000000000000000000000.0'],
    [0.1, 20, '0.10000000000000000555'],
    [999.9999, 2, '1000.00'],
  ])('toFixedExact(%s, %s) = %s', (x, places, expected) => {
    expect(toFixedExact(x, places)).toBe(expected);
  });

  it.each([
    [12345.678, 2, '1.23e+04'],
    [0.000123, 1, '1.2e-04'],
    [9.99, 1, '1.0e+01'],
    [0, 3, '0.000e+00'],
    [1.25, 1, '1.2e+00'],
  ])('toExponentialExact(%s, %s) = %s', (x, places, expected) => {
    expect(toExponentialExact(x, places)).toBe(expected);
  });

  it.each([
    [2.5, 0, 2],
    [3.5, 0, 4],
    [-2.5, 0, -2],
    [21.456, 1, 21.5],
    [2.675, 2, 2.67],
    [0.125, 2, 0.12],
    [1234, -2, 1200],
    [1250, -2, 1200],
    [1350, -2, 1400],
    [1e300, 2, 1e300],
    [Infinity, 1, Infinity],
  ])('pyRound(%s, %s) = %s', (x, n, expected) => {
    expect(pyRound(x, n)).toBe(expected);
  });
});

describe('Python number parsing', () => {
  it.each([
    ['21.5', 21.5],
    ['  21 ', 21],
    ['-1e3', -1000],
    ['.5', 0.5],
    ['5.', 5],
    ['1_000.000_1', 1000.0001],
    ['inf', Infinity],
    ['-Infinity', -Infinity],
    ['', undefined],
    ['abc', undefined],
    ['0x10', undefined],
    ['1__0', undefined],
    ['_1', undefined],
    ['1e', undefined],
    ['.', undefined],
  ])('float(%j) = %s', (text, expected) => {
    expect(parsePyFloat(text)).toBe(expected);
  });

  it('parses nan', () => {
    expect(parsePyFloat('NaN')).toBeNaN();
  });

  it.each([
    ['42', 10, 42],
    [' -42 ', 10, -42],
    ['+7', 10, 7],
    ['1_000', 10, 1000],
    ['42.0', 10, undefined],
    ['', 10, undefined],
    ['ff', 16, 255],
    ['0xff', 16, 255],
    ['0x_ff', 16, 255],
    ['0xff', 10, undefined],
    ['0o17', 0, 15],
    ['0b11', 0, 3],
    ['017', 0, undefined],
    ['000', 0, 0],
    ['z', 36, 35],
    ['12', 1, undefined],
    ['12', 37, undefined],
    ['9', 8, undefined],
  ])('int(%j, %s) = %s', (text, base, expected) => {
    expect(parsePyInt(text, base)).toBe(expected);
  });
});

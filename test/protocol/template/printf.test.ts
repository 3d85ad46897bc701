// printf-style formatting: `fmt % args` and the format filter.
import { describe, expect, it } from 'vitest';
import { PyError } from '../../../src/protocol/template/errors.js';
import { percentFormat } from '../../../src/protocol/template/printf.js';
import { PyFloat, makeTuple } from '../../../src/protocol/template/python-values.js';

const f = (x: number): PyFloat => new PyFloat(x);

describe('percentFormat', () => {
  it.each([
    ['%s', 'abc', 'abc'],
    ['%s', f(2), '2.0'],
    ['%r', 'abc', "'abc'"],
    ['%5s|%-5s|', makeTuple(['ab', 'cd']), '   ab|cd   |'],
    ['%.2s', 'abcdef', 'ab'],
    ['%d', f(3.9), '3'],
    ['%d', -7, '-7'],
    ['%05d', -42, '-0042'],
    ['%+d % d', makeTuple([5, 5]), '+5  5'],
    ['%.3d', 7, '007'],
    ['%x %X %o', makeTuple([255, 255, 8]), 'ff FF 10'],
    ['%#x %#o', makeTuple([255, 8]), '0xff 0o10'],
    ['%02x%02x%02x', makeTuple([255, 0, 10]), 'ff000a'],
    ['%f', f(1.5), '1.500000'],
    ['%.1f', f(21.25), '21.2'],
    ['%.0f', f(0.5), '0'],
    ['%.2f', 3, '3.00'],
    // biome-ignore lint/suspicious/noApproximativeNumericConstant: a literal as printf's documentation writes it
    ['%8.3f|', f(3.14159), '   3.142|'],
    ['%-8.1f|', f(-2.25), '-2.2    |'],
    // biome-ignore lint/suspicious/noApproximativeNumericConstant: a literal as printf's documentation writes it
    ['%08.2f', f(-3.14159), '-0003.14'],
    ['%e', f(12345.678), '1.234568e+04'],
    ['%.2E', f(0.000123), '1.23E-04'],
    ['%g', f(0.0001), '0.0001'],
    ['%g', f(0.00001), '1e-05'],
    ['%g', f(123456789), '1.23457e+08'],
    ['%g', f(100), '100'],
    ['%.3g', f(2.5), '2.5'],
    ['%#g', f(2.5), '2.50000'],
    ['%G', f(1e-10), '1E-10'],
    ['%f %F', makeTuple([f(Infinity), f(-Infinity)]), 'inf -INF'],
    ['%c%c', makeTuple([72, 'i']), 'Hi'],
    ['100%%', makeTuple([]), '100%'],
    ['%(a)s=%(b)d', { a: 'x', b: 2 }, 'x=2'],
    ['%s', { a: 1 }, "{'a': 1}"],
    ['%s', [1, 2], '[1, 2]'],
    ['no specs', [1], 'no specs'],
  ])('%j %% %j = %j', (fmt, args, expected) => {
    expect(percentFormat(fmt, args)).toBe(expected);
  });

  it.each([
    ['%s %s', makeTuple(['a']), 'not enough arguments for format string'],
    ['%s', makeTuple(['a', 'b']), 'not all arguments converted during string formatting'],
    ['x', 5, 'not all arguments converted during string formatting'],
    ['%d', 'x', '%d format: a real number is required, not str'],
    ['%x', f(1.5), '%x format: an integer is required, not float'],
    ['%f', 'x', 'must be real number, not str'],
    ['%(a)s', makeTuple([1]), 'format requires a mapping'],
    ['%(z)s', { a: 1 }, "KeyError: 'z'"],
    ['%y', 1, "unsupported format character 'y'"],
    ['%', 1, 'incomplete format'],
  ])('%j %% %j raises %j', (fmt, args, message) => {
    expect(() => percentFormat(fmt, args)).toThrow(PyError);
    expect(() => percentFormat(fmt, args)).toThrow(message);
  });
});

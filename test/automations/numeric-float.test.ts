// pyFloat is Python's float() on a state's text (Home Assistant's numeric_state reads `float(value)`): held against
// Python itself, on sensor-like text, Python's own extras (underscores, infinities, surrounding space, exponents) and
// text that is no number. Its fast path for plain decimals must give what the general rules give.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { pyFloat } from '../../src/automations/conditions/numeric.js';

const PYTHON = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'pass']).status === 0);

const TEXTS = [
  '0',
  '21',
  '21.5',
  '-3',
  '+3',
  '-0',
  '0.0',
  '007',
  '5.',
  '.5',
  '-.5',
  '1e3',
  '1E3',
  '1e-3',
  '2.5e+2',
  '-1.5E-2',
  '123456789012345678901234567890',
  '0.1',
  '3.14159265358979323846',
  ' 12 ',
  '\t7\n',
  '1_000',
  '1_000.5',
  'inf',
  '-inf',
  'Infinity',
  '+INF',
  '-infinity',
  '',
  ' ',
  'on',
  'unavailable',
  'unknown',
  '1,5',
  '1.2.3',
  '0x10',
  '1e',
  'e3',
  '.',
  '-',
  '+',
  '--1',
  '1__0',
  '_1',
  '1_',
  '12abc',
  'nan1',
];

/** Python's float() of each text: a number, or null when it raises ValueError (infinities as strings) */
function pythonFloats(texts: readonly string[]): (number | string | null)[] {
  const script = `
import json, math, sys
out = []
for t in json.load(sys.stdin):
    try:
        v = float(t)
        out.append(str(v) if math.isinf(v) else v)
    except ValueError:
        out.append(None)
json.dump(out, sys.stdout)
`;
  const run = spawnSync(PYTHON as string, ['-c', script], { input: JSON.stringify(texts), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as (number | string | null)[];
}

describe("pyFloat against Python's float()", () => {
  it.skipIf(PYTHON === undefined && process.env.CI !== 'true')('gives what Python gives, text by text', () => {
    const expected = pythonFloats(TEXTS);
    const got = TEXTS.map((t) => {
      const v = pyFloat(t);
      if (Number.isNaN(v)) return null;
      return Number.isFinite(v) ? v : v > 0 ? 'inf' : '-inf';
    });
    expect(got).toEqual(expected);
  });

  it('takes numbers, PyFloat-free booleans and nothing else as they are', () => {
    expect(pyFloat(2.5)).toBe(2.5);
    expect(pyFloat(true)).toBe(1);
    expect(pyFloat(null)).toBeNaN();
    expect(pyFloat({})).toBeNaN();
  });
});

// timedelta prints as Python's str(timedelta) does, negative ones included; the reference is computed
// by python3 itself.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PyTimedelta } from '../../../src/protocol/template/datetime-value.js';

const SECONDS = [
  -1,
  -0.5,
  -59,
  -3600,
  -86_400,
  -86_401,
  -172_800.25,
  0,
  0.000001 * 1000,
  1,
  59.5,
  3_600,
  86_399,
  86_400,
  90_061.123456,
  1_000_000,
];

describe('timedelta', () => {
  it("prints as Python's str(timedelta(seconds=…))", () => {
    const py = spawnSync(
      'python3',
      [
        '-c',
        `import datetime, json, sys\nprint(json.dumps([str(datetime.timedelta(seconds=s)) for s in json.loads(sys.argv[1])]))`,
        JSON.stringify(SECONDS),
      ],
      { encoding: 'utf8' },
    );
    expect(py.status).toBe(0);
    const reference = JSON.parse(py.stdout) as string[];
    expect(SECONDS.map((s) => new PyTimedelta(s * 1000).toPyString())).toEqual(reference);
    expect(reference[0]).toBe('-1 day, 23:59:59');
  });
});

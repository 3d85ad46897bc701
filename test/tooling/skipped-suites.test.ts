// `npm test` says which optional suites it skipped for want of a tool and how to get it (test/helpers/
// optional-tools.ts, reported by test/helpers/skipped-suites.ts), once at the end of the run.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OPTIONAL_SUITES, type OptionalSuite, skippedNotes } from '../helpers/optional-tools.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const suite = (name: string, missing: string[], file: string): OptionalSuite => ({
  name,
  covers: (path) => path.endsWith(file),
  missing: async () => missing,
});

describe('skipped optional suites', () => {
  it('name each suite that was skipped and misses a tool, with the packages and the command', async () => {
    const notes = await skippedNotes(
      [
        { path: '/r/test/a.test.ts', source: '' },
        { path: '/r/test/b.test.ts', source: '' },
      ],
      [
        suite('firmware host tests', ['cmake', 'ninja-build'], 'a.test.ts'),
        suite('browser', [], 'b.test.ts'), // its tool is there: skipped for another reason (a filter)
        suite('jinja2', ['python3-jinja2'], 'c.test.ts'), // not skipped in this run
      ],
    );
    expect(notes).toEqual([
      'skipped: firmware host tests (1 file; needs cmake, ninja-build: apt-get install -y cmake ninja-build)',
    ]);
  });

  it('know a test file of every optional suite in the tree', () => {
    const files = (readdirSync(join(ROOT, 'test'), { recursive: true }) as string[])
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => join(ROOT, 'test', f));
    for (const s of OPTIONAL_SUITES) {
      const covered = files.filter((f) => s.covers(f, readFileSync(f, 'utf8')));
      expect(covered.length, `${s.name} covers no test file`).toBeGreaterThan(0);
    }
  });

  it('are reported at the end of a real run where the tools are missing', () => {
    // vitest on the firmware host tests with no PATH: cmake, ninja, pkg-config and cc are all "missing"
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST')));
    const run = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', 'test/firmware/host-tests.test.ts'],
      { cwd: ROOT, encoding: 'utf8', env: { ...env, PATH: '', CI: '', NO_COLOR: '1', SWITCHYARD_SKIP_BUILD: '1' } },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /skipped: firmware host tests \(1 file; needs cmake, ninja-build, pkg-config, gcc, libcmocka-dev, libcjson-dev, libmosquitto-dev: apt-get install -y cmake ninja-build pkg-config gcc libcmocka-dev libcjson-dev libmosquitto-dev\)/,
    );
  });
});

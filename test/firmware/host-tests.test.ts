// Builds and runs the firmware's C host tests (firmware/test/host: the portable core of the esp_mcp_bridge
// component against the shared protocol vectors, with cmocka, cJSON, ASan and UBSan). Skipped locally when
// the C toolchain or the Debian packages are missing; in CI (CI=true) a missing tool fails the run instead.
//   apt-get install cmake ninja-build pkg-config gcc libcjson-dev libcmocka-dev
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { firmwareMissing } from '../helpers/optional-tools.js';

const SOURCE_DIR = fileURLToPath(new URL('../../firmware/test/host/', import.meta.url));
const TIMEOUT_MS = 240_000;

const missing = firmwareMissing();
const inCi = process.env.CI === 'true';

describe('firmware host tests', () => {
  it('has the tools it needs, or is not running in CI', () => {
    if (inCi) expect(missing, `CI must install: ${missing.join(', ')}`).toEqual([]);
  });

  it.skipIf(missing.length > 0)(
    'builds the portable core with -Werror and sanitizers, and every ctest test passes',
    () => {
      const buildDir = mkdtempSync(join(tmpdir(), 'switchyard-fw-host-'));
      try {
        const run = (command: string, args: readonly string[]): string =>
          execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: TIMEOUT_MS });
        run('cmake', ['-S', SOURCE_DIR, '-B', buildDir, '-G', 'Ninja']);
        run('cmake', ['--build', buildDir]);
        const ctest = spawnSync('ctest', ['--test-dir', buildDir, '--output-on-failure'], {
          encoding: 'utf8',
          timeout: TIMEOUT_MS,
        });
        const output = `${ctest.stdout ?? ''}${ctest.stderr ?? ''}`;
        expect(ctest.error, output).toBeUndefined();
        expect(ctest.status, output).toBe(0);
        expect(output).toMatch(/100% tests passed, 0 tests failed out of [1-9]\d*/);
        expect(output).toContain('test_vectors');
      } finally {
        rmSync(buildDir, { recursive: true, force: true });
      }
    },
    TIMEOUT_MS,
  );
});

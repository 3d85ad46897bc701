import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A TCP port that was free a moment ago (for processes that cannot report a port 0 bind). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix = 'switchyard-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Poll `check` until it returns a truthy value or the time runs out. */
export async function eventually<T>(
  check: () => T | Promise<T>,
  timeoutMs = 5_000,
  stepMs = 25,
): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  let lastErr: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
    } catch (err) {
      lastErr = err;
    }
    if (Date.now() > end)
      throw new Error(`condition not met within ${timeoutMs} ms${lastErr ? `: ${String(lastErr)}` : ''}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** Settings input for an app under test: loopback, free ports, a fresh data folder. */
export async function testSettingsInput(
  dataDir: string,
  overrides: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  return {
    http_host: '127.0.0.1',
    http_port: await freePort(),
    broker_port: await freePort(),
    data_dir: dataDir,
    automations_dir: join(dataDir, 'automations'),
    ...overrides,
  };
}

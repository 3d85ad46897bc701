// The automations folder watcher on real files in a temp folder (real fs, real timers). Every check waits for a
// reload that saw the expected files (read in the callback, as the engine's reload reads them); nothing proves
// an absence by sleeping: a negative check waits for the watcher's own trace of a later event and scan.
//
// Each case runs twice: with the folder watches alone (the scan every 10 min) and with the scan alone (every
// 50 ms, no fs.watch), so each of the two parts is shown to see it by itself. Issue 18: Node 20's recursive
// fs.watch missed every edit and the deletion of a file once it had been saved by a rename over it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { watchFolder, type WatchFolderOptions } from '../../../src/adapters/automations/watcher.js';
import type { Logger } from '../../../src/core/logger.js';

type Files = Record<string, string>;

/** every YAML file under `dir` (hidden folders skipped) → its text */
function readTree(dir: string): Files {
  const out: Files = {};
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    if (/\.ya?ml$/.test(name) && !name.split('/').some((p) => p.startsWith('.'))) {
      try {
        out[name] = readFileSync(join(dir, name), 'utf8');
      } catch {
        // a folder named *.yaml, or gone meanwhile
      }
    }
  }
  return out;
}

interface Logged {
  msg: string;
  fields: Record<string, unknown>;
}

function recordingLogger(into: Logged[]): Logger {
  const add = (msg: string, fields: Record<string, unknown> = {}) => void into.push({ msg, fields });
  const log: Logger = { trace: add, debug: add, info: add, warn: add, error: add, child: () => log };
  return log;
}

interface Probe {
  readonly dir: string;
  readonly logs: Logged[];
  /** how many reloads so far */
  calls(): number;
  /** resolves at the first reload (from now on) that saw `expected` under the folder */
  reloadSeeing(expected: Files, timeoutMs?: number): Promise<void>;
  stop(): void;
}

const dirs: string[] = [];
const probes: Probe[] = [];
afterEach(() => {
  for (const p of probes.splice(0)) p.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(files: Files): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-watch-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function probe(dir: string, options: WatchFolderOptions, debounceMs = 50): Probe {
  const logs: Logged[] = [];
  const waiters: ((seen: Files) => void)[] = [];
  let calls = 0;
  const w = watchFolder(
    dir,
    debounceMs,
    () => {
      calls++;
      const seen = readTree(dir);
      for (const waiter of [...waiters]) waiter(seen);
    },
    recordingLogger(logs),
    options,
  );
  const p: Probe = {
    dir,
    logs,
    calls: () => calls,
    reloadSeeing(expected, timeoutMs = 3_000) {
      return new Promise<void>((done, fail) => {
        let last: Files | undefined;
        const waiter = (seen: Files) => {
          last = seen;
          if (JSON.stringify(seen) !== JSON.stringify(expected)) return;
          clearTimeout(timer);
          waiters.splice(waiters.indexOf(waiter), 1);
          done();
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          const want = JSON.stringify(expected);
          fail(new Error(`no reload saw ${want} in ${timeoutMs} ms; last: ${JSON.stringify(last)}`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    stop: () => w.stop(),
  };
  probes.push(p);
  return p;
}

/** as `sed -i` saves: a temporary file in the same folder, renamed over the old one */
function sedSave(dir: string, name: string, text: string): void {
  const temp = join(dir, 'sedK3x9Qa');
  writeFileSync(temp, text);
  renameSync(temp, join(dir, name));
}

/** as vim saves (backupcopy=no): probe file 4913, swap file, the old file renamed to name~, a new one written */
function vimSave(dir: string, name: string, text: string): void {
  writeFileSync(join(dir, `.${name}.swp`), 'swap');
  writeFileSync(join(dir, '4913'), '');
  rmSync(join(dir, '4913'));
  renameSync(join(dir, name), join(dir, `${name}~`));
  writeFileSync(join(dir, name), text);
  rmSync(join(dir, `${name}~`));
}

const MODES: [string, WatchFolderOptions][] = [
  ['folder watches alone', { scanMs: 600_000 }],
  ['the scan alone', { watch: false, scanMs: 50 }],
];

describe.each(MODES)('folder watcher, %s', (_mode, options) => {
  it('sees an in-place write', async () => {
    const p = probe(tempDir({ 'kitchen.yaml': 'v: 1\n' }), options);
    const seen = p.reloadSeeing({ 'kitchen.yaml': 'v: 2\n' });
    writeFileSync(join(p.dir, 'kitchen.yaml'), 'v: 2\n');
    await seen;
  });

  it('after a save by rename over the file (sed -i), sees the next edits and the deletion (issue 18)', async () => {
    const p = probe(tempDir({ 'kitchen.yaml': 'v: 1\n', 'hall.yaml': 'h: 1\n' }), options);
    let seen = p.reloadSeeing({ 'hall.yaml': 'h: 1\n', 'kitchen.yaml': 'v: 2\n' });
    sedSave(p.dir, 'kitchen.yaml', 'v: 2\n');
    await seen;
    seen = p.reloadSeeing({ 'hall.yaml': 'h: 1\n', 'kitchen.yaml': 'v: 3\n' });
    writeFileSync(join(p.dir, 'kitchen.yaml'), 'v: 3\n');
    await seen;
    seen = p.reloadSeeing({ 'hall.yaml': 'h: 1\n', 'kitchen.yaml': 'v: 4\n' });
    sedSave(p.dir, 'kitchen.yaml', 'v: 4\n');
    await seen;
    seen = p.reloadSeeing({ 'hall.yaml': 'h: 1\n' });
    rmSync(join(p.dir, 'kitchen.yaml'));
    await seen;
  });

  it('after a save as vim does it, sees the next edit', async () => {
    const p = probe(tempDir({ 'kitchen.yaml': 'v: 1\n' }), options);
    let seen = p.reloadSeeing({ 'kitchen.yaml': 'v: 2\n' });
    vimSave(p.dir, 'kitchen.yaml', 'v: 2\n');
    await seen;
    seen = p.reloadSeeing({ 'kitchen.yaml': 'v: 3\n' });
    writeFileSync(join(p.dir, 'kitchen.yaml'), 'v: 3\n');
    await seen;
  });

  it('sees a deletion', async () => {
    const p = probe(tempDir({ 'kitchen.yaml': 'v: 1\n', 'hall.yml': 'h: 1\n' }), options);
    const seen = p.reloadSeeing({ 'hall.yml': 'h: 1\n' });
    rmSync(join(p.dir, 'kitchen.yaml'));
    await seen;
  });

  it('sees a file renamed to another YAML name, and edits under the new name', async () => {
    const p = probe(tempDir({ 'kitchen.yaml': 'v: 1\n' }), options);
    let seen = p.reloadSeeing({ 'pantry.yaml': 'v: 1\n' });
    renameSync(join(p.dir, 'kitchen.yaml'), join(p.dir, 'pantry.yaml'));
    await seen;
    seen = p.reloadSeeing({ 'pantry.yaml': 'v: 2\n' });
    writeFileSync(join(p.dir, 'pantry.yaml'), 'v: 2\n');
    await seen;
  });

  it('sees a sub-folder created after the start, a YAML file in it (for !include) and its edits', async () => {
    const p = probe(tempDir({ 'kitchen.yaml': 'lights: !include includes/lights.yaml\n' }), options);
    const top = { 'kitchen.yaml': 'lights: !include includes/lights.yaml\n' };
    let seen = p.reloadSeeing({ ...top, 'includes/lights.yaml': 'l: 1\n' });
    mkdirSync(join(p.dir, 'includes'));
    writeFileSync(join(p.dir, 'includes', 'lights.yaml'), 'l: 1\n');
    await seen;
    seen = p.reloadSeeing({ ...top, 'includes/lights.yaml': 'l: 2\n' });
    sedSave(join(p.dir, 'includes'), 'lights.yaml', 'l: 2\n');
    await seen;
    seen = p.reloadSeeing({ ...top, 'includes/lights.yaml': 'l: 3\n' });
    writeFileSync(join(p.dir, 'includes', 'lights.yaml'), 'l: 3\n');
    await seen;
  });
});

describe('folder watcher', () => {
  it('sees the folder replaced by another one (the scan re-arms the watches)', async () => {
    const parent = tempDir({});
    const dir = join(parent, 'automations');
    mkdirSync(dir);
    writeFileSync(join(dir, 'kitchen.yaml'), 'v: 1\n');
    const p = probe(dir, { scanMs: 100 });
    let seen = p.reloadSeeing({ 'kitchen.yaml': 'v: 2\n' });
    mkdirSync(join(parent, 'restored'));
    writeFileSync(join(parent, 'restored', 'kitchen.yaml'), 'v: 2\n');
    rmSync(dir, { recursive: true });
    renameSync(join(parent, 'restored'), dir);
    await seen;
    seen = p.reloadSeeing({ 'kitchen.yaml': 'v: 3\n' });
    writeFileSync(join(dir, 'kitchen.yaml'), 'v: 3\n');
    await seen;
  });

  it('does not reload for editor swap and backup files alone (a reload fires automation_reloaded)', async () => {
    const p = probe(tempDir({ 'kitchen.yaml': 'v: 1\n' }), { scanMs: 600_000 });
    const swap = join(p.dir, '.kitchen.yaml.swp');
    writeFileSync(swap, 'swap 1');
    writeFileSync(swap, 'swap 2');
    writeFileSync(join(p.dir, '4913'), '');
    rmSync(join(p.dir, '4913'));
    writeFileSync(join(p.dir, 'kitchen.yaml~'), 'v: 0\n');
    symlinkSync('user@host.1234:1700000000', join(p.dir, '.#kitchen.yaml')); // emacs' lock: a dangling link
    rmSync(swap);
    // The folder's events arrive in order: once the marker's event is in, the settle that follows has
    // judged every event before it.
    writeFileSync(join(p.dir, 'marker.txt'), '');
    const marker = () =>
      p.logs.findIndex((l) => l.msg === 'automations folder event' && l.fields['name'] === 'marker.txt');
    await until(() => marker() >= 0 && p.logs.slice(marker()).some((l) => l.msg === 'automations folder settled'));
    const settled = p.logs.filter((l) => l.msg === 'automations folder settled');
    expect(settled.map((l) => l.fields['reload'])).not.toContain(true);
    expect(p.calls()).toBe(0);
    // a YAML file still reloads, with swap files around
    const seen = p.reloadSeeing({ 'kitchen.yaml': 'v: 2\n' });
    writeFileSync(swap, 'swap 3');
    writeFileSync(join(p.dir, 'kitchen.yaml'), 'v: 2\n');
    await seen;
  });

  it('the scan ignores swap files, dangling links and hidden folders', async () => {
    const p = probe(tempDir({ 'kitchen.yaml': 'v: 1\n' }), { watch: false, scanMs: 20 });
    const scans = () => p.logs.filter((l) => l.msg === 'automations folder scanned').length;
    writeFileSync(join(p.dir, '.kitchen.yaml.swp'), 'swap');
    writeFileSync(join(p.dir, 'kitchen.yaml~'), 'v: 0\n');
    symlinkSync('user@host.1234:1700000000', join(p.dir, '.#kitchen.yaml'));
    mkdirSync(join(p.dir, '.git'));
    writeFileSync(join(p.dir, '.git', 'config.yaml'), 'x: 1\n');
    const after = scans();
    await until(() => scans() >= after + 2);
    expect(p.calls()).toBe(0);
  });

  it('stop() ends the watches: a later change reaches only a watcher started after it', async () => {
    const dir = tempDir({ 'kitchen.yaml': 'v: 1\n' });
    const first = probe(dir, { scanMs: 20 }, 10);
    first.stop();
    const second = probe(dir, { scanMs: 20 }, 200); // reloads well after the stopped one would have
    const seen = second.reloadSeeing({ 'kitchen.yaml': 'v: 2\n' });
    writeFileSync(join(dir, 'kitchen.yaml'), 'v: 2\n');
    await seen;
    expect(first.calls()).toBe(0);
  });

  it('keeps no process alive: a process that starts a watcher (and one that stops it) exits by itself', () => {
    const dir = tempDir({ 'kitchen.yaml': 'v: 1\n' });
    const url = new URL('../../../dist/src/adapters/automations/watcher.js', import.meta.url).href;
    const script = `
      const { watchFolder } = await import(${JSON.stringify(url)});
      const log = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, child() { return log; } };
      const before = process.getActiveResourcesInfo().sort().join();
      const w = watchFolder(${JSON.stringify(dir)}, 300, () => {}, log);
      const running = process.getActiveResourcesInfo().sort().join();
      if (process.argv[1] === 'stop') w.stop();
      console.log(JSON.stringify({ same: before === running, resources: running }));`;
    for (const mode of ['run', 'stop']) {
      const args = ['--input-type=module', '-e', script, mode];
      const out = execFileSync(process.execPath, args, { timeout: 10_000, encoding: 'utf8' });
      expect(JSON.parse(out)).toMatchObject({ same: true });
    }
  });
});

async function until(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

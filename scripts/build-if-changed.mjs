// Builds dist/ only when a source changed since the last build: `npm start` (prestart), `npm run simulate`,
// `npm run mcp:stdio`, `npm run bench` and `npm run docs` run it instead of compiling every time. It compares the
// newest modification time under the compiled folders and of the build's config files (folders count too: a file
// removed or renamed changes its folder's time) with a stamp written after each successful build, and runs
// `tsc -p tsconfig.build.json` when one is newer, when dist/ or the stamp is missing, or with --force
// (SWITCHYARD_FORCE_BUILD=1), then bundles the panel (panel/, scripts/build-panel.mjs) into dist/panel/ and the
// server (scripts/build-server.mjs) into dist/server/, which `npm start` runs. It writes
// only to stderr: `npm run mcp:stdio` speaks MCP on stdout.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** what tsconfig.build.json compiles and the panel's sources, and what changes how they are built */
const SOURCE_DIRS = ['src', 'bench', 'sim', 'scripts', 'panel'];
const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];
/** folders under the source folders that hold no compiled input (bench's downloads and results) */
const SKIP = new Set(['node_modules', '.cache', 'results']);
const STAMP = join(ROOT, 'dist', '.build-stamp');
const ENTRY = join(ROOT, 'dist', 'server', 'main.js');
const PANEL = join(ROOT, 'dist', 'panel', 'manifest.json');

/** The newest modification time under `path` (itself included), and the path that has it. */
function newest(path, best = { mtimeMs: 0, path: '' }) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return best; // gone meanwhile, or never there (a checkout without bench/)
  }
  if (stat.mtimeMs > best.mtimeMs) best = { mtimeMs: stat.mtimeMs, path };
  if (stat.isDirectory())
    for (const entry of readdirSync(path)) if (!SKIP.has(entry)) best = newest(join(path, entry), best);
  return best;
}

/** Why a build is needed, or undefined when dist/ is current. */
function buildReason() {
  if (!existsSync(ENTRY)) return 'dist/ has no build yet';
  if (!existsSync(PANEL)) return 'dist/panel/ has no build yet';
  if (!existsSync(STAMP)) return 'no record of the last build (dist/.build-stamp)';
  const stamp = statSync(STAMP).mtimeMs;
  let latest = { mtimeMs: 0, path: '' };
  for (const p of [...SOURCE_DIRS, ...SOURCE_FILES]) latest = newest(join(ROOT, p), latest);
  return latest.mtimeMs > stamp ? `${relative(ROOT, latest.path)} changed` : undefined;
}

/** Runs one build step with node, its output on stderr; exits when it fails. */
function run(what, args) {
  const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) {
    process.stderr.write(`build: ${what} failed (exit ${result.status ?? result.signal})\n`);
    process.exit(result.status ?? 1);
  }
}

function main() {
  const force = process.argv.includes('--force') || process.env.SWITCHYARD_FORCE_BUILD === '1';
  const reason = force ? 'forced' : buildReason();
  if (reason === undefined) {
    process.stderr.write('build: dist/ is up to date\n');
    return;
  }
  process.stderr.write(`build: ${reason}; compiling (tsc -p tsconfig.build.json)\n`);
  // the stamp gets the time the build started: a file saved while tsc runs is newer, so the next start builds
  const started = new Date();
  const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
  // tsc prints its errors on stdout: send them to stderr, where they cannot break an MCP client on stdout
  run('tsc', [tsc, '-p', 'tsconfig.build.json']);
  run("the panel's bundle", [join(ROOT, 'scripts', 'build-panel.mjs')]);
  run("the server's bundle", [join(ROOT, 'scripts', 'build-server.mjs')]);
  closeSync(openSync(STAMP, 'w'));
  utimesSync(STAMP, started, started);
}

main();

// Bundles the server (src/main.ts and the history writer's thread) with esbuild into dist/server/: what `npm start` and
// the add-on image run. Measured reason (issue 22, `npm run bench -- startup`): tsc's output is about 430 ESM files of
// ours plus Kysely's 262 and zod's 95 and about 300 CommonJS files, and loading them took about 0.75 s of every start
// and 104 MB of RSS before main() ran; the bundle (the parts loaded on demand in chunks of their own) loads in about
// 0.35 s and 92 MB. Whitespace and syntax are minified, names are not (a stack trace in the log still
// names the functions: V8 takes them from the source; esbuild renames only a top-level name two modules share, e.g.
// `handle2`). No `keepNames`: it wraps every named closure in a call that sets its name each time the closure is made,
// on the per-message path too (automation bench, p99 with 5,000 msg/s background, runs alternated: median 6.15 ms with
// it, 4.91 ms without, 5.29 ms from tsc's files; burst 5,332 / 5,524 / 5,391 actions/s). BUNDLE_READABLE=1 keeps lines
// and comments, for a CPU profile that tells closures apart.
//
// Left out of the bundle (loaded from node_modules as before): better-sqlite3 (a native addon), pg (loaded only with
// database_url), and the packages that find files of their own next to their code (__dirname: pino's transport
// workers, @fastify/swagger-ui's static files) or are loaded by name at run time (pino-pretty; fastify's schema
// compilers, see http-server.ts). @fastify/swagger is bundled (it loaded 90 ms of modules at start, the yaml package
// a second time among them): its one use of __dirname, reading its own package.json for default titles, is in a
// try/catch and never reached (openapi.ts gives the title and version).
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'dist', 'server');

/** BUNDLE_READABLE=1: lines and comments kept, for profiling */
const READABLE = process.env.BUNDLE_READABLE === '1';

const EXTERNAL = ['better-sqlite3', 'pg', 'pino', 'pino-pretty', '@fastify/swagger-ui'];

/** Builds the server's bundle into `outdir`; returns esbuild's metafile. */
export async function buildServer({ outdir = OUT } = {}) {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const result = await build({
    absWorkingDir: ROOT,
    // history-writers.ts starts its thread from ./history-thread.js next to itself: the same name here
    entryPoints: { main: 'src/main.ts', 'history-thread': 'src/adapters/storage/history-thread.ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Code splitting: what is imported on demand (the embedded broker, the MCP endpoint, PostgreSQL's storage…) is a
    // chunk of its own, read only when used. Idle RSS with Mosquitto, alternated starts: 104.4-104.9 MB as one file
    // per entry, 96.2-97.7 MB split (issue 22). (The fail-over test's doubled runs that once turned it off were a race
    // in the cluster's fire keys, since fixed; the split build's timing only exposed it more often.)
    splitting: true,
    outdir,
    external: EXTERNAL,
    // CommonJS packages inside an ES module call require(): give them one
    banner: {
      js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);",
    },
    minifyWhitespace: !READABLE,
    minifySyntax: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  // esbuild escapes what is not ASCII, except inside regular expression literals. One such character makes V8 hold the
  // whole file's source in two bytes a character: 3.3 MB more heap for the bundle (measured in a heap snapshot).
  // Written as \u escapes in the source instead; this keeps it so.
  // (comments, kept in a readable build, may say what they like)
  for (const file of READABLE ? [] : Object.keys(result.metafile.outputs)) {
    const bytes = readFileSync(join(ROOT, file));
    const at = bytes.findIndex((b) => b > 0x7f);
    if (at >= 0) {
      const around = bytes.subarray(Math.max(0, at - 60), at + 10).toString('utf8');
      throw new Error(`${file}: a character that is not ASCII, in "${around}": write it as a \\u escape in the source`);
    }
  }
  return result.metafile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const metafile = await buildServer();
  const bytes = Object.values(metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
  process.stderr.write(
    `server: dist/server/ (${Object.keys(metafile.outputs).length} files, ${(bytes / 1e6).toFixed(1)} MB)\n`,
  );
}

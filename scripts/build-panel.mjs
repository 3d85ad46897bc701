// Bundles the panel (panel/src/main.tsx: Preact, uPlot, their CSS) with esbuild into dist/panel/: app-<hash>.js,
// app-<hash>.css, the chunks loaded on demand (chunk-<hash>.js: the automation editor's CodeMirror, 440 KB, is fetched
// only when an editor opens) and manifest.json naming them all, which the panel route (src/adapters/http/routes/panel.ts) serves.
// `npm run build` runs it after tsc; scripts/build-if-changed.mjs counts panel/ as sources. Hashed names let the
// route cache the files for a year; the folder is emptied first so old bundles do not pile up.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'dist', 'panel');

/** Builds the panel; returns the manifest it wrote. */
export async function buildPanel({ outdir = OUT, minify = true } = {}) {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { app: 'panel/src/main.tsx' },
    bundle: true,
    format: 'esm',
    target: ['chrome100', 'firefox100', 'safari15'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify,
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    splitting: true,
    outdir,
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((p) => basename(p));
  const manifest = {
    js: outputs.find((p) => p.startsWith('app-') && p.endsWith('.js')),
    css: outputs.find((p) => p.endsWith('.css')),
    chunks: outputs.filter((p) => p.startsWith('chunk-') && p.endsWith('.js')),
  };
  if (!manifest.js || !manifest.css) throw new Error(`panel build wrote ${outputs.join(', ')}: no script or style`);
  writeFileSync(join(outdir, 'manifest.json'), `${JSON.stringify(manifest)}\n`);
  return manifest;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const manifest = await buildPanel();
  process.stderr.write(`panel: dist/panel/${manifest.js}, ${manifest.css}\n`);
}

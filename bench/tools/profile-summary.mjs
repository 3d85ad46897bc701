// node bench/tools/profile-summary.mjs <file.cpuprofile> [top]: self time by function and by file,
// from a V8 CPU profile (node --cpu-prof), to see where Switchyard spends its time under a benchmark.
import { readFileSync } from 'node:fs';

const [file, topArg = '30'] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const top = Number(topArg);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map();
const deltas = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++)
  selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + (deltas[i] ?? 0));
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
const byFn = new Map();
const byFile = new Map();
for (const [id, us] of selfUs) {
  const n = byId.get(id);
  const cf = n.callFrame;
  const where = cf.url
    .replace(/^file:\/\//, '')
    .replace(/.*node_modules\//, 'nm:')
    .replace(/.*\/dist\//, '');
  const fn = `${cf.functionName || '(anon)'} ${where}:${cf.lineNumber + 1}`;
  byFn.set(fn, (byFn.get(fn) ?? 0) + us);
  const f = where || cf.functionName;
  byFile.set(f, (byFile.get(f) ?? 0) + us);
}
const show = (title, m) => {
  console.log(`\n${title}`);
  for (const [k, us] of [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`);
};
console.log(`total sampled: ${(total / 1000).toFixed(0)} ms`);
show('self time by file', byFile);
show('self time by function', byFn);

// inclusive time per function (self + everything it called), counted once per stack even when recursive
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const inclusive = new Map();
for (const [id, us] of selfUs) {
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const cf = byId.get(cur).callFrame;
    if (!cf.url.includes('/dist/src/')) continue;
    const key = `${cf.functionName || '(anon)'} ${cf.url.replace(/.*\/dist\//, '')}:${cf.lineNumber + 1}`;
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + us);
  }
}
show('inclusive time of Switchyard functions', inclusive);

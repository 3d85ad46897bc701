// Prints issue 22's targets from several `npm run bench -- floor automation peer memory discovery startup ingest`
// results (bench/results/*.json): each run's figure, the median, Node-RED's from the same runs, and met or missed.
// Usage: node bench/tools/issue22-table.mjs results/run1.json results/run2.json results/run3.json
import { readFileSync } from 'node:fs';

const runs = process.argv.slice(2).map((f) => JSON.parse(readFileSync(f, 'utf8')));
if (runs.length === 0) throw new Error('usage: issue22-table.mjs <results.json>…');

/** the figure named `name` (a prefix) of `scenario` in each run */
const values = (scenario, name) =>
  runs.map((run) => {
    const fig = run.results.find((r) => r.scenario === scenario)?.figures.find((f) => f.name.startsWith(name));
    return fig?.value;
  });
const median = (xs) => {
  const s = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  if (s.length === 0) return undefined;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (x, digits) =>
  x === undefined ? '—' : x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const rows = [
  [
    'trigger→action p50, idle ≤ Node-RED',
    'automation',
    'trigger→action p50, idle',
    'Node-RED trigger→action p50, idle',
    '<=',
    2,
    'ms',
  ],
  [
    'trigger→action p99, 5,000 msg/s background ≤ Node-RED',
    'automation',
    'trigger→action p99, 5000 msg/s background',
    'Node-RED trigger→action p99, 5000 msg/s background',
    '<=',
    2,
    'ms',
  ],
  ['burst ≥ Node-RED', 'automation', 'burst: actions/s', 'Node-RED burst: actions/s', '>=', 0, 'actions/s'],
  ['RSS ≤ 150 MB, 1,000 devices after 60 s', 'memory', 'RSS, 1,000 devices', 150, '<=', 0, 'MB'],
  ['RSS idle ≤ 100 MB', 'memory', 'RSS idle', 100, '<=', 0, 'MB'],
  ['discovery storm ≤ 2 s, live', 'discovery', '(a)', 2, '<=', 2, 's'],
  ['discovery storm ≤ 2 s, already retained', 'discovery', '(b)', 2, '<=', 2, 's'],
  ['start → healthy, 10,000 entities ≤ 1.0 s', 'startup', 'spawn → healthy', 1, '<=', 2, 's'],
  ['ingest ≥ 40,000 msg/s, 100 devices', 'ingest', 'sustained msg/s, 100 devices', 40000, '>=', 0, 'msg/s'],
];

console.log(`| target | Switchyard (${runs.map((_, i) => `run ${i + 1}`).join(' / ')}) | median | against | met? |`);
console.log('| --- | --- | --- | --- | --- |');
for (const [label, scenario, name, against, op, digits, unit] of rows) {
  const ours = values(scenario, name);
  const m = median(ours);
  const theirs = typeof against === 'number' ? against : median(values('peer', against));
  const met = m !== undefined && theirs !== undefined && (op === '<=' ? m <= theirs : m >= theirs);
  const ratio = m !== undefined && theirs ? ` (${(m / theirs).toFixed(2)}×)` : '';
  const ref = typeof against === 'number' ? 'target' : 'Node-RED, same runs (median)';
  console.log(
    `| ${label} | ${ours.map((x) => fmt(x, digits)).join(' / ')} ${unit} | ${fmt(m, digits)} ${unit} | ${fmt(theirs, digits)} ${unit}, ${ref} | ${met ? 'met' : 'missed'}${met ? '' : ratio} |`,
  );
}

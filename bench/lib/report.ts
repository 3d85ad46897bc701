// The printed table, bench/results/latest.json and the SVG chart of the latency distributions.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { quantile, summarize } from './stats.js';
import type { Distribution, Figure, ScenarioResult } from './types.js';

const fmt = (v: number): string => {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toLocaleString('en-US');
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  return v.toFixed(2);
};

function row(f: Figure): string[] {
  const ratio = f.floorRatio !== undefined ? `${fmt(f.floorRatio)} × ${f.floorRef ?? 'floor'}` : '';
  const target = f.target ? `${f.met ? 'met' : 'MISSED'} (${f.target.text})` : '';
  return [f.name, `${fmt(f.value)} ${f.unit}`, ratio, target];
}

export function table(results: readonly ScenarioResult[]): string {
  const lines: string[][] = [['scenario / figure', 'value', 'ratio to the floor', 'target']];
  for (const r of results) {
    lines.push([`[${r.scenario}]`, '', '', '']);
    for (const f of r.figures) {
      const [name, ...rest] = row(f);
      lines.push([`  ${name}`, ...rest]);
    }
  }
  const widths = [0, 1, 2, 3].map((c) => Math.max(...lines.map((l) => (l[c] ?? '').length)));
  return lines
    .map((l) =>
      l
        .map((cell, c) => cell.padEnd(widths[c] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export interface Report {
  readonly started: string;
  readonly duration_s: number;
  /** where Switchyard stored (BENCH_STORAGE): `engine` is sqlite or postgres */
  readonly storage: { readonly engine: string } & Readonly<Record<string, string>>;
  readonly machine: { node: string; cpus: number; platform: string; broker: string };
  readonly results: readonly ScenarioResult[];
}

/** Writes latest.json (samples reduced to summaries) and latency.svg into `dir`. */
export function writeReport(dir: string, report: Report): { json: string; svg: string } {
  mkdirSync(dir, { recursive: true });
  const results = report.results.map((r) => ({
    ...r,
    distributions: r.distributions?.map((d) => ({ label: d.label, ...summarize(d.samples) })),
  }));
  const json = join(dir, 'latest.json');
  writeFileSync(json, `${JSON.stringify({ ...report, results }, null, 2)}\n`);
  const svg = join(dir, 'latency.svg');
  writeFileSync(
    svg,
    latencySvg(
      report.results.flatMap((r) => (r.distributions ?? []).map((d) => ({ ...d, label: `${r.scenario}: ${d.label}` }))),
    ),
  );
  return { json, svg };
}

const COLORS = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#ff7f0e',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#7f7f7f',
  '#bcbd22',
];
const esc = (s: string): string =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

/**
 * Latency by percentile, the way tail latency is usually drawn: the x axis spreads the tail out
 * (0, 50, 90, 99, 99.9 % are equally far apart in −log10(1 − q)), the y axis is latency on a log scale.
 * One line per distribution; the legend gives p50 and p99.
 */
export function latencySvg(distributions: readonly Distribution[]): string {
  const W = 760;
  const left = 64;
  const right = W - 20;
  const top = 20;
  const bottom = 320;
  const H = bottom + 44 + 18 * distributions.length;
  const all = distributions.flatMap((d) => d.samples).filter((v) => v > 0);
  const lo = 10 ** Math.floor(Math.log10(Math.max(0.001, Math.min(...all, 1))));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...all, 1)));
  const MAX_NINES = 3; // up to 99.9 %
  const tail = (q: number) => Math.min(MAX_NINES, -Math.log10(Math.max(1 - q, 10 ** -MAX_NINES)));
  const x = (q: number) => left + (tail(q) / MAX_NINES) * (right - left);
  const y = (ms: number) =>
    bottom - ((Math.log10(Math.max(ms, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * (bottom - top);
  const parts: string[] = [`<rect x="0" y="0" width="${W}" height="${H}" fill="white"/>`];
  for (let d = lo; d <= hi * 1.0001; d *= 10) {
    parts.push(`<line x1="${left}" y1="${y(d).toFixed(1)}" x2="${right}" y2="${y(d).toFixed(1)}" stroke="#ddd"/>`);
    parts.push(
      `<text x="${left - 6}" y="${(y(d) + 4).toFixed(1)}" font-size="11" text-anchor="end">${d >= 1 ? d.toFixed(0) : d.toString()} ms</text>`,
    );
  }
  for (const [q, label] of [
    [0, '0%'],
    [0.5, 'p50'],
    [0.9, 'p90'],
    [0.99, 'p99'],
    [0.999, 'p99.9'],
  ] as const) {
    parts.push(
      `<line x1="${x(q).toFixed(1)}" y1="${top}" x2="${x(q).toFixed(1)}" y2="${bottom}" stroke="${q === 0.5 || q === 0.99 ? '#aaa' : '#eee'}"${q === 0.5 || q === 0.99 ? ' stroke-dasharray="4 3"' : ''}/>`,
    );
    parts.push(`<text x="${x(q).toFixed(1)}" y="${bottom + 16}" font-size="11" text-anchor="middle">${label}</text>`);
  }
  distributions.forEach((d, i) => {
    const sorted = [...d.samples].sort((a, b) => a - b);
    const n = sorted.length;
    if (n === 0) return;
    const points: string[] = [];
    // evenly spaced along the (tail-stretched) x axis, so the tail gets as many points as the body
    for (let k = 0; k <= 300; k++) {
      const q = 1 - 10 ** (-(k / 300) * MAX_NINES);
      points.push(`${x(q).toFixed(1)},${y(quantile(sorted, q)).toFixed(1)}`);
    }
    const color = COLORS[i % COLORS.length] ?? '#000';
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="1.6" points="${points.join(' ')}"/>`);
    const s = summarize(sorted);
    const ly = bottom + 38 + i * 18;
    parts.push(
      `<line x1="${left}" y1="${ly - 4}" x2="${left + 24}" y2="${ly - 4}" stroke="${color}" stroke-width="3"/>`,
    );
    parts.push(
      `<text x="${left + 30}" y="${ly}" font-size="12">${esc(d.label)}: p50 ${fmt(s.p50)} ms, p99 ${fmt(s.p99)} ms (n = ${s.n.toLocaleString('en-US')})</text>`,
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">
<title>Switchyard latency by percentile (log scale)</title>
${parts.join('\n')}
</svg>
`;
}

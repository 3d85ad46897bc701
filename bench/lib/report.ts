// The printed table, bench/results/latest.json and the SVG chart of the latency distributions.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { summarize } from './stats.js';
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
  return lines.map((l) => l.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ').trimEnd()).join('\n');
}

export interface Report {
  readonly started: string;
  readonly duration_s: number;
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
  writeFileSync(svg, latencySvg(report.results.flatMap((r) => (r.distributions ?? []).map((d) => ({ ...d, label: `${r.scenario}: ${d.label}` })))));
  return { json, svg };
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];
const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

/**
 * Cumulative distributions on a log-scaled latency axis: one line per distribution, the share of
 * samples at or below each latency; p50 and p99 are marked by the horizontal guides.
 */
export function latencySvg(distributions: readonly Distribution[]): string {
  const W = 760;
  const legendH = 18 * distributions.length + 10;
  const H = 360 + legendH;
  const left = 60;
  const right = W - 20;
  const top = 20;
  const bottom = 320;
  const all = distributions.flatMap((d) => d.samples).filter((x) => x > 0);
  const lo = Math.pow(10, Math.floor(Math.log10(Math.max(0.001, Math.min(...all, 1)))));
  const hi = Math.pow(10, Math.ceil(Math.log10(Math.max(...all, 1))));
  const x = (ms: number) => left + ((Math.log10(Math.max(ms, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * (right - left);
  const y = (share: number) => bottom - share * (bottom - top);
  const parts: string[] = [];
  parts.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="white"/>`);
  for (let d = lo; d <= hi * 1.0001; d *= 10) {
    parts.push(`<line x1="${x(d).toFixed(1)}" y1="${top}" x2="${x(d).toFixed(1)}" y2="${bottom}" stroke="#ddd"/>`);
    parts.push(`<text x="${x(d).toFixed(1)}" y="${bottom + 16}" font-size="11" text-anchor="middle">${d >= 1 ? d.toFixed(0) : d.toString()} ms</text>`);
  }
  for (const share of [0, 0.5, 0.9, 0.99, 1]) {
    parts.push(`<line x1="${left}" y1="${y(share).toFixed(1)}" x2="${right}" y2="${y(share).toFixed(1)}" stroke="${share === 0.5 || share === 0.99 ? '#aaa' : '#eee'}" stroke-dasharray="${share === 0.5 || share === 0.99 ? '4 3' : ''}"/>`);
    parts.push(`<text x="${left - 6}" y="${(y(share) + 4).toFixed(1)}" font-size="11" text-anchor="end">${share === 0.99 ? 'p99' : share === 0.5 ? 'p50' : `${share * 100}%`}</text>`);
  }
  distributions.forEach((d, i) => {
    const sorted = [...d.samples].sort((a, b) => a - b);
    const n = sorted.length;
    if (n === 0) return;
    const step = Math.max(1, Math.floor(n / 400));
    const points: string[] = [];
    for (let k = 0; k < n; k += step) points.push(`${x(sorted[k] as number).toFixed(1)},${y((k + 1) / n).toFixed(1)}`);
    points.push(`${x(sorted[n - 1] as number).toFixed(1)},${y(1).toFixed(1)}`);
    const color = COLORS[i % COLORS.length] ?? '#000';
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="1.6" points="${points.join(' ')}"/>`);
    const s = summarize(sorted);
    const ly = bottom + 34 + i * 18;
    parts.push(`<line x1="${left}" y1="${ly - 4}" x2="${left + 24}" y2="${ly - 4}" stroke="${color}" stroke-width="3"/>`);
    parts.push(`<text x="${left + 30}" y="${ly}" font-size="12">${esc(d.label)}: p50 ${fmt(s.p50)} ms, p99 ${fmt(s.p99)} ms (n = ${s.n.toLocaleString('en-US')})</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">
<title>Switchyard latency distributions (cumulative, log scale)</title>
${parts.join('\n')}
</svg>
`;
}

// The history chart: numeric entities on one uPlot chart, each a line of its bucket means inside a band from its
// bucket minimum to maximum (GET /api/entities/{id}/history/buckets, computed by SQLite), so a week costs at most
// a few hundred points per entity whatever was recorded. Sized to its container and redrawn when that changes.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Buckets {
  entity_id: string;
  name: string;
  unit?: string | undefined;
  buckets: { start: string; min: number; mean: number; max: number }[];
}

const COLORS = ['#03a9f4', '#ff9800', '#4caf50', '#e91e63', '#9c27b0', '#795548', '#009688', '#3f51b5'];

/** `#rrggbb` at the given opacity. */
const alpha = (hex: string, a: number): string => {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${a})`;
};

/** Aligned columns for uPlot: time, then mean, min and max per entity. */
function columns(series: readonly Buckets[]): uPlot.AlignedData {
  const tables = series.map((s) => {
    const xs = s.buckets.map((b) => Date.parse(b.start) / 1000);
    return [xs, s.buckets.map((b) => b.mean), s.buckets.map((b) => b.min), s.buckets.map((b) => b.max)];
  }) as uPlot.AlignedData[];
  return tables.length === 1 ? (tables[0] as uPlot.AlignedData) : uPlot.join(tables);
}

function options(series: readonly Buckets[], width: number, dark: boolean): uPlot.Options {
  const text = dark ? '#e1e1e1' : '#212121';
  const grid = dark ? '#ffffff1a' : '#0000001a';
  const axis = { stroke: text, grid: { stroke: grid }, ticks: { stroke: grid } };
  const lines: uPlot.Series[] = [{}];
  const bands: uPlot.Band[] = [];
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length] ?? '#03a9f4';
    const label = `${s.name}${s.unit ? ` (${s.unit})` : ''}`;
    const base = 1 + i * 3;
    lines.push(
      { label, stroke: color, width: 2, spanGaps: false },
      { label: `${s.name} min`, stroke: alpha(color, 0.35), width: 0, points: { show: false } },
      { label: `${s.name} max`, stroke: alpha(color, 0.35), width: 0, points: { show: false } },
    );
    bands.push({ series: [base + 2, base + 1], fill: alpha(color, 0.18) });
  });
  return {
    width,
    height: 280,
    series: lines,
    bands,
    axes: [axis, axis],
    legend: { live: true },
    cursor: { drag: { x: true, y: false } },
  };
}

export function HistoryChart({ series }: { series: readonly Buckets[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || series.length === 0) return;
    const dark = matchMedia('(prefers-color-scheme: dark)').matches;
    const plot = new uPlot(options(series, el.clientWidth || 600, dark), columns(series), el);
    el.dataset['ready'] = 'true';
    el.dataset['points'] = String(series.reduce((n, s) => n + s.buckets.length, 0));
    const resize = new ResizeObserver(() => plot.setSize({ width: el.clientWidth || 600, height: 280 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
      el.dataset['ready'] = 'false';
    };
  }, [series]);
  const names = series.map((s) => s.name).join(', ');
  return <div ref={box} class="chart" data-testid="history-chart" role="img" aria-label={`Chart of ${names}`} />;
}

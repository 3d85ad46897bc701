// get_history: the recorded states of a few entities over a window, raw changes or numeric values in time
// buckets (min/mean/max), bounded by max_points, with a summary. Aggregates in the database when the
// reader can, else in JS.
import { z } from 'zod';
import { ValidationError } from '../core/errors.js';
import type { HistoryPoint } from '../core/ports.js';
import type { UseCaseDeps } from './deps.js';
import { needEntity } from './shared.js';

export const GetHistoryInput = z.object({
  entity_ids: z
    .array(z.string().min(1).max(255))
    .min(1)
    .max(10)
    .describe('1–10 entity ids whose recorded states you want.'),
  minutes: z
    .number()
    .positive()
    .max(60 * 24 * 366)
    .optional()
    .describe('Look back this many minutes from now (default 60). Do not combine with start.'),
  start: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('Window start, ISO 8601 (e.g. 2026-01-31T08:00:00Z). Use instead of minutes.'),
  end: z.iso.datetime({ offset: true }).optional().describe('Window end, ISO 8601; default now.'),
  mode: z
    .enum(['auto', 'raw', 'aggregate'])
    .default('auto')
    .describe(
      '"raw": every recorded change (newest max_points kept); "aggregate": numeric values in time buckets with ' +
        'min/mean/max; "auto" (default): raw when it fits in max_points, else aggregate.',
    ),
  max_points: z
    .number()
    .int()
    .min(2)
    .max(1000)
    .default(200)
    .describe('Upper bound on points (raw) or buckets (aggregate) per entity, 2–1000, default 200.'),
});

const RawPoint = z.object({ time: z.string(), state: z.string(), value: z.number().nullable() });
const Bucket = z.object({
  start: z.string(),
  count: z.number().int(),
  min: z.number(),
  mean: z.number(),
  max: z.number(),
});

export const GetHistoryOutput = z.object({
  start: z.string(),
  end: z.string(),
  series: z.array(
    z.object({
      entity_id: z.string(),
      unit: z.string().optional(),
      mode: z.enum(['raw', 'aggregate']),
      bucket_seconds: z.number().optional(),
      points: z.array(z.union([RawPoint, Bucket])),
      truncated: z.boolean(),
      summary: z.object({
        count: z.number().int(),
        changes: z.number().int(),
        min: z.number().nullable(),
        max: z.number().nullable(),
        mean: z.number().nullable(),
        last: z.string().nullable(),
      }),
    }),
  ),
});

const round = (n: number) => Math.round(n * 1000) / 1000;

/** Bucket length in ms: whole seconds, at least 1 s, so that the window fits in `maxBuckets`. */
export function bucketSize(start: Date, end: Date, maxBuckets: number): number {
  const span = Math.max(1, end.getTime() - start.getTime());
  return Math.max(1000, Math.ceil(span / maxBuckets / 1000) * 1000);
}

/** Buckets raw points in JS: the fallback when the history reader cannot aggregate itself. */
export function bucketize(points: readonly HistoryPoint[], start: Date, end: Date, maxBuckets: number) {
  const size = bucketSize(start, end, maxBuckets);
  const buckets = new Map<number, number[]>();
  for (const p of points) {
    if (p.value === null) continue;
    const idx = Math.floor((new Date(p.time).getTime() - start.getTime()) / size);
    const list = buckets.get(idx) ?? [];
    list.push(p.value);
    buckets.set(idx, list);
  }
  const out = [...buckets.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([idx, values]) => ({
      start: new Date(start.getTime() + idx * size).toISOString(),
      count: values.length,
      min: round(Math.min(...values)),
      mean: round(values.reduce((s, v) => s + v, 0) / values.length),
      max: round(Math.max(...values)),
    }));
  return { size, out };
}

type HistoryDeps = Pick<UseCaseDeps, 'registry' | 'states' | 'clock' | 'history'>;

/** Recorded states of a few entities over a window, raw or in buckets, always bounded by max_points. */
export async function getHistory(deps: HistoryDeps, args: z.infer<typeof GetHistoryInput>) {
  if (args.minutes !== undefined && args.start !== undefined) {
    throw new ValidationError('Give either minutes or start (with an optional end), not both.');
  }
  const entities = args.entity_ids.map((id) => needEntity(deps, id));
  const end = args.end ? new Date(args.end) : deps.clock.now();
  const start = args.start ? new Date(args.start) : new Date(end.getTime() - (args.minutes ?? 60) * 60_000);
  if (start >= end)
    throw new ValidationError(`start (${start.toISOString()}) must be before end (${end.toISOString()}).`);
  const series = [];
  const reader = deps.history;
  for (const entity of entities) {
    const unitAttr = deps.states.get(entity.entity_id)?.attributes.unit_of_measurement;
    // Aggregating in the database: the summary and the buckets come from SQL over the whole window
    // (one index range scan each), without reading every raw point into JS. Raw points are read only
    // when they are what is returned (raw mode, or auto with few enough of them).
    if (args.mode !== 'raw' && reader.aggregate && reader.summary) {
      const totals = await reader.summary(entity.entity_id, start, end);
      if ((args.mode === 'aggregate' || totals.count > args.max_points) && totals.min !== null) {
        const size = bucketSize(start, end, args.max_points);
        const buckets = await reader.aggregate(entity.entity_id, start, end, size / 1000);
        series.push({
          entity_id: entity.entity_id,
          ...(typeof unitAttr === 'string' ? { unit: unitAttr } : {}),
          summary: {
            count: totals.count,
            changes: totals.changes,
            min: totals.min === null ? null : round(totals.min),
            max: totals.max === null ? null : round(totals.max),
            mean: totals.mean === null ? null : round(totals.mean),
            last: totals.last,
          },
          mode: 'aggregate' as const,
          bucket_seconds: size / 1000,
          points: buckets.map((b) => ({
            start: b.start,
            count: b.count,
            min: round(b.min),
            mean: round(b.mean),
            max: round(b.max),
          })),
          truncated: false,
        });
        continue;
      }
    }
    const points = await reader.history(entity.entity_id, start, end, { attributes: false });
    const numeric = points.filter((p) => p.value !== null).map((p) => p.value as number);
    const unit = deps.states.get(entity.entity_id)?.attributes.unit_of_measurement;
    const summary = {
      count: points.length,
      changes: points.filter((p, i) => i === 0 || p.state !== points[i - 1]?.state).length,
      min: numeric.length > 0 ? round(Math.min(...numeric)) : null,
      max: numeric.length > 0 ? round(Math.max(...numeric)) : null,
      mean: numeric.length > 0 ? round(numeric.reduce((s, v) => s + v, 0) / numeric.length) : null,
      last: points.at(-1)?.state ?? null,
    };
    const wantAggregate = args.mode === 'aggregate' || (args.mode === 'auto' && points.length > args.max_points);
    const base = { entity_id: entity.entity_id, ...(typeof unit === 'string' ? { unit } : {}), summary };
    if (wantAggregate && numeric.length > 0) {
      const { size, out } = bucketize(points, start, end, args.max_points);
      series.push({ ...base, mode: 'aggregate' as const, bucket_seconds: size / 1000, points: out, truncated: false });
    } else {
      const kept = points.slice(-args.max_points).map((p) => ({ time: p.time, state: p.state, value: p.value }));
      series.push({ ...base, mode: 'raw' as const, points: kept, truncated: kept.length < points.length });
    }
  }
  return { start: start.toISOString(), end: end.toISOString(), series };
}

// One entity's recorded states over a window, every point (as JSON bytes when the reader can write them,
// which the HTTP answer sends as they are), or numeric states in time buckets computed by the database.
import { z } from 'zod';
import { UnavailableError, ValidationError } from '../core/errors.js';
import type { HistoryBucket, HistoryPoint } from '../core/ports.js';
import type { UseCaseDeps } from './deps.js';
import { needEntity } from './shared.js';

type HistoryDeps = Pick<UseCaseDeps, 'registry' | 'clock' | 'history'>;

/** the time window both take: the last `minutes` before `end`, or `start`…`end` (query-string values) */
const WindowFields = {
  minutes: z.coerce
    .number()
    .positive()
    .max(525_600)
    .optional()
    .describe('how far back from end (default 60); not with start'),
  start: z.iso.datetime({ offset: true }).optional(),
  end: z.iso.datetime({ offset: true }).optional().describe('default now'),
};
const oneWindow = (q: { minutes?: number | undefined; start?: string | undefined }) =>
  !(q.minutes !== undefined && q.start !== undefined);
const ONE_WINDOW = 'give minutes or start, not both';

export const EntityHistoryInput = z
  .object({
    ...WindowFields,
    attributes: z.enum(['true', 'false']).optional().describe('false: leave attributes out (null)'),
  })
  .refine(oneWindow, ONE_WINDOW);

export const EntityHistoryOutput = z.object({
  entity_id: z.string(),
  start: z.string(),
  end: z.string(),
  count: z.number().int(),
  points: z.array(
    z.object({
      state: z.string(),
      value: z.number().nullable().describe('the state as a number when it is one'),
      attributes: z.record(z.string(), z.unknown()).nullable(),
      time: z.string(),
    }),
  ),
});

const MAX_BUCKETS = 10_000;

export const HistoryBucketsInput = z
  .object({
    bucket_seconds: z.coerce
      .number()
      .int()
      .min(1)
      .max(31_536_000)
      .describe('bucket width in seconds, e.g. 300 for 5-minute buckets'),
    ...WindowFields,
  })
  .refine(oneWindow, ONE_WINDOW);

export const HistoryBucketsOutput = z.object({
  entity_id: z.string(),
  start: z.string(),
  end: z.string(),
  bucket_seconds: z.number().int(),
  count: z.number().int().describe('buckets returned; buckets without a numeric state are left out'),
  buckets: z.array(
    z.object({ start: z.string(), count: z.number().int(), min: z.number(), mean: z.number(), max: z.number() }),
  ),
});

type Window = { minutes?: number | undefined; start?: string | undefined; end?: string | undefined };

function historyWindow(deps: HistoryDeps, query: Window): { start: Date; end: Date } {
  const end = query.end ? new Date(query.end) : deps.clock.now();
  const start = query.start ? new Date(query.start) : new Date(end.getTime() - (query.minutes ?? 60) * 60_000);
  if (start > end) throw new ValidationError('query.start must be before query.end');
  return { start, end };
}

/** The envelope and either the points or, when the reader writes them itself, their JSON bytes. */
export type EntityHistory = { entity_id: string; start: string; end: string; count: number } & (
  | { points: HistoryPoint[] }
  | { json: Uint8Array }
);

/** The entity comes from the path (`entity_id`), the window from the query. */
export async function entityHistory(
  deps: HistoryDeps,
  query: z.infer<typeof EntityHistoryInput> & { entity_id: string },
): Promise<EntityHistory> {
  const entity = needEntity(deps, query.entity_id);
  const { start, end } = historyWindow(deps, query);
  const options = { attributes: query.attributes !== 'false' };
  const envelope = { entity_id: entity.entity_id, start: start.toISOString(), end: end.toISOString() };
  if (deps.history.historyJson) {
    // a day of points is megabytes of JSON: the reader writes their bytes
    const { count, json } = await deps.history.historyJson(entity.entity_id, start, end, options);
    return { ...envelope, count, json };
  }
  const points = await deps.history.history(entity.entity_id, start, end, options);
  return { ...envelope, count: points.length, points };
}

export async function historyBuckets(
  deps: HistoryDeps,
  query: z.infer<typeof HistoryBucketsInput> & { entity_id: string },
): Promise<z.infer<typeof HistoryBucketsOutput> & { buckets: HistoryBucket[] }> {
  const entity = needEntity(deps, query.entity_id);
  const { start, end } = historyWindow(deps, query);
  const seconds = (end.getTime() - start.getTime()) / 1000;
  const buckets = Math.ceil(seconds / query.bucket_seconds);
  if (buckets > MAX_BUCKETS) {
    throw new ValidationError(
      `query.bucket_seconds: ${query.bucket_seconds} s makes ${buckets} buckets over this window; ` +
        `at most ${MAX_BUCKETS} (use at least ${Math.ceil(seconds / MAX_BUCKETS)})`,
    );
  }
  if (!deps.history.aggregate) throw new UnavailableError('this history store cannot aggregate');
  const rows = await deps.history.aggregate(entity.entity_id, start, end, query.bucket_seconds);
  return {
    entity_id: entity.entity_id,
    start: start.toISOString(),
    end: end.toISOString(),
    bucket_seconds: query.bucket_seconds,
    count: rows.length,
    buckets: rows,
  };
}

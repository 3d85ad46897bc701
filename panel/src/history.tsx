// History: pick entities and a window; numeric ones share one chart of bucket means with min/max bands, the
// others (on/off, text) get a timeline of their states. The choice lives in the URL (#/history?ids=…&hours=…), so
// an entity's "History" link opens it and the browser's back button works.
import { useEffect, useState } from 'preact/hooks';
import { get, query } from './api.js';
import { type Buckets, HistoryChart } from './chart.js';
import { matches, searchWords } from './entities.js';
import { type LiveEntities, useLive } from './live.js';
import { type Segment, Timeline, segments } from './timeline.js';

const WINDOWS = [
  [1, '1 hour'],
  [6, '6 hours'],
  [24, '24 hours'],
  [72, '3 days'],
  [168, '1 week'],
] as const;

/** about this many buckets across the window, whatever its length */
const BUCKETS = 600;

interface Loaded {
  numeric: Buckets[];
  timelines: { entity_id: string; name: string; segments: Segment[] }[];
}

async function load(live: LiveEntities, ids: readonly string[], hours: number): Promise<Loaded> {
  const end = new Date();
  const start = new Date(end.getTime() - hours * 3_600_000);
  const window = { start: start.toISOString(), end: end.toISOString() };
  const bucketSeconds = Math.max(1, Math.ceil((hours * 3600) / BUCKETS));
  const out: Loaded = { numeric: [], timelines: [] };
  if (live.rows.size === 0) await live.reload(); // opened from a link: names and units come from the list
  const results = await Promise.all(
    ids.map(async (id) => {
      const row = live.rows.get(id);
      const name = row?.name ?? id;
      const path = `/api/entities/${encodeURIComponent(id)}/history`;
      const b = await get<Buckets>(`${path}/buckets${query({ ...window, bucket_seconds: bucketSeconds })}`);
      if (b.buckets.length > 0) return { kind: 'numeric' as const, value: { ...b, name, unit: row?.unit } };
      const h = await get<{ points: { state: string; time: string }[] }>(
        `${path}${query({ ...window, attributes: 'false' })}`,
      );
      return { kind: 'timeline' as const, value: { entity_id: id, name, segments: segments(h.points, start, end) } };
    }),
  );
  for (const r of results) {
    if (r.kind === 'numeric') out.numeric.push(r.value);
    else out.timelines.push(r.value);
  }
  return out;
}

export function HistoryView({ live, ids, hours }: { live: LiveEntities; ids: string[]; hours: number }) {
  useLive(live);
  const [data, setData] = useState<Loaded | undefined>(undefined);
  const [error, setError] = useState('');
  const [search, setSearch] = useState('');
  const key = ids.join(',');
  useEffect(() => {
    setError('');
    if (ids.length === 0) {
      setData({ numeric: [], timelines: [] });
      return;
    }
    let current = true;
    setData(undefined);
    load(live, ids, hours)
      .then((d) => current && setData(d))
      .catch((err: unknown) => current && setError(err instanceof Error ? err.message : String(err)));
    return () => {
      current = false;
    };
  }, [key, hours]);
  const go = (next: string[], h = hours) => {
    location.hash = `#/history${query({ ids: next.join(','), hours: h })}`;
  };
  const words = searchWords(search);
  const candidates =
    words.length === 0
      ? []
      : [...live.rows.values()].filter((r) => !ids.includes(r.entity_id) && matches(r, words)).slice(0, 8);
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      <div class="toolbar">
        <label class="search">
          <span>Add an entity</span>
          <input type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>Window</span>
          <select value={hours} onChange={(e) => go(ids, Number(e.currentTarget.value))}>
            {WINDOWS.map(([h, label]) => (
              <option key={h} value={h}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {candidates.length > 0 && (
        <ul class="chips" aria-label="Matching entities">
          {candidates.map((r) => (
            <li key={r.entity_id}>
              <button
                type="button"
                onClick={() => {
                  setSearch('');
                  go([...ids, r.entity_id]);
                }}
              >
                + {r.name ?? r.entity_id}
              </button>
            </li>
          ))}
        </ul>
      )}
      <ul class="chips" aria-label="Shown entities">
        {ids.map((id) => (
          <li key={id}>
            <button
              type="button"
              class="chip"
              onClick={() => go(ids.filter((x) => x !== id))}
              aria-label={`Remove ${id}`}
            >
              {live.rows.get(id)?.name ?? id} ×
            </button>
          </li>
        ))}
      </ul>
      {ids.length === 0 && <p class="sub">Add entities to see their history.</p>}
      {error && <p class="error">{error}</p>}
      {!data && !error && ids.length > 0 && <p class="sub">Loading…</p>}
      {data && data.numeric.length > 0 && <HistoryChart series={data.numeric} />}
      {data?.timelines.map((t) => (
        <Timeline key={t.entity_id} name={t.name} entityId={t.entity_id} segments={t.segments} />
      ))}
    </section>
  );
}

// Alerts (active ones first, with an Acknowledge button) and the discovery diagnostics: every config or message
// discovery did not act on, searchable, with the count per code.
import { useEffect, useState } from 'preact/hooks';
import { get, post, query } from './api.js';

interface Alert {
  id: number;
  time: string;
  severity: string;
  type: string;
  message: string;
  device_id: string | null;
  entity_id: string | null;
  acknowledged_at: string | null;
  repeats: number;
}

interface Diagnostics {
  count: number;
  total: number;
  counts: { seen: Record<string, number> };
  diagnostics: { topic: string; reason: string; time: string; entity_id?: string; kind: string; code: string }[];
}

const when = (iso: string) => new Date(iso).toLocaleString();

export function AlertsView() {
  const [alerts, setAlerts] = useState<Alert[] | undefined>(undefined);
  const [all, setAll] = useState(false);
  const [error, setError] = useState('');
  const reload = () =>
    get<{ alerts: Alert[] }>(`/api/alerts${query({ active: all ? undefined : 'true', limit: 200 })}`)
      .then((d) => setAlerts(d.alerts))
      .catch((err: unknown) => setError(String(err)));
  useEffect(() => {
    void reload();
  }, [all]);
  const acknowledge = (id: number) =>
    post(`/api/alerts/${id}/acknowledge`)
      .then(reload)
      .catch((err: unknown) => setError(String(err)));
  return (
    <section aria-labelledby="alerts-title">
      <h2 id="alerts-title">Alerts</h2>
      <label class="check">
        <input type="checkbox" checked={all} onChange={(e) => setAll(e.currentTarget.checked)} /> Show acknowledged
      </label>
      {error && <p class="error">{error}</p>}
      {alerts?.length === 0 && <p class="sub">No alerts.</p>}
      <ul class="list">
        {alerts?.map((a) => (
          <li key={a.id} class="entity" data-testid={`alert-${a.id}`}>
            <div class="line">
              <span class="name">
                <span>
                  <span class={`badge ${a.severity === 'info' ? '' : 'bad'}`}>{a.severity}</span> {a.message}
                </span>
                <span class="sub">
                  {a.type} · {when(a.time)}
                  {a.repeats > 0 ? ` · repeated ${a.repeats}×` : ''}
                  {a.device_id ? ` · ${a.device_id}` : ''}
                </span>
              </span>
              {a.acknowledged_at === null ? (
                <button type="button" onClick={() => acknowledge(a.id)}>
                  Acknowledge
                </button>
              ) : (
                <span class="sub">acknowledged {when(a.acknowledged_at)}</span>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function DiagnosticsView() {
  const [data, setData] = useState<Diagnostics | undefined>(undefined);
  const [search, setSearch] = useState('');
  const [error, setError] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => {
      get<Diagnostics>(`/api/discovery/diagnostics${query({ q: search.trim() || undefined, limit: 500 })}`)
        .then(setData)
        .catch((err: unknown) => setError(String(err)));
    }, 150);
    return () => clearTimeout(timer);
  }, [search]);
  return (
    <section aria-labelledby="diagnostics-title">
      <h2 id="diagnostics-title">Discovery diagnostics</h2>
      <label class="search">
        <span>Search topic, reason or entity</span>
        <input type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
      </label>
      {error && <p class="error">{error}</p>}
      {data && (
        <p class="sub">
          {data.count} of {data.total} ·{' '}
          {Object.entries(data.counts.seen)
            .map(([code, n]) => `${code} ${n}`)
            .join(' · ') || 'nothing seen'}
        </p>
      )}
      <ul class="list">
        {data?.diagnostics.map((d, i) => (
          <li key={`${d.topic}-${i}`} class="entity">
            <div class="line">
              <span class="name">
                <span>
                  <span class="badge">{d.code}</span> <code>{d.topic}</code>
                </span>
                <span class="sub">
                  {d.reason} · {when(d.time)}
                  {d.entity_id ? ` · ${d.entity_id}` : ''}
                </span>
              </span>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

// Devices: the list with search and availability (the owner's presence where it knows it, else its entities'), and
// a device's page with its record, live details, entities (live, with controls), triggers and active alerts.
import { useEffect, useState } from 'preact/hooks';
import { get, query } from './api.js';
import { EntityItem, searchWords } from './entities.js';
import { type LiveEntities, useLive } from './live.js';

interface DeviceRecord {
  id: string;
  name: string | null;
  manufacturer: string | null;
  model: string | null;
  area: string | null;
  source: string;
  entity_count: number;
  sw_version?: string | null;
}

/** GET /api/devices/{id}: the record, the owner's live details (ESP32: online, last_seen), entities, triggers */
interface DevicePage extends Record<string, unknown> {
  online?: boolean;
  last_seen?: string | null;
  entities: { entity_id: string }[];
  triggers: { type: string; subtype: string; discovery_id: string }[];
}

interface Diagnostic {
  topic: string;
  reason: string;
  time: string;
  code: string;
  entity_id?: string;
}

interface ActiveAlert {
  id: number;
  message: string;
  severity: string;
}

type Availability = 'online' | 'offline' | 'unknown';

/** Online when any entity is available, offline when all are unavailable, unknown without entities. */
function availability(live: LiveEntities, deviceId: string): Availability {
  let any = false;
  for (const row of live.rows.values()) {
    if (row.device_id !== deviceId) continue;
    if (row.available) return 'online';
    any = true;
  }
  return any ? 'offline' : 'unknown';
}

export function Badge({ value }: { value: Availability }) {
  return <span class={`badge ${value === 'online' ? 'ok' : value === 'offline' ? 'bad' : ''}`}>{value}</span>;
}

export function DevicesView({ live }: { live: LiveEntities }) {
  useLive(live);
  const [devices, setDevices] = useState<DeviceRecord[] | undefined>(undefined);
  const [error, setError] = useState('');
  const [search, setSearch] = useState('');
  useEffect(() => {
    get<{ devices: DeviceRecord[] }>('/api/devices')
      .then((d) => setDevices(d.devices))
      .catch((err: unknown) => setError(String(err)));
  }, []);
  const words = searchWords(search);
  const found = (devices ?? [])
    .filter((d) => {
      const text = [d.name, d.id, d.area, d.manufacturer, d.model].join(' ').toLowerCase();
      return words.every((w) => text.includes(w));
    })
    .sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id));
  return (
    <section aria-labelledby="devices-title">
      <h2 id="devices-title">Devices</h2>
      <label class="search">
        <span>Search devices</span>
        <input type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
      </label>
      {error && <p class="error">{error}</p>}
      {devices === undefined && !error && <p class="sub">Loading…</p>}
      <ul class="list">
        {found.map((d) => (
          <li key={d.id} class="entity" data-testid={`device-${d.id}`}>
            <div class="line">
              <a class="name" href={`#/device/${encodeURIComponent(d.id)}`}>
                <span>{d.name ?? d.id}</span>
                <span class="sub">
                  {[d.manufacturer, d.model].filter(Boolean).join(' ')}
                  {d.area ? ` · ${d.area}` : ''} · {d.entity_count} entities
                </span>
              </a>
              <Badge value={availability(live, d.id)} />
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function DeviceView({ id, live }: { id: string; live: LiveEntities }) {
  useLive(live);
  const [page, setPage] = useState<DevicePage | undefined>(undefined);
  const [alerts, setAlerts] = useState<ActiveAlert[]>([]);
  const [diagnostics, setDiagnostics] = useState<Diagnostic[]>([]);
  const [error, setError] = useState('');
  useEffect(() => {
    get<DevicePage>(`/api/devices/${encodeURIComponent(id)}`)
      .then((p) => {
        setPage(p);
        // discovery's problems with this device's entities
        const ids = new Set(p.entities.map((e) => e.entity_id));
        return get<{ diagnostics: Diagnostic[] }>('/api/discovery/diagnostics?limit=10000').then((d) =>
          setDiagnostics(d.diagnostics.filter((x) => x.entity_id !== undefined && ids.has(x.entity_id))),
        );
      })
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
    get<{ alerts: ActiveAlert[] }>(`/api/alerts${query({ active: 'true', device_id: id })}`)
      .then((a) => setAlerts(a.alerts))
      .catch(() => undefined);
  }, [id]);
  if (error) return <p class="error">{error}</p>;
  if (!page) return <p class="sub">Loading…</p>;
  const d = page;
  const state: Availability =
    typeof page.online === 'boolean' ? (page.online ? 'online' : 'offline') : availability(live, id);
  const facts = ['manufacturer', 'model', 'sw_version', 'hw_version', 'area', 'source']
    .filter((k) => d[k] !== null && d[k] !== undefined)
    .map((k) => [k, String(d[k])] as const);
  return (
    <section aria-labelledby="device-title">
      <p>
        <a href="#/devices">← Devices</a>
      </p>
      <h2 id="device-title">
        {String(d['name'] ?? id)} <Badge value={state} />
      </h2>
      <dl class="attributes">
        {facts.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
        {page.last_seen && (
          <div>
            <dt>last seen</dt>
            <dd>{new Date(page.last_seen).toLocaleString()}</dd>
          </div>
        )}
      </dl>
      {alerts.length > 0 && (
        <ul class="alerts">
          {alerts.map((a) => (
            <li key={a.id} class={`badge ${a.severity === 'info' ? '' : 'bad'}`}>
              {a.message}
            </li>
          ))}
        </ul>
      )}
      <h3>Entities</h3>
      <ul class="list">
        {page.entities.map((e) => {
          const row = live.rows.get(e.entity_id);
          return row ? <EntityItem key={e.entity_id} row={row} live={live} /> : null;
        })}
      </ul>
      {diagnostics.length > 0 && (
        <>
          <h3>Diagnostics</h3>
          <ul class="plain">
            {diagnostics.map((x, i) => (
              <li key={`${x.topic}-${i}`}>
                <span class="badge">{x.code}</span> {x.entity_id}: {x.reason}{' '}
                <span class="sub">{new Date(x.time).toLocaleString()}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {page.triggers.length > 0 && (
        <>
          <h3>Triggers</h3>
          <ul class="plain">
            {page.triggers.map((t) => (
              <li key={t.discovery_id}>
                {t.type} · {t.subtype}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

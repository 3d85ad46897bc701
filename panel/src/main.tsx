// The panel's entry: the header (status from GET /api/panel/overview, the live channel's state), the navigation,
// and the view the URL's hash names (#/entities, #/devices, #/device/<id>, #/history?…, #/automations, #/edit/<file>,
// #/traces/<automation>, #/trace/<automation>/<run>, #/mqtt, #/alerts, #/diagnostics, #/logs).
// Hash routes keep every URL under the ingress prefix the page was served on.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { AlertsView, DiagnosticsView } from './alerts.js';
import { AutomationEditor, AutomationsView } from './automations.js';
import { get, USER } from './api.js';
import { DevicesView, DeviceView } from './devices.js';
import { EntitiesView } from './entities.js';
import { HistoryView } from './history.js';
import { LiveEntities, useLive } from './live.js';
import { LogsView } from './logs.js';
import { MqttView } from './mqtt.js';
import { followTheme } from './theme.js';
import { TraceView, TracesView } from './trace.js';
import './style.css';

interface Overview {
  status: { status: string; version: string; mqtt: { connected: boolean; broker: string } };
  diagnostics?: { automations?: number; discovery?: number; alerts?: number };
  broker?: { port: number; username: string | null; password: string | null } | undefined;
}

const TABS = [
  ['entities', 'Entities'],
  ['devices', 'Devices'],
  ['history', 'History'],
  ['automations', 'Automations'],
  ['mqtt', 'MQTT'],
  ['alerts', 'Alerts'],
  ['diagnostics', 'Diagnostics'],
  ['logs', 'Log'],
] as const;

function useHash(): string {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const on = () => setHash(location.hash);
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return hash;
}

function View({ hash, live }: { hash: string; live: LiveEntities }) {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?');
  const params = new URLSearchParams(search);
  const [tab = 'entities', ...rest] = path.split('/');
  if (tab === 'device' && rest[0]) return <DeviceView id={decodeURIComponent(rest.join('/'))} live={live} />;
  if (tab === 'devices') return <DevicesView live={live} />;
  if (tab === 'history') {
    const ids = (params.get('ids') ?? '').split(',').filter(Boolean);
    return <HistoryView live={live} ids={ids} hours={Number(params.get('hours') ?? 24) || 24} />;
  }
  const arg = (i: number) => decodeURIComponent(rest[i] ?? '');
  if (tab === 'automations') return <AutomationsView />;
  if (tab === 'edit') return <AutomationEditor key={arg(0)} name={arg(0)} />;
  if (tab === 'traces' && rest[0]) return <TracesView id={arg(0)} />;
  if (tab === 'trace' && rest[1]) return <TraceView id={arg(0)} run={arg(1)} />;
  if (tab === 'mqtt') return <MqttView />;
  if (tab === 'logs') return <LogsView />;
  if (tab === 'alerts') return <AlertsView />;
  if (tab === 'diagnostics') return <DiagnosticsView />;
  return <EntitiesView live={live} />;
}

function App({ live }: { live: LiveEntities }) {
  useLive(live);
  const hash = useHash();
  const [overview, setOverview] = useState<Overview | undefined>(undefined);
  useEffect(() => {
    get<Overview>('/api/panel/overview')
      .then(setOverview)
      .catch(() => undefined);
  }, []);
  const current = hash.replace(/^#\/?/, '').split(/[/?]/)[0] || 'entities';
  const s = overview?.status;
  const alerts = overview?.diagnostics?.alerts ?? 0;
  return (
    <>
      <header class="topbar">
        <h1>Switchyard</h1>
        {s && <span class={`badge ${s.status === 'ok' ? 'ok' : 'bad'}`}>{s.status}</span>}
        <span class="sub live" data-testid="live-status" data-status={live.status}>
          {live.status === 'live' ? '● live' : live.status}
        </span>
        {USER && <span class="sub user">{USER}</span>}
      </header>
      <nav class="tabs" aria-label="Views">
        {TABS.map(([id, label]) => (
          <a
            key={id}
            href={`#/${id}`}
            aria-current={
              current === id ||
              (id === 'devices' && current === 'device') ||
              (id === 'automations' && ['edit', 'traces', 'trace'].includes(current))
                ? 'page'
                : undefined
            }
          >
            {label}
            {id === 'alerts' && alerts > 0 ? ` (${alerts})` : ''}
          </a>
        ))}
      </nav>
      <main>
        {s && (
          <p class="sub status-line">
            version {s.version} · MQTT {s.mqtt.connected ? 'connected' : 'disconnected'} ({s.mqtt.broker})
            {overview?.broker &&
              ` · embedded broker on port ${overview.broker.port}${overview.broker.username ? `, user ${overview.broker.username}` : ''}${overview.broker.password ? `, password ${overview.broker.password}` : ''}`}
          </p>
        )}
        <View hash={hash} live={live} />
      </main>
    </>
  );
}

// Home Assistant's theme when the panel is inside its frontend (ingress), else prefers-color-scheme
followTheme();
const root = document.getElementById('app');
if (root) {
  const live = new LiveEntities();
  live.start();
  root.textContent = '';
  render(<App live={live} />, root);
}

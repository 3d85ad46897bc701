// GET / — the ingress panel: one server-rendered HTML page (no scripts, inline CSS) with status, devices,
// entities and automations. Every value is escaped. Links are built on X-Ingress-Path, the prefix under which
// Home Assistant's ingress proxy serves the add-on (/api/hassio_ingress/<token>), so they work inside the panel.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PanelBrokerLogin, PanelData } from '../../../usecases/panel-overview.js';
import { routeDoc } from '../route-doc.js';

export type {
  PanelAutomation,
  PanelBrokerLogin,
  PanelData,
  PanelDevice,
  PanelEntity,
} from '../../../usecases/panel-overview.js';

/** At most this many entity rows are rendered; the rest are counted and linked to the API. */
export const PANEL_ENTITY_LIMIT = 500;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** HTML-escapes any value for text and quoted attributes. */
export function escapeHtml(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c] ?? c);
}

/** The ingress prefix from X-Ingress-Path when it looks like one, else '' (served directly at /). */
export function ingressBase(request: Pick<FastifyRequest, 'headers'>): string {
  const raw = request.headers['x-ingress-path'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (typeof value !== 'string') return '';
  const trimmed = value.replace(/\/+$/, '');
  return /^\/[A-Za-z0-9._~\-/]*$/.test(trimmed) && !trimmed.includes('//') && !trimmed.includes('/../') ? trimmed : '';
}

export function registerPanelRoutes(app: FastifyInstance, data: () => PanelData): void {
  app.get(
    '/',
    routeDoc({
      summary: 'The ingress panel (HTML): status, devices, entities, automations',
      tags: ['panel'],
      produces: 'text/html',
    }),
    async (request, reply) => {
      const user = request.headers['x-remote-user-display-name'] ?? request.headers['x-remote-user-name'];
      const html = renderPanel(data(), {
        base: ingressBase(request),
        user: typeof user === 'string' ? user : undefined,
      });
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .header(
          'content-security-policy',
          "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'",
        )
        .send(html);
    },
  );
}

const e = escapeHtml;

function onlineBadge(online: boolean | null | undefined): string {
  if (online === true) return '<span class="badge ok">online</span>';
  if (online === false) return '<span class="badge bad">offline</span>';
  return '<span class="badge">unknown</span>';
}

function outcomeBadge(outcome: string | null): string {
  if (outcome === null) return '<span class="badge">never ran</span>';
  const cls = /^(finished|ok|success|completed)$/i.test(outcome)
    ? 'ok'
    : /error|fail|abort|timeout/i.test(outcome)
      ? 'bad'
      : '';
  return `<span class="badge ${cls}">${e(outcome)}</span>`;
}

/** The whole page; `base` is the ingress prefix used for every link. */
export function renderPanel(d: PanelData, opts: { base: string; user?: string | undefined }): string {
  const base = e(opts.base);
  const link = (path: string, text: string) => `<a href="${base}${e(path)}">${e(text)}</a>`;
  const s = d.status;
  const diag = d.diagnostics ?? {};
  const online = d.devices.filter((x) => x.online === true).length;
  const offline = d.devices.filter((x) => x.online === false).length;
  const shown = d.entities.slice(0, PANEL_ENTITY_LIMIT);

  const devices = d.devices
    .map(
      (x) =>
        `<tr><td>${e(x.name)}<div class="sub">${e(x.id)}</div></td><td>${e(x.area ?? '')}</td><td>${e([x.manufacturer, x.model].filter(Boolean).join(' '))}</td>` +
        `<td class="num">${e(x.entity_count ?? '')}</td><td>${onlineBadge(x.online)}</td><td>${link(`/api/devices/${encodeURIComponent(x.id)}`, 'JSON')}</td></tr>`,
    )
    .join('\n');
  const entities = shown
    .map(
      (x) =>
        `<tr${x.available === false ? ' class="unavailable"' : ''}><td>${e(x.name ?? '')}<div class="sub">${e(x.entity_id)}</div></td>` +
        `<td>${x.available === false ? '<span class="badge bad">unavailable</span>' : `${e(x.state ?? '')}${x.unit ? ` ${e(x.unit)}` : ''}`}</td>` +
        `<td>${e(x.last_changed ?? '')}</td><td>${link(`/api/entities/${encodeURIComponent(x.entity_id)}`, 'JSON')}</td></tr>`,
    )
    .join('\n');
  const automations = d.automations
    .map(
      (x) =>
        `<tr><td>${e(x.alias)}<div class="sub">${e(x.id)}</div></td><td>${x.enabled ? 'on' : '<span class="badge">off</span>'}</td>` +
        `<td>${e(x.last_triggered ?? '')}</td><td>${outcomeBadge(x.last_outcome)}</td>` +
        `<td class="num">${x.error_count > 0 ? `<span class="badge bad">${e(x.error_count)}</span>` : '0'}</td>` +
        `<td>${link(`/api/automations/${encodeURIComponent(x.id)}/traces`, 'traces')}</td></tr>`,
    )
    .join('\n');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="30">
<title>Switchyard</title>
<style>
:root{color-scheme:light dark;--ok:#2e7d32;--bad:#c62828;--line:#8884}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;padding:16px 20px;max-width:1200px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:24px 0 8px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:600}.num{text-align:right}.sub{font-size:12px;opacity:.65}.unavailable{opacity:.6}
.badge{display:inline-block;padding:0 7px;border-radius:9px;border:1px solid var(--line);font-size:12px}
.badge.ok{color:var(--ok);border-color:var(--ok)}.badge.bad{color:var(--bad);border-color:var(--bad)}
.cards{display:flex;flex-wrap:wrap;gap:10px}.card{border:1px solid var(--line);border-radius:8px;padding:8px 12px;min-width:140px}
.card b{display:block;font-size:18px}nav a{margin-right:12px}
</style>
</head>
<body>
<header>
<h1>Switchyard <span class="badge ${s.status === 'ok' ? 'ok' : 'bad'}" id="status">${e(s.status)}</span></h1>
<div class="sub">version ${e(s.version)} · up ${e(formatUptime(s.uptime_s))}${opts.user ? ` · signed in as ${e(opts.user)}` : ''}</div>
<nav>${link('/api/docs', 'API')} ${link('/api/health', 'health')} ${link('/api/alerts?active=true', 'alerts')} ${link('/api/discovery/diagnostics', 'discovery diagnostics')} ${link('/api/automations/diagnostics', 'automation diagnostics')}</nav>
</header>
<section class="cards">
<div class="card">MQTT<b>${s.mqtt.connected ? 'connected' : 'disconnected'}</b><span class="sub">${e(s.mqtt.broker)}</span></div>
${d.broker ? brokerCard(d.broker) : ''}
<div class="card">Database<b>${s.database.ok ? 'ok' : 'failing'}</b></div>
<div class="card">Devices<b>${d.devices.length}</b><span class="sub">${online} online · ${offline} offline</span></div>
<div class="card">Entities<b>${d.entities.length}</b></div>
<div class="card">Automations<b>${d.automations.length}</b><span class="sub">${diag.automations ?? 0} load problems</span></div>
<div class="card">Discovery problems<b>${diag.discovery ?? 0}</b></div>
<div class="card">Active alerts<b>${diag.alerts ?? 0}</b></div>
</section>
<h2 id="automations">Automations</h2>
${d.automations.length === 0 ? '<p class="sub">No automations loaded. Put YAML files in /config/automations.</p>' : `<table><thead><tr><th>automation</th><th>enabled</th><th>last triggered</th><th>last outcome</th><th class="num">problems</th><th></th></tr></thead><tbody>\n${automations}\n</tbody></table>`}
<h2 id="devices">Devices</h2>
${d.devices.length === 0 ? '<p class="sub">No devices yet.</p>' : `<table><thead><tr><th>device</th><th>area</th><th>model</th><th class="num">entities</th><th>state</th><th></th></tr></thead><tbody>\n${devices}\n</tbody></table>`}
<h2 id="entities">Entities</h2>
${d.entities.length === 0 ? '<p class="sub">No entities yet.</p>' : `<table><thead><tr><th>entity</th><th>state</th><th>last changed</th><th></th></tr></thead><tbody>\n${entities}\n</tbody></table>`}
${d.entities.length > shown.length ? `<p class="sub">${d.entities.length - shown.length} more: ${link('/api/entities', 'all entities')}</p>` : ''}
</body>
</html>
`;
}

function brokerCard(b: PanelBrokerLogin): string {
  const who =
    b.username === null
      ? 'no login from other hosts: set broker_username and broker_password'
      : `user <code>${e(b.username)}</code>`;
  const pass =
    b.password !== null
      ? ` · password <code id="broker-password">${e(b.password)}</code>`
      : b.username !== null
        ? ' · password as set in the options'
        : '';
  const anon = b.anonymous === 'loopback' ? ' · anonymous from this host only' : '';
  return `<div class="card" id="broker">Embedded broker<b>port ${e(b.port)}</b><span class="sub">${who}${pass}${anon}</span></div>`;
}

function formatUptime(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3_600);
  const m = Math.floor((s % 3_600) / 60);
  return d > 0 ? `${d}d ${h}h` : h > 0 ? `${h}h ${m}m` : `${m}m ${s % 60}s`;
}

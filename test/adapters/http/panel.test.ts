// The ingress panel: GET / is the single-page app's shell with its bundles under X-Ingress-Path, GET /panel/<file>
// serves them with their types and a year's cache, GET /api/panel/overview its status; ingress needs no token.
import Fastify from 'fastify';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildHttpApp, type PanelData } from '../../../src/adapters/http/http-server.js';
import type { HealthReport } from '../../../src/adapters/http/routes/health.js';
import { escapeHtml, ingressBase, registerPanelRoutes } from '../../../src/adapters/http/routes/panel.js';
import { panelOverview as buildPanelData } from '../../../src/usecases/panel-overview.js';
import { systemClock } from '../../../src/core/clock.js';
import { createEventBus } from '../../../src/core/event-bus.js';
import type { CoreEvents } from '../../../src/core/events.js';
import { createRegistry } from '../../../src/core/registry.js';
import { createStateStore } from '../../../src/core/state-store.js';
import { silentLogger } from '../../../src/core/logger.js';
import { tempDir } from '../../helpers/net.js';

const INGRESS = { remoteAddress: '172.30.32.2', headers: { 'x-ingress-path': '/api/hassio_ingress/abc' } };
const healthy: HealthReport = {
  status: 'ok',
  version: '1.2.3',
  uptime_s: 3_725,
  mqtt: { connected: true, broker: 'mqtt://core-mosquitto:1883' },
  database: { ok: true },
};
const EVIL = '<script>alert("x")</script>&\'`';

function data(over: Partial<PanelData> = {}): PanelData {
  return {
    status: healthy,
    devices: [
      {
        id: 'esp32-kitchen',
        name: 'Kitchen node',
        area: 'Kitchen',
        manufacturer: 'Switchyard',
        model: 'ESP32',
        online: true,
        entity_count: 3,
      },
      { id: 'z2m_0x1234', name: `Evil ${EVIL}`, area: null, online: false },
      { id: 'plain', name: 'Plain', online: null },
    ],
    entities: [
      {
        entity_id: 'sensor.kitchen_temperature',
        name: 'Kitchen temperature',
        state: '21.5',
        unit: '°C',
        available: true,
        last_changed: '2026-11-21T10:00:00.000Z',
      },
      { entity_id: 'light.evil', name: EVIL, state: EVIL, available: true },
      { entity_id: 'switch.gone', name: 'Gone', state: 'on', available: false },
    ],
    automations: [
      {
        id: 'morning_lights',
        alias: 'Morning lights',
        enabled: true,
        last_triggered: '2026-11-21T06:30:00.000Z',
        last_outcome: 'finished',
        error_count: 0,
      },
      {
        id: 'broken',
        alias: `Broken ${EVIL}`,
        enabled: false,
        last_triggered: null,
        last_outcome: 'error',
        error_count: 2,
      },
    ],
    diagnostics: { automations: 1, discovery: 4, alerts: 2 },
    ...over,
  };
}

function app(apiToken?: string, panel: () => PanelData = () => data()) {
  return buildHttpApp({
    log: silentLogger,
    host: '127.0.0.1',
    port: 0,
    apiToken,
    health: () => healthy,
    panel,
    underSupervisor: true,
  });
}

const dirs: { remove(): void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove();
});

/** A built panel folder as scripts/build-panel.mjs writes it. */
function builtPanel(): string {
  const dir = tempDir('switchyard-panel-');
  dirs.push(dir);
  const out = join(dir.path, 'panel');
  mkdirSync(out);
  writeFileSync(join(out, 'manifest.json'), JSON.stringify({ js: 'app-ABC123.js', css: 'app-DEF456.css' }));
  writeFileSync(join(out, 'app-ABC123.js'), 'console.log("panel")');
  writeFileSync(join(out, 'app-DEF456.css'), 'body{margin:0}');
  return out;
}

function panelOnly(dir: string | undefined) {
  const a = Fastify();
  registerPanelRoutes(a, () => data(), { dir });
  return a;
}

describe('ingress panel', () => {
  it('serves the app shell with its bundles under X-Ingress-Path, not cached, with a strict CSP', async () => {
    const res = await panelOnly(builtPanel()).inject({ url: '/', headers: INGRESS.headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'self'/);
    expect(res.body).toMatch(/^<!doctype html>/);
    expect(res.body).toContain('<script type="module" src="/api/hassio_ingress/abc/panel/app-ABC123.js"></script>');
    expect(res.body).toContain('<link rel="stylesheet" href="/api/hassio_ingress/abc/panel/app-DEF456.css">');
    expect(res.body).toContain('data-base="/api/hassio_ingress/abc"');
    const direct = (await panelOnly(builtPanel()).inject({ url: '/' })).body;
    expect(direct).toContain('src="/panel/app-ABC123.js"');
    expect(direct).toContain('data-base=""');
  });

  it('serves the bundles with their content types and a year of caching; anything else is 404', async () => {
    const a = panelOnly(builtPanel());
    const js = await a.inject({ url: '/panel/app-ABC123.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.body).toBe('console.log("panel")');
    const css = await a.inject({ url: '/panel/app-DEF456.css' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await a.inject({ url: '/panel/manifest.json' })).statusCode).toBe(404);
    expect((await a.inject({ url: '/panel/..%2Fmanifest.json' })).statusCode).toBe(404);
  });

  it('says how to build the panel when it has not been built', async () => {
    const res = await panelOnly(join(builtPanel(), 'missing')).inject({ url: '/', headers: INGRESS.headers });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('run <code>npm run build</code>');
    expect(res.body).toContain('href="/api/hassio_ingress/abc/api/docs"');
  });

  it('answers the overview as JSON: status, devices, broker login and problem counts', async () => {
    const res = await app().inject({ url: '/api/panel/overview', ...INGRESS });
    expect(res.statusCode).toBe(200);
    const body = res.json() as PanelData;
    expect(body.status).toEqual(healthy);
    expect(body.devices).toHaveLength(3);
    expect(body.diagnostics).toEqual({ automations: 1, discovery: 4, alerts: 2 });
  });

  it('escapes the signed-in user and the base', async () => {
    const html = (
      await panelOnly(builtPanel()).inject({ url: '/', headers: { 'x-remote-user-display-name': `Ann ${EVIL}` } })
    ).body;
    expect(html).not.toContain(EVIL);
    expect(html).toContain('data-user="Ann &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;&#96;"');
    expect(escapeHtml(`a<b>"c"&'d'`)).toBe('a&lt;b&gt;&quot;c&quot;&amp;&#39;d&#39;');
    expect(escapeHtml(null)).toBe('');
  });

  it('ignores an X-Ingress-Path that is not a plain path', () => {
    const base = (v: string) => ingressBase({ headers: { 'x-ingress-path': v } });
    expect(base('/api/hassio_ingress/abc/')).toBe('/api/hassio_ingress/abc');
    expect(base('"><script>')).toBe('');
    expect(base('javascript:alert(1)')).toBe('');
    expect(base('//evil.example')).toBe('');
    expect(base('/a/../b')).toBe('');
    expect(ingressBase({ headers: {} })).toBe('');
  });

  it('needs no token from ingress even with api_token set; others need the token (page, bundles, overview)', async () => {
    const a = app('s3cret');
    for (const url of ['/', '/api/panel/overview', '/panel/app.js']) {
      expect((await a.inject({ url, ...INGRESS })).statusCode, url).not.toBe(401);
      expect((await a.inject({ url, remoteAddress: '192.0.2.10' })).statusCode, url).toBe(401);
    }
    expect(
      (await a.inject({ url: '/', remoteAddress: '192.0.2.10', headers: { authorization: 'Bearer s3cret' } }))
        .statusCode,
    ).toBe(200);
    expect((await app().inject({ url: '/', remoteAddress: '192.0.2.10' })).statusCode).toBe(403);
  });

  it('is absent without panel data (the API alone)', async () => {
    const a = buildHttpApp({
      log: silentLogger,
      host: '127.0.0.1',
      port: 0,
      apiToken: undefined,
      health: () => healthy,
      underSupervisor: true,
    });
    expect((await a.inject({ url: '/', ...INGRESS })).statusCode).toBe(404);
    expect((await a.inject({ url: '/api/panel/overview', ...INGRESS })).statusCode).toBe(404);
  });
});

describe('buildPanelData', () => {
  it('collects devices with online state, entities with state and unit, automations and problem counts from the core', () => {
    const bus = createEventBus<CoreEvents>(silentLogger);
    const registry = createRegistry(bus);
    const states = createStateStore(bus, systemClock);
    const dev = (name: string, id: string) =>
      registry.upsertDevice({
        name,
        identifiers: [id],
        connections: [],
        manufacturer: 'Acme',
        model: 'M1',
        model_id: null,
        sw_version: null,
        hw_version: null,
        serial_number: null,
        configuration_url: null,
        via_device_id: null,
        area: 'Kitchen',
        source: 'test',
      });
    const ent = (entity_id: string, device_id: string | null) =>
      registry.upsertEntity({
        entity_id,
        unique_id: null,
        domain: entity_id.split('.')[0] ?? '',
        name: entity_id,
        device_id,
        area: null,
        source: 'test',
        discovery_topic: null,
        config: {},
      });
    const up = dev('Up', 'up');
    dev('Down', 'down');
    const bare = dev('Bare', 'bare');
    const esp = dev('Esp', 'esp');
    ent('sensor.t', up.id);
    ent('switch.dead', registry.devices().find((x) => x.name === 'Down')?.id ?? null);
    ent('sensor.loose', null);
    states.set('sensor.t', '21.5', { unit_of_measurement: '°C' });
    states.set('switch.dead', 'unavailable');

    const d = buildPanelData({
      health: () => healthy,
      registry,
      states,
      deviceOnline: (id) => (id === esp.id ? false : undefined),
      automations: () => [
        { id: 'a', alias: 'A', enabled: true, last_triggered: null, last_outcome: null, error_count: 1 },
      ],
      automationProblems: () => 2,
      discoveryProblems: () => 3,
      activeAlerts: () => 4,
    });
    const online = Object.fromEntries(d.devices.map((x) => [x.name, x.online]));
    expect(online).toEqual({ Up: true, Down: false, Bare: null, Esp: false });
    expect(d.devices.find((x) => x.id === bare.id)).toMatchObject({
      entity_count: 0,
      area: 'Kitchen',
      manufacturer: 'Acme',
    });
    expect(d.entities).toEqual([
      expect.objectContaining({ entity_id: 'sensor.loose', state: null, available: false }),
      expect.objectContaining({ entity_id: 'sensor.t', state: '21.5', unit: '°C', available: true }),
      expect.objectContaining({ entity_id: 'switch.dead', state: 'unavailable', available: false }),
    ]);
    expect(d.automations).toEqual([
      { id: 'a', alias: 'A', enabled: true, last_triggered: null, last_outcome: null, error_count: 1 },
    ]);
    expect(d.diagnostics).toEqual({ automations: 2, discovery: 3, alerts: 4 });
  });
});

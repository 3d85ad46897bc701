// The ingress panel at GET /: server-rendered, escaped, links under X-Ingress-Path, served to ingress without a token.
import { describe, expect, it } from 'vitest';
import { buildHttpApp, type PanelData } from '../../../src/adapters/http/http-server.js';
import type { HealthReport } from '../../../src/adapters/http/routes/health.js';
import { escapeHtml, ingressBase, PANEL_ENTITY_LIMIT } from '../../../src/adapters/http/routes/panel.js';
import { panelOverview as buildPanelData } from '../../../src/usecases/panel-overview.js';
import { systemClock } from '../../../src/core/clock.js';
import { createEventBus } from '../../../src/core/event-bus.js';
import type { CoreEvents } from '../../../src/core/events.js';
import { createRegistry } from '../../../src/core/registry.js';
import { createStateStore } from '../../../src/core/state-store.js';
import { silentLogger } from '../../../src/core/logger.js';

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

describe('ingress panel', () => {
  it('renders status, devices with online state, entities with state, automations with problems and outcome', async () => {
    const res = await app().inject({ url: '/', ...INGRESS });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'/);
    const html = res.body;
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<span class="badge ok" id="status">ok</span>');
    expect(html).toContain('version 1.2.3 · up 1h 2m');
    expect(html).toContain('mqtt://core-mosquitto:1883');
    expect(html).toMatch(/Kitchen node[\s\S]*?<span class="badge ok">online<\/span>/);
    expect(html).toMatch(/z2m_0x1234[\s\S]*?<span class="badge bad">offline<\/span>/);
    expect(html).toMatch(/Plain[\s\S]*?<span class="badge">unknown<\/span>/);
    expect(html).toContain('21.5 °C');
    expect(html).toMatch(/switch\.gone[\s\S]*?unavailable/);
    expect(html).toMatch(
      /Morning lights[\s\S]*?<span class="badge ok">finished<\/span>[\s\S]*?<td class="num">0<\/td>/,
    );
    expect(html).toMatch(
      /broken[\s\S]*?<span class="badge bad">error<\/span>[\s\S]*?<span class="badge bad">2<\/span>/,
    );
    expect(html).toMatch(/Discovery problems<b>4<\/b>/);
    expect(html).toMatch(/Active alerts<b>2<\/b>/);
    expect(html).toMatch(/1 load problems/);
    expect(html).toContain('1 online · 1 offline');
    expect(html).not.toMatch(/<script/i);
  });

  it('escapes every value', async () => {
    const html = (await app().inject({ url: '/', ...INGRESS })).body;
    expect(html).not.toContain(EVIL);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;&#96;');
    expect(escapeHtml(`a<b>"c"&'d'`)).toBe('a&lt;b&gt;&quot;c&quot;&amp;&#39;d&#39;');
    expect(escapeHtml(null)).toBe('');
  });

  it('builds every link on X-Ingress-Path, and on / without it', async () => {
    const html = (await app().inject({ url: '/', ...INGRESS })).body;
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1] ?? '');
    expect(hrefs.length).toBeGreaterThan(5);
    for (const href of hrefs) expect(href).toMatch(/^\/api\/hassio_ingress\/abc\/api\//);
    expect(hrefs).toContain('/api/hassio_ingress/abc/api/entities/sensor.kitchen_temperature');
    expect(hrefs).toContain('/api/hassio_ingress/abc/api/automations/morning_lights/traces');
    const direct = (await app().inject({ url: '/', remoteAddress: '127.0.0.1' })).body;
    expect(direct).toContain('href="/api/docs"');
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

  it('needs no token from ingress even with api_token set; others need the token', async () => {
    const a = app('s3cret');
    expect((await a.inject({ url: '/', ...INGRESS })).statusCode).toBe(200);
    expect((await a.inject({ url: '/', remoteAddress: '192.0.2.10' })).statusCode).toBe(401);
    expect(
      (await a.inject({ url: '/', remoteAddress: '192.0.2.10', headers: { authorization: 'Bearer s3cret' } }))
        .statusCode,
    ).toBe(200);
    expect((await app().inject({ url: '/', remoteAddress: '192.0.2.10' })).statusCode).toBe(403);
  });

  it('shows the signed-in Home Assistant user, escaped', async () => {
    const html = (
      await app().inject({
        url: '/',
        remoteAddress: '172.30.32.2',
        headers: { 'x-remote-user-display-name': 'Ann <admin>' },
      })
    ).body;
    expect(html).toContain('signed in as Ann &lt;admin&gt;');
  });

  it('renders empty lists with hints and caps long entity lists', async () => {
    const empty = (
      await app(undefined, () => data({ devices: [], entities: [], automations: [], diagnostics: {} })).inject({
        url: '/',
        ...INGRESS,
      })
    ).body;
    expect(empty).toContain('Put YAML files in /config/automations');
    expect(empty).toContain('No devices yet.');
    const many = Array.from({ length: PANEL_ENTITY_LIMIT + 7 }, (_, i) => ({
      entity_id: `sensor.s${i}`,
      state: String(i),
    }));
    const html = (await app(undefined, () => data({ entities: many })).inject({ url: '/', ...INGRESS })).body;
    expect(html).toContain('7 more:');
    expect(html).not.toContain(`sensor.s${PANEL_ENTITY_LIMIT}<`);
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

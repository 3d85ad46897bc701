// Nothing silent: every discovery message that does not become an entity is listed with a code and a
// reason, counted per code however many there are, logged once, and served filtered and in pages.
import { afterEach, describe, expect, it } from 'vitest';
import { DiagnosticsLog } from '../../../src/adapters/discovery/diagnostics.js';
import { systemClock } from '../../../src/core/clock.js';
import type { Logger } from '../../../src/core/logger.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { eventually } from '../../helpers/net.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** a Logger that keeps its warnings */
function recordingLogger(): Logger & { warnings: { msg: string; fields?: Record<string, unknown> }[] } {
  const warnings: { msg: string; fields?: Record<string, unknown> }[] = [];
  const logger = {
    trace() {},
    debug() {},
    info() {},
    error() {},
    warn: (msg: string, fields?: Record<string, unknown>) => void warnings.push({ msg, ...(fields ? { fields } : {}) }),
    child: () => logger,
    warnings,
  };
  return logger;
}

describe('discovery diagnostics report', () => {
  it('lists every ignored message with its code, counts per code, filters and pages', async () => {
    t = await startTestApp();
    const app = t;
    const device = { identifiers: ['zigbee2mqtt_0x00158d0001'], name: 'Hall button', manufacturer: 'Aqara' };
    // configs Home Assistant would refuse: the vacuum's battery feature went in 2026.2, a valve may not
    // command a wildcard topic, a humidifier needs its target humidity command topic
    const messages: [string, string, string][] = [
      [
        'homeassistant/vacuum/0x00158d0001/vacuum/config',
        JSON.stringify({
          name: 'Robot',
          command_topic: 'vacuum/command',
          supported_features: ['start', 'battery'],
          device,
          unique_id: '0x00158d0001_vacuum',
        }),
        'config',
      ],
      [
        'homeassistant/valve/0x00158d0001/valve/config',
        JSON.stringify({ name: null, command_topic: 'zigbee2mqtt/+/set', device, unique_id: '0x00158d0001_valve' }),
        'config',
      ],
      [
        'homeassistant/humidifier/0x00158d0001/humidifier/config',
        JSON.stringify({
          name: 'Humidifier',
          command_topic: 'zigbee2mqtt/Hall button/set',
          device,
          unique_id: '0x00158d0001_humidifier',
        }),
        'config',
      ],
      ['homeassistant/sensor/my sensor/config', JSON.stringify({ name: 'Space', state_topic: 'x' }), 'topic'],
      ['homeassistant/frobnicator/f1/config', JSON.stringify({ name: 'F', state_topic: 'x' }), 'topic'],
      ['homeassistant/sensor/broken/config', '{"name": ', 'payload'],
      ['homeassistant/switch/nocmd/config', JSON.stringify({ name: 'No command', state_topic: 's' }), 'config'],
    ];
    for (const [topic, payload] of messages) await app.client.publishAsync(topic, payload, { qos: 1 });
    // a good config after them: once it is listed, every message before it has been handled
    await app.client.publishAsync(
      'homeassistant/sensor/good/config',
      JSON.stringify({ name: 'Good', unique_id: 'good', state_topic: 'good/state' }),
      { qos: 1 },
    );
    await eventually(async () => (await app.get('/api/entities/sensor.good')).status === 200, 10_000);

    const all = (await app.get('/api/discovery/diagnostics')).body;
    expect(all.count).toBe(messages.length);
    expect(all.total).toBe(messages.length);
    expect(Object.fromEntries(all.diagnostics.map((d: { topic: string; code: string }) => [d.topic, d.code]))).toEqual(
      Object.fromEntries(messages.map(([topic, , code]) => [topic, code])),
    );
    expect(all.counts).toEqual({
      seen: { topic: 2, payload: 1, config: 4 },
      current: { topic: 2, payload: 1, config: 4 },
      evicted: 0,
    });

    const invalid = (await app.get('/api/discovery/diagnostics?code=config')).body;
    expect(invalid.diagnostics.map((d: { topic: string }) => d.topic)).toEqual(
      [...messages.slice(0, 3), messages[6]!].map(([topic]) => topic),
    );
    const page = (await app.get('/api/discovery/diagnostics?limit=2&offset=2')).body;
    expect(page).toMatchObject({ count: 7, total: 7, offset: 2, limit: 2 });
    expect(page.diagnostics.map((d: { topic: string }) => d.topic)).toEqual([messages[2]![0], messages[3]![0]]);
    expect((await app.get('/api/discovery/diagnostics?q=FROBNICATOR')).body.count).toBe(1);
    const bad = await app.get('/api/discovery/diagnostics?code=nonsense&limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/query\.code.*query\.limit|query\.limit.*query\.code/s);
  });

  it('logs a problem once, again only when its reason changes, and counts what it lets go past the bound', () => {
    const logger = recordingLogger();
    const log = new DiagnosticsLog(systemClock, logger, 3);
    for (let i = 0; i < 5; i++)
      log.add('discovery', 'homeassistant/update/x/config', 'not supported', undefined, '', 'unsupported_platform');
    expect(logger.warnings).toHaveLength(1);
    log.add('discovery', 'homeassistant/update/x/config', 'another reason', undefined, '', 'config');
    expect(logger.warnings).toHaveLength(2);
    for (let i = 0; i < 4; i++) log.add('discovery', `garbage/${i}`, 'bad topic', undefined, '', 'topic');
    expect(log.diagnostics().map((d) => d.topic)).toEqual(['garbage/1', 'garbage/2', 'garbage/3']);
    expect(log.counts()).toEqual({
      seen: { unsupported_platform: 5, config: 1, topic: 4 },
      current: { topic: 3 },
      evicted: 2,
    });
  });
});

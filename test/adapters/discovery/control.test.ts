// The one command path over REST: what Home Assistant would publish, and nothing on bad input.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { marker } from '../../helpers/markers.js';
import { collect } from '../../helpers/mqtt-client.js';
import { eventually } from '../../helpers/net.js';

let t: TestApp;
let published: { topic: string; payload: string; retain: boolean }[];

beforeEach(async () => {
  t = await startTestApp();
  published = await collect(t.client, 'cmd/#');
  const configs: [string, object][] = [
    [
      'homeassistant/light/hall/config',
      {
        name: 'Hall',
        unique_id: 'hall',
        schema: 'json',
        command_topic: 'cmd/hall',
        state_topic: 'st/hall',
        brightness: true,
        brightness_scale: 254,
        supported_color_modes: ['color_temp', 'rgb'],
      },
    ],
    [
      'homeassistant/cover/blind/config',
      {
        name: 'Blind',
        unique_id: 'blind',
        command_topic: 'cmd/blind',
        set_position_topic: 'cmd/blind/pos',
        position_topic: 'st/blind/pos',
      },
    ],
    [
      'homeassistant/climate/trv/config',
      {
        name: 'Radiator',
        unique_id: 'trv',
        temperature_command_topic: 'cmd/trv/temp',
        mode_command_topic: 'cmd/trv/mode',
        min_temp: 5,
        max_temp: 30,
        modes: ['off', 'heat'],
      },
    ],
    [
      'homeassistant/number/vol/config',
      { name: 'Volume', unique_id: 'vol', command_topic: 'cmd/vol', min: 0, max: 10, step: 0.5 },
    ],
    [
      'homeassistant/select/mode/config',
      { name: 'Fan Mode', unique_id: 'fm', command_topic: 'cmd/mode', options: ['low', 'high'] },
    ],
    ['homeassistant/lock/door/config', { name: 'Front Door', unique_id: 'door', command_topic: 'cmd/door' }],
    ['homeassistant/button/reboot/config', { name: 'Reboot', unique_id: 'reboot', command_topic: 'cmd/reboot' }],
  ];
  for (const [topic, config] of configs) await t.client.publishAsync(topic, JSON.stringify(config), { qos: 1 });
  await eventually(async () => (await t.get('/api/entities')).body.count === configs.length);
});

afterEach(async () => {
  await t.close();
});

async function act(domain: string, action: string, entity_id: string, data: object = {}) {
  return t.post(`/api/actions/${domain}/${action}`, { entity_id, data });
}

describe('control through POST /api/actions', () => {
  it('JSON light: brightness and brightness_pct scaled to brightness_scale 254', async () => {
    const res = await act('light', 'turn_on', 'light.hall', { brightness: 255, transition: 2 });
    expect(res.status).toBe(200);
    await eventually(() => published.length === 1);
    expect(published[0]?.topic).toBe('cmd/hall');
    expect(JSON.parse(published[0]?.payload ?? '')).toEqual({ state: 'ON', brightness: 254, transition: 2 });
    await act('light', 'turn_on', 'light.hall', { brightness_pct: 50 });
    await eventually(() => published.length === 2);
    expect(JSON.parse(published[1]?.payload ?? '').brightness).toBe(127);
  });

  it('cover position and climate temperature publish what Home Assistant would', async () => {
    expect((await act('cover', 'set_cover_position', 'cover.blind', { position: 40 })).status).toBe(200);
    expect((await act('climate', 'set_temperature', 'climate.radiator', { temperature: 21.5 })).status).toBe(200);
    expect((await act('climate', 'set_hvac_mode', 'climate.radiator', { hvac_mode: 'heat' })).status).toBe(200);
    expect((await act('number', 'set_value', 'number.volume', { value: 7.5 })).status).toBe(200);
    expect((await act('select', 'select_option', 'select.fan_mode', { option: 'high' })).status).toBe(200);
    expect((await act('lock', 'unlock', 'lock.front_door')).status).toBe(200);
    expect((await act('button', 'press', 'button.reboot')).status).toBe(200);
    await eventually(() => published.length === 7);
    expect(published.map((p) => [p.topic, p.payload])).toEqual([
      ['cmd/blind/pos', '40'],
      ['cmd/trv/temp', '21.5'],
      ['cmd/trv/mode', 'heat'],
      ['cmd/vol', '7.5'],
      ['cmd/mode', 'high'],
      ['cmd/door', 'UNLOCK'],
      ['cmd/reboot', 'PRESS'],
    ]);
  });

  it('out-of-range or unsupported values get a 400 naming the allowed range and publish nothing', async () => {
    const cases: [string, string, string, object, RegExp][] = [
      ['climate', 'set_temperature', 'climate.radiator', { temperature: 35 }, /5.*30/],
      ['climate', 'set_hvac_mode', 'climate.radiator', { hvac_mode: 'cool' }, /off.*heat/],
      ['light', 'turn_on', 'light.hall', { brightness: 300 }, /0.*255/],
      ['cover', 'set_cover_position', 'cover.blind', { position: 101 }, /0.*100/],
      ['number', 'set_value', 'number.volume', { value: 11 }, /0.*10/],
      ['select', 'select_option', 'select.fan_mode', { option: 'turbo' }, /low.*high/],
      ['switch', 'turn_on', 'light.hall', {}, /is a light, not a switch/],
      ['light', 'open_cover', 'light.hall', {}, /does not support 'open_cover'/],
      ['light', 'turn_on', 'light.hall', { bogus: 1 }, /'bogus' is not a parameter/],
    ];
    for (const [domain, action, id, data, message] of cases) {
      const res = await act(domain, action, id, data);
      expect(res.status, `${domain}.${action} ${JSON.stringify(data)}`).toBe(400);
      expect(res.body.message).toMatch(message);
    }
    expect((await act('light', 'turn_on', 'light.nope')).status).toBe(404);
    expect((await t.post('/api/actions/light/turn_on', { data: {} })).status).toBe(400);
    // a command is published on the app's connection before its request is answered: whatever a refused
    // one published would reach the client before this marker from the same connection
    await marker(t.app.mqtt, t.client);
    expect(published).toEqual([]);
  });

  it('toggle follows the reported state; homeassistant.toggle works on any controllable entity', async () => {
    await act('light', 'toggle', 'light.hall');
    await eventually(() => published.length === 1);
    expect(JSON.parse(published[0]?.payload ?? '')).toEqual({ state: 'ON' });
    // not optimistic (it has a state topic): the state moves only when the light reports it
    expect((await t.get('/api/entities/light.hall')).body.state).toBe('unknown');
    await t.client.publishAsync('st/hall', '{"state":"ON"}');
    await eventually(async () => (await t.get('/api/entities/light.hall')).body.state === 'on');
    await act('homeassistant', 'toggle', 'light.hall');
    await eventually(() => published.length === 2);
    expect(JSON.parse(published[1]?.payload ?? '')).toEqual({ state: 'OFF' });
  });

  it('homeassistant.update_entity re-reads the retained state over REST; an unknown entity is a 404', async () => {
    await t.client.publishAsync('st/hall', '{"state":"ON","brightness":200}', { qos: 1, retain: true });
    await eventually(async () => (await t.get('/api/entities/light.hall')).body.state === 'on');
    const reported: string[] = [];
    t.app.bus.on('state_reported', (e) => {
      reported.push(e.entity_id);
    });
    const res = await act('homeassistant', 'update_entity', 'light.hall');
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      expect.objectContaining({ entity_id: 'light.hall', refreshed: true, how: expect.stringContaining('st/hall') }),
    ]);
    await eventually(() => reported.includes('light.hall'));
    expect((await act('homeassistant', 'update_entity', 'light.nowhere')).status).toBe(404);
  });

  it('lists the allowed actions with their ranges on the entity', async () => {
    const body = (await t.get('/api/entities/climate.radiator')).body;
    expect(body.actions.set_temperature.params.temperature).toMatchObject({ type: 'number', min: 5, max: 30 });
    expect(body.actions.set_hvac_mode.params.hvac_mode).toMatchObject({ options: ['off', 'heat'] });
  });
});

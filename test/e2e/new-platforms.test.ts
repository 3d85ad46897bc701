// The platforms added for the whole of Home Assistant's MQTT integration, through the app as a user meets them:
// configs from Home Assistant's documentation announced on the embedded broker, states published by a device,
// and actions called over REST reaching the device's command topics as Home Assistant would publish them. A
// refused action (a wrong alarm code, a humidity out of range) publishes nothing and says why.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { collect } from '../helpers/mqtt-client.js';
import { eventually } from '../helpers/net.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const CONFIGS: Record<string, Record<string, unknown>> = {
  'alarm_control_panel/house/alarm': {
    name: 'Alarm',
    unique_id: 'alarm1',
    state_topic: 'home/alarm',
    command_topic: 'home/alarm/set',
    code: '1234',
  },
  'valve/garden/valve': {
    name: 'Garden valve',
    unique_id: 'valve1',
    command_topic: 'garden/valve/set',
    state_topic: 'garden/valve',
    reports_position: true,
  },
  'humidifier/bedroom/humidifier': {
    name: 'Humidifier',
    unique_id: 'hum1',
    command_topic: 'bedroom/hum/set',
    state_topic: 'bedroom/hum/state',
    target_humidity_command_topic: 'bedroom/hum/target/set',
    target_humidity_state_topic: 'bedroom/hum/target',
    min_humidity: 30,
    max_humidity: 80,
    mode_command_topic: 'bedroom/hum/mode/set',
    modes: ['normal', 'eco'],
  },
  'vacuum/robot/vacuum': {
    name: 'Robot',
    unique_id: 'vac1',
    command_topic: 'robot/command',
    state_topic: 'robot/state',
    set_fan_speed_topic: 'robot/fan',
    send_command_topic: 'robot/raw',
    fan_speed_list: ['min', 'max'],
    supported_features: ['start', 'stop', 'return_home', 'fan_speed', 'status', 'send_command'],
  },
  'lawn_mower/yard/mower': {
    name: 'Mower',
    unique_id: 'mow1',
    activity_state_topic: 'yard/mower/activity',
    start_mowing_command_topic: 'yard/mower/start',
    dock_command_topic: 'yard/mower/dock',
  },
  'water_heater/boiler/heater': {
    name: 'Boiler',
    unique_id: 'wh1',
    mode_command_topic: 'boiler/mode/set',
    temperature_command_topic: 'boiler/temp/set',
    current_temperature_topic: 'boiler/temp',
  },
  'notify/lcd/notify': { name: 'Display', unique_id: 'lcd1', command_topic: 'lcd/message' },
  'date/cal/date': { name: 'Holiday', unique_id: 'date1', command_topic: 'cal/date/set', state_topic: 'cal/date' },
};

describe('every platform of the MQTT integration, through the app', () => {
  it('lists them, reads their states and publishes their actions as Home Assistant does', async () => {
    t = await startTestApp();
    const app = t;
    const sent = await collect(app.client, '#');
    for (const [path, config] of Object.entries(CONFIGS)) {
      await app.client.publishAsync(`homeassistant/${path}/config`, JSON.stringify(config), { qos: 1, retain: true });
    }
    const ids = [
      'alarm_control_panel.alarm',
      'valve.garden_valve',
      'humidifier.humidifier',
      'vacuum.robot',
      'lawn_mower.mower',
      'water_heater.boiler',
      'notify.display',
      'date.holiday',
    ];
    await eventually(async () => {
      for (const id of ids) if ((await app.get(`/api/entities/${id}`)).status !== 200) return false;
      return true;
    });
    expect((await app.get('/api/discovery/diagnostics')).body.count).toBe(0);

    // states as devices send them
    await app.client.publishAsync('home/alarm', 'armed_away', { qos: 1 });
    await app.client.publishAsync('garden/valve', '40', { qos: 1 });
    await app.client.publishAsync('robot/state', '{"state": "cleaning", "fan_speed": "max"}', { qos: 1 });
    await app.client.publishAsync('cal/date', '2026-12-24', { qos: 1 });
    await eventually(async () => (await app.get('/api/entities/date.holiday')).body.state === '2026-12-24');
    expect((await app.get('/api/entities/alarm_control_panel.alarm')).body.state).toBe('armed_away');
    const valve = (await app.get('/api/entities/valve.garden_valve')).body;
    expect([valve.state, valve.attributes.current_position]).toEqual(['open', 40]);
    const robot = (await app.get('/api/entities/vacuum.robot')).body;
    expect([robot.state, robot.attributes.fan_speed]).toEqual(['cleaning', 'max']);

    // actions, each answered with what was published
    const act = async (action: string, entityId: string, data: Record<string, unknown> = {}) =>
      app.post(`/api/actions/${action}`, { entity_id: entityId, data });
    const publishedBy = async (action: string, entityId: string, data: Record<string, unknown> = {}) => {
      const res = await act(action, entityId, data);
      expect(res.status, `${action} ${JSON.stringify(res.body)}`).toBe(200);
      return (res.body.results[0].published as { topic: string; payload: string }[]).map((p) => [p.topic, p.payload]);
    };
    expect(
      await publishedBy('alarm_control_panel/alarm_disarm', 'alarm_control_panel.alarm', { code: '1234' }),
    ).toEqual([['home/alarm/set', 'DISARM']]);
    expect(await publishedBy('valve/set_valve_position', 'valve.garden_valve', { position: 75 })).toEqual([
      ['garden/valve/set', '75'],
    ]);
    expect(await publishedBy('humidifier/set_humidity', 'humidifier.humidifier', { humidity: 55 })).toEqual([
      ['bedroom/hum/target/set', '55'],
    ]);
    expect(await publishedBy('humidifier/set_mode', 'humidifier.humidifier', { mode: 'eco' })).toEqual([
      ['bedroom/hum/mode/set', 'eco'],
    ]);
    expect(await publishedBy('vacuum/set_fan_speed', 'vacuum.robot', { fan_speed: 'min' })).toEqual([
      ['robot/fan', 'min'],
    ]);
    expect(await publishedBy('vacuum/return_to_base', 'vacuum.robot')).toEqual([['robot/command', 'return_to_base']]);
    expect(
      await publishedBy('vacuum/send_command', 'vacuum.robot', {
        command: 'segment_clean',
        params: { segments: [1, 3] },
      }),
    ).toEqual([['robot/raw', '{"command":"segment_clean","segments":[1,3]}']]);
    expect(await publishedBy('lawn_mower/start_mowing', 'lawn_mower.mower')).toEqual([
      ['yard/mower/start', 'start_mowing'],
    ]);
    expect(await publishedBy('water_heater/set_temperature', 'water_heater.boiler', { temperature: 55 })).toEqual([
      ['boiler/temp/set', '55.0'],
    ]);
    expect(await publishedBy('notify/send_message', 'notify.display', { message: 'Dinner is ready' })).toEqual([
      ['lcd/message', 'Dinner is ready'],
    ]);
    expect(await publishedBy('date/set_value', 'date.holiday', { date: '2026-12-31' })).toEqual([
      ['cal/date/set', '2026-12-31'],
    ]);

    // refused: a wrong code, a humidity outside 30–80; nothing of theirs reaches the broker
    const wrong = await act('alarm_control_panel/alarm_arm_home', 'alarm_control_panel.alarm', { code: '0000' });
    expect(wrong.status).toBe(400);
    const tooDry = await act('humidifier/set_humidity', 'humidifier.humidifier', { humidity: 20 });
    expect(tooDry.status).toBe(400);
    expect(tooDry.body.message).toMatch(/humidity/);
    // a marker after them: had either been published, it would be in `sent` before the marker
    await app.client.publishAsync('test/marker', 'm', { qos: 1 });
    await eventually(() => sent.some((m) => m.topic === 'test/marker'));
    const commands = sent
      .filter((m) => ['home/alarm/set', 'bedroom/hum/target/set'].includes(m.topic))
      .map((m) => [m.topic, m.payload]);
    expect(commands).toEqual([
      ['home/alarm/set', 'DISARM'],
      ['bedroom/hum/target/set', '55'],
    ]);
  });
});

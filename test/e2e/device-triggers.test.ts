// Device triggers: Zigbee2MQTT announces a button's actions as device_automation configs; they are listed
// on the device (REST), and an automation written as Home Assistant's editor writes it (trigger: device,
// domain: mqtt, device_id, type, subtype) fires on that action and not on the others.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { collect } from '../helpers/mqtt-client.js';
import { eventually } from '../helpers/net.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const DEVICE = {
  identifiers: ['zigbee2mqtt_0x00158d00045b2740'],
  name: 'Hall button',
  manufacturer: 'Aqara',
  model: 'Wireless mini switch (WXKG11LM)',
};
// what Zigbee2MQTT publishes for each action of the button
const triggerConfig = (action: string) => ({
  automation_type: 'trigger',
  type: 'action',
  subtype: action,
  payload: action,
  topic: 'zigbee2mqtt/Hall button/action',
  device: DEVICE,
  origin: { name: 'Zigbee2MQTT', sw: '2.1.0', url: 'https://www.zigbee2mqtt.io' },
});

describe('device triggers', () => {
  it('are listed on their device and fire automations on their own action only', async () => {
    t = await startTestApp();
    const app = t;
    const fired = await collect(app.client, 'test/fired');
    for (const action of ['single', 'double', 'hold']) {
      await app.client.publishAsync(
        `homeassistant/device_automation/0x00158d00045b2740/action_${action}/config`,
        JSON.stringify(triggerConfig(action)),
        { qos: 1, retain: true },
      );
    }
    const device = await eventually(async () => {
      const list = (await app.get('/api/devices')).body.devices as { id: string; name: string }[];
      const found = list.find((d) => d.name === 'Hall button');
      if (!found) return undefined;
      const detail = (await app.get(`/api/devices/${encodeURIComponent(found.id)}`)).body;
      return detail.triggers.length === 3 ? detail : undefined;
    });
    expect(device.triggers.map((x: { subtype: string }) => x.subtype).sort()).toEqual(['double', 'hold', 'single']);
    expect(device.entities).toEqual([]);
    expect((await app.get('/api/discovery/diagnostics')).body.count).toBe(0);

    writeFileSync(
      join(app.dataDir, 'automations', 'button.yaml'),
      `- id: hall_single
  alias: Hall button single press
  triggers:
    - trigger: device
      domain: mqtt
      device_id: ${device.id}
      type: action
      subtype: single
      discovery_id: 0x00158d00045b2740 action_single
  actions:
    - action: mqtt.publish
      data:
        topic: test/fired
        payload: "{{ trigger.payload }} {{ trigger.subtype }}"
`,
    );
    await app.post('/api/automations/reload', {});
    await eventually(async () => (await app.get('/api/automations')).body.count === 1);
    expect((await app.get('/api/automations/diagnostics')).body.diagnostics).toEqual([]);

    // the other actions first: had one of them fired, its run would come before the single press's
    await app.client.publishAsync('zigbee2mqtt/Hall button/action', 'double', { qos: 1 });
    await app.client.publishAsync('zigbee2mqtt/Hall button/action', 'hold', { qos: 1 });
    await app.client.publishAsync('zigbee2mqtt/Hall button/action', 'single', { qos: 1 });
    await eventually(() => fired.length >= 1);
    expect(fired.map((m) => m.payload)).toEqual(['single single']);

    // the trigger goes with its config: after the empty config a press fires nothing. The config comes
    // back reading JSON (value_template), and a JSON press after it is the marker: a run for the press
    // made while it was gone would come first, as 'single single'
    await app.client.publishAsync('homeassistant/device_automation/0x00158d00045b2740/action_single/config', '', {
      qos: 1,
      retain: true,
    });
    await eventually(
      async () => (await app.get(`/api/devices/${encodeURIComponent(device.id)}`)).body.triggers.length === 2,
    );
    await app.client.publishAsync('zigbee2mqtt/Hall button/action', 'single', { qos: 1 });
    const jsonConfig = {
      ...triggerConfig('single'),
      topic: 'zigbee2mqtt/Hall button',
      value_template: '{{ value_json.action }}',
    };
    await app.client.publishAsync(
      'homeassistant/device_automation/0x00158d00045b2740/action_single/config',
      JSON.stringify(jsonConfig),
      { qos: 1, retain: true },
    );
    await eventually(
      async () => (await app.get(`/api/devices/${encodeURIComponent(device.id)}`)).body.triggers.length === 3,
    );
    await app.client.publishAsync('zigbee2mqtt/Hall button', JSON.stringify({ action: 'single', battery: 91 }), {
      qos: 1,
    });
    await eventually(() => fired.length >= 2);
    expect(fired.map((m) => m.payload)).toEqual(['single single', '{"action":"single","battery":91} single']);
  });

  it('refuses a device trigger of another integration, with a hint', async () => {
    t = await startTestApp();
    const app = t;
    writeFileSync(
      join(app.dataDir, 'automations', 'zha.yaml'),
      `- id: zha_button
  triggers:
    - trigger: device
      domain: zha
      device_id: abc
      type: remote_button_short_press
      subtype: turn_on
  actions: []
`,
    );
    await app.post('/api/automations/reload', {});
    const problems = await eventually(async () => {
      const d = (await app.get('/api/automations/diagnostics')).body.diagnostics;
      return d.length > 0 ? d : undefined;
    });
    expect(problems[0]).toMatchObject({
      file: 'zha.yaml',
      message: expect.stringMatching(/device triggers of the 'zha' integration are not supported/),
    });
  });
});

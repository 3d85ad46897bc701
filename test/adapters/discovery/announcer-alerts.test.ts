// Devices and announcers going offline (issue 21): Zigbee2MQTT's bridge state is the availability topic every one
// of its devices shares; its "offline", heard live, is one alert, and its "online" resolves it. A device's own
// availability topic (Zigbee2MQTT's <device>/availability, ESPHome's Last Will) going offline is that device
// dropping off: one alert for it, resolved when it is back. A retained state found at start is not news.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { marker } from '../../helpers/markers.js';
import { eventually } from '../../helpers/net.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const ORIGIN = { name: 'Zigbee2MQTT', sw: '2.1.0', url: 'https://www.zigbee2mqtt.io' };
const config = (id: string) => ({
  name: null,
  unique_id: `0x${id}_temperature`,
  state_topic: `zigbee2mqtt/${id}`,
  value_template: '{{ value_json.temperature }}',
  availability: [
    { topic: 'zigbee2mqtt/bridge/state', value_template: '{{ value_json.state }}' },
    { topic: `zigbee2mqtt/${id}/availability`, value_template: '{{ value_json.state }}' },
  ],
  availability_mode: 'all',
  device: { identifiers: [`zigbee2mqtt_0x${id}`], name: id },
  origin: ORIGIN,
});

describe('announcer alerts', () => {
  it('raises one alert when the shared bridge topic goes offline and resolves it when it is back', async () => {
    t = await startTestApp();
    const app = t;
    // retained before Switchyard hears it: how things are, not news
    await app.client.publishAsync('zigbee2mqtt/bridge/state', '{"state":"offline"}', { qos: 1, retain: true });
    for (const id of ['aa', 'bb'])
      await app.client.publishAsync(`homeassistant/sensor/0x${id}/temperature/config`, JSON.stringify(config(id)), {
        qos: 1,
      });
    await eventually(
      () => app.app.registry.entities().filter((e) => e.unique_id?.endsWith('_temperature')).length === 2,
    );
    const alerts = () => app.app.persistence.alerts.list().filter((a) => a.type.startsWith('announcer_'));
    await marker(app.app.mqtt, app.client);
    expect(alerts()).toEqual([]);

    await app.client.publishAsync('zigbee2mqtt/bridge/state', '{"state":"online"}', { qos: 1, retain: true });
    await app.client.publishAsync('zigbee2mqtt/bridge/state', '{"state":"offline"}', { qos: 1, retain: true });
    await eventually(() => alerts().length === 1);
    expect(alerts()[0]).toMatchObject({
      type: 'announcer_offline',
      message: 'Zigbee2MQTT (zigbee2mqtt/bridge/state) went offline: the 2 devices it announces are unavailable',
      acknowledged_at: null,
    });
    // a device's own availability topic going offline is that device dropping off, an alert of its own
    const deviceAlerts = () => app.app.persistence.alerts.list().filter((a) => a.type.startsWith('device_'));
    await app.client.publishAsync('zigbee2mqtt/aa/availability', '{"state":"offline"}', { qos: 1 });
    await app.client.publishAsync('zigbee2mqtt/bridge/state', '{"state":"online"}', { qos: 1, retain: true });
    await eventually(() => alerts().some((a) => a.type === 'announcer_online'));
    expect(alerts().find((a) => a.type === 'announcer_offline')?.acknowledged_at).not.toBeNull();
    expect(alerts()).toHaveLength(2);
    const aa = app.app.registry.entities().find((e) => e.unique_id === '0xaa_temperature')?.device_id;
    expect(deviceAlerts()).toEqual([
      expect.objectContaining({
        type: 'device_offline',
        message: 'aa (zigbee2mqtt/aa/availability) dropped off: its entities are unavailable',
        device_id: aa,
        acknowledged_at: null,
      }),
    ]);
    // said twice, still one alert; back online resolves it and says so
    await app.client.publishAsync('zigbee2mqtt/aa/availability', '{"state":"offline"}', { qos: 1 });
    await app.client.publishAsync('zigbee2mqtt/aa/availability', '{"state":"online"}', { qos: 1 });
    await eventually(() => deviceAlerts().some((a) => a.type === 'device_online'));
    expect(deviceAlerts()).toHaveLength(2);
    expect(deviceAlerts().find((a) => a.type === 'device_offline')?.acknowledged_at).not.toBeNull();
    expect(deviceAlerts().find((a) => a.type === 'device_online')).toMatchObject({
      severity: 'info',
      message: 'aa (zigbee2mqtt/aa/availability) is back online',
    });
  });

  it("an ESPHome device's Last Will is one alert for the device, whatever its number of entities", async () => {
    t = await startTestApp();
    const app = t;
    const device = { identifiers: ['esphome_porch'], name: 'Porch Node' };
    for (const key of ['temperature', 'humidity'])
      await app.client.publishAsync(
        `homeassistant/sensor/porch/${key}/config`,
        JSON.stringify({
          name: key,
          unique_id: `porch_${key}`,
          state_topic: `porch/sensor/${key}/state`,
          availability_topic: 'porch/status',
          device,
        }),
        { qos: 1 },
      );
    await app.client.publishAsync('porch/status', 'online', { qos: 1, retain: true });
    await eventually(() => app.app.states.get('sensor.porch_node_humidity')?.state === 'unknown');
    await marker(app.app.mqtt, app.client);
    const deviceAlerts = () => app.app.persistence.alerts.list().filter((a) => a.type.startsWith('device_'));
    expect(deviceAlerts()).toEqual([]);
    // the broker publishes the Last Will when the node's connection drops
    await app.client.publishAsync('porch/status', 'offline', { qos: 1, retain: true });
    await eventually(() => deviceAlerts().length === 1);
    expect(deviceAlerts()[0]).toMatchObject({
      type: 'device_offline',
      message: 'Porch Node (porch/status) dropped off: its entities are unavailable',
    });
    expect(app.app.states.get('sensor.porch_node_temperature')?.state).toBe('unavailable');
  });
});

// A restart with the broker full of retained discovery configs (Zigbee2MQTT's layout, `<prefix>/<component>/<node>/
// <object>/config`), on a real Mosquitto: every config reaches discovery and the MQTT topic index alike. Mosquitto
// 2.0 does not send a retained message again for a second matching subscription while its copy for the first is still
// queued to the client (measured: `#`, then `homeassistant/+/+/+/config` once the first SUBACK came: 10,000 copies of
// 10,000 messages, not 20,000), so the handler of a subscription made while another's flood is on its way misses the
// copies that came before it was added; and a handler joining a filter the connection already holds gets none (no
// second SUBSCRIBE goes out, and no retained copies are kept for wildcards). Discovery subscribes its filters before the topic index's `#` (side by side it missed
// the first ~20 of 10,000 configs, bench start-up scenario), and the announcer learns of its own retained configs
// through discovery's subscription instead of joining it.
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { parseSettings } from '../../src/config/settings.js';
import { silentLogger } from '../../src/core/logger.js';
import { createMosquitto, mosquittoAvailable, mosquittoRequired } from '../helpers/mosquitto.js';
import { connectClient } from '../helpers/mqtt-client.js';
import { eventually, tempDir, testSettingsInput } from '../helpers/net.js';

const CONFIGS = 3_000;
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe.skipIf(!mosquittoAvailable && !mosquittoRequired)('retained discovery configs at start', () => {
  it('every retained config is discovered and indexed, from the first to the last', async () => {
    const mosquitto = await createMosquitto();
    await mosquitto.start();
    cleanup.push(() => mosquitto.stop());
    const device = await connectClient(mosquitto.port);
    cleanup.push(() => device.endAsync());
    const topics: string[] = [];
    for (let i = 0; i < CONFIGS; i++) {
      const node = `0x00158d${i.toString(16).padStart(10, '0')}`;
      const topic = `homeassistant/sensor/${node}/temperature/config`;
      topics.push(topic);
      // Zigbee2MQTT's size (about 850 bytes): a socket read of 16 KiB holds about 19 of them
      const config = {
        name: 'Temperature',
        unique_id: `${node}_t`,
        object_id: `rs_${i}`,
        state_topic: `zigbee2mqtt/${node}`,
        value_template: '{{ value_json.temperature }}',
        unit_of_measurement: '°C',
        device_class: 'temperature',
        state_class: 'measurement',
        availability: [{ topic: 'zigbee2mqtt/bridge/state', value_template: '{{ value_json.state }}' }],
        device: {
          identifiers: [`zigbee2mqtt_${node}`],
          manufacturer: 'Xiaomi',
          model: 'Aqara temperature, humidity and pressure sensor (WSDCGQ11LM)',
          name: `Sensor ${node}`,
          via_device: 'zigbee2mqtt_bridge_0x00124b0000000000',
        },
        origin: { name: 'Zigbee2MQTT', sw_version: '1.42.0', support_url: 'https://www.zigbee2mqtt.io' },
        json_attributes_topic: `zigbee2mqtt/${node}`,
        enabled_by_default: true,
      };
      device.publish(topic, JSON.stringify(config), { qos: 0, retain: true });
    }
    // one of Switchyard's own configs that no device backs any more: the announcer clears it once its window ends,
    // having learnt of it through discovery's subscription (no wildcard subscription of its own)
    const stale = 'homeassistant/sensor/switchyard_gone/temperature/config';
    device.publish(stale, JSON.stringify({ name: 'Gone', unique_id: 'sw_gone_t', state_topic: 'sw/gone' }), {
      qos: 0,
      retain: true,
    });
    await device.publishAsync('rs/done', 'x', { qos: 1 }); // after every config, on the same connection
    const seenStale: string[] = [];
    device.on('message', (topic, payload) => {
      if (topic === stale) seenStale.push(payload.toString());
    });
    await device.subscribeAsync(stale);
    await eventually(() => seenStale.length === 1, 5_000);

    const dir = tempDir();
    cleanup.push(dir.remove);
    const input = await testSettingsInput(dir.path, { mqtt_url: `mqtt://127.0.0.1:${mosquitto.port}` });
    const app = createApp(parseSettings(input), { version: 'test', log: silentLogger, announceWindowMs: 1_000 });
    await app.start();
    cleanup.push(() => app.stop());

    // every one in the registry: an entity is registered once its subscriptions are acknowledged, a moment after it
    // is live (waited for, then asserted: a failure names the ones missing)
    const ids = Array.from({ length: CONFIGS }, (_, i) => `sensor.rs_${i}`);
    const missing = () => ids.filter((id) => app.registry.entity(id) === undefined);
    await eventually(() => missing().length === 0, 30_000, 50).catch(() => undefined);
    expect(missing()).toEqual([]);
    expect(app.discovery.counts.entities).toBe(CONFIGS);
    await eventually(() => topics.every((t) => app.topics.get(t) !== undefined), 10_000, 50);
    expect(app.discovery.diagnostics.counts()).toMatchObject({ current: {} });
    await eventually(() => seenStale.length === 2, 10_000, 50);
    expect(seenStale[1]).toBe(''); // cleared
    expect(app.registry.entity('sensor.gone')).toBeUndefined(); // and never taken for another device's
  }, 60_000);
});

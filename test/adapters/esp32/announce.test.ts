// Our ESP32 devices appear in Home Assistant by themselves: one valid retained config per entity,
// the bridge device, re-announcement when Home Assistant comes online, cleanup of stale and deleted configs.
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulatedDevice, type SimulatedDevice } from '../../../sim/simulated-device.js';
import { parseEntityConfig } from '../../../src/protocol/ha-discovery/components/index.js';
import { parseDiscoveryTopic } from '../../../src/protocol/ha-discovery/discovery-topic.js';
import { parseDiscoveryPayload } from '../../../src/protocol/ha-discovery/payload.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { createMosquitto, mosquittoAvailable, mosquittoRequired } from '../../helpers/mosquitto.js';
import { retainedUnder, subscribeRetained } from '../../helpers/markers.js';
import { connectClient } from '../../helpers/mqtt-client.js';
import { eventually, tempDir, testSettingsInput } from '../../helpers/net.js';
import { createApp } from '../../../src/app.js';
import { parseSettings } from '../../../src/config/settings.js';
import { silentLogger } from '../../../src/core/logger.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setup(deviceIds: string[]): Promise<{ t: TestApp; devices: SimulatedDevice[] }> {
  const t = await startTestApp({}, { appOptions: { reannounceDelayMs: [10, 20] } });
  cleanup.push(() => t.close());
  const devices = deviceIds.map((id) =>
    createSimulatedDevice({ url: `mqtt://127.0.0.1:${t.brokerPort}`, deviceId: id, intervalMs: 200 }),
  );
  for (const d of devices) {
    await d.start();
    cleanup.push(() => d.stop());
  }
  return { t, devices };
}

/** Retained configs as a newcomer (Home Assistant starting) sees them, all of them (a retained marker behind). */
const retainedConfigs = (port: number): Promise<Map<string, string>> => retainedUnder(port, 'homeassistant/#');

const PER_DEVICE = 12; // 3 sensors + 5 actuators + 4 diagnostics

describe('announcer', () => {
  it('publishes one retained config per sensor, actuator and diagnostic, each valid for its platform, plus the bridge', async () => {
    const { t } = await setup(['kitchen', 'garage']);
    await eventually(async () => (await t.get('/api/entities')).body.count === 2 * PER_DEVICE);
    const configs = await eventually(async () => {
      const m = await retainedConfigs(t.brokerPort);
      return m.size === 2 * PER_DEVICE + 1 ? m : undefined;
    });
    for (const [topic, payload] of configs) {
      const parsedTopic = parseDiscoveryTopic(topic);
      if (!parsedTopic.ok) throw new Error(parsedTopic.reason);
      const discovered = parseDiscoveryPayload(parsedTopic, payload, 64 * 1024);
      if (!discovered.ok || discovered.kind !== 'discovered')
        throw new Error(`${topic}: ${JSON.stringify(discovered)}`);
      const [component] = discovered.components;
      const valid = parseEntityConfig(parsedTopic.component, component?.config ?? {});
      expect(valid.ok, `${topic}: ${valid.ok ? '' : valid.reason}`).toBe(true);
      const config = JSON.parse(payload);
      expect(config.origin.name).toBe('Switchyard');
      expect(config.unique_id).toMatch(/^switchyard_/);
      if (topic.includes('switchyard_bridge')) continue;
      expect(config.device).toMatchObject({
        identifiers: [expect.stringMatching(/^switchyard_(kitchen|garage)$/)],
        via_device: 'switchyard_bridge',
        manufacturer: expect.any(String),
      });
      expect(config.availability_mode).toBe('all');
      expect(config.availability.map((a: { topic: string }) => a.topic)).toEqual([
        'switchyard/status',
        expect.stringMatching(/^devices\/(kitchen|garage)\/status$/),
      ]);
    }
    const relay = JSON.parse(configs.get('homeassistant/switch/switchyard_kitchen/relay/config') ?? '{}');
    expect(relay).toMatchObject({
      name: 'Relay',
      unique_id: 'switchyard_kitchen_relay',
      default_entity_id: 'switch.simulated_esp32_kitchen_relay',
    });
    const rssi = JSON.parse(configs.get('homeassistant/sensor/switchyard_kitchen/rssi/config') ?? '{}');
    expect(rssi).toMatchObject({
      entity_category: 'diagnostic',
      device_class: 'signal_strength',
      unit_of_measurement: 'dBm',
    });
  });

  it('lists our devices once, as ESP32 devices, never again as discovered entities', async () => {
    const { t } = await setup(['kitchen']);
    await eventually(async () => (await t.get('/api/entities')).body.count === PER_DEVICE);
    // Our own configs are all published (the broker has them retained); a marker config published after
    // them on the same connection comes back to the app's discovery after them, which handles configs in
    // order and lists an entity once its subscription is acknowledged, so an entity made from one of ours
    // would be listed before the marker's.
    await eventually(async () => (await retainedConfigs(t.brokerPort)).size === PER_DEVICE + 1);
    const marker = { name: 'Marker', unique_id: 'zz_marker', state_topic: 'zz/marker/state' };
    await t.app.mqtt.publish('homeassistant/sensor/zz_marker/config', JSON.stringify(marker), { qos: 1 });
    await eventually(() => t.app.registry.entity('sensor.marker'));
    const listed: { entity_id: string }[] = (await t.get('/api/entities')).body.entities;
    const entities = listed.filter((e) => e.entity_id !== 'sensor.marker');
    expect(entities).toHaveLength(PER_DEVICE);
    const devices = (await t.get('/api/devices')).body.devices;
    expect(devices.map((d: { id: string; source: string }) => [d.id, d.source])).toEqual([
      ['switchyard_kitchen', 'esp32'],
    ]);
    const detail = (await t.get('/api/devices/switchyard_kitchen')).body;
    expect(detail).toMatchObject({ online: true, metrics: { firmware_version: expect.any(String) } });
    expect(detail.entities).toHaveLength(PER_DEVICE);
  });

  it('announces again when Home Assistant comes online', async () => {
    const { t } = await setup(['kitchen']);
    await eventually(async () => (await retainedConfigs(t.brokerPort)).size === PER_DEVICE + 1);
    const ha = await connectClient(t.brokerPort);
    cleanup.push(() => ha.endAsync());
    const seen: { topic: string; retain: boolean }[] = [];
    ha.on('message', (topic, _payload, packet) => {
      if (topic.startsWith('homeassistant/')) seen.push({ topic, retain: packet.retain === true });
    });
    await subscribeRetained(ha, 'homeassistant/+/+/+/config');
    expect(seen.filter((m) => m.retain)).toHaveLength(PER_DEVICE + 1);
    const before = seen.length;
    await ha.publishAsync('homeassistant/status', 'online');
    await eventually(() => seen.length - before === PER_DEVICE + 1);
    expect(seen.slice(before).every((m) => !m.retain)).toBe(true);
  });

  it.skipIf(!mosquittoAvailable && !mosquittoRequired)(
    'announces again when the broker comes back without its retained messages (Mosquitto restarted)',
    async () => {
      const mosquitto = await createMosquitto(); // no persistence: a restart loses every retained config
      await mosquitto.start();
      cleanup.push(() => mosquitto.stop());
      const dir = tempDir();
      cleanup.push(dir.remove);
      const settings = await testSettingsInput(dir.path, { mqtt_url: `mqtt://127.0.0.1:${mosquitto.port}` });
      const app = createApp(parseSettings(settings), { version: 'test', log: silentLogger });
      await app.start();
      cleanup.push(() => app.stop());
      const device = createSimulatedDevice({
        url: `mqtt://127.0.0.1:${mosquitto.port}`,
        deviceId: 'kitchen',
        intervalMs: 200,
      });
      await device.start();
      cleanup.push(() => device.stop().catch(() => undefined));
      await eventually(async () => (await retainedConfigs(mosquitto.port)).size === PER_DEVICE + 1);
      await mosquitto.stop();
      await eventually(() => !app.mqtt.connected);
      await mosquitto.start();
      await eventually(() => app.mqtt.connected, 10_000);
      await eventually(async () => (await retainedConfigs(mosquitto.port)).size === PER_DEVICE + 1, 10_000, 100);
    },
  );

  it('clears stale configs of ours at start, and every config of a deleted device', async () => {
    const { t } = await setup(['kitchen', 'garage']);
    await eventually(async () => (await t.get('/api/entities')).body.count === 2 * PER_DEVICE);
    // a config left behind by a device that no longer exists
    await t.client.publishAsync(
      'homeassistant/sensor/switchyard_ghost/temp/config',
      '{"name":"Ghost","state_topic":"x"}',
      { retain: true, qos: 1 },
    );
    const restarted = await t.restart();
    cleanup.push(() => restarted.close());
    // the start-up announcement is over once the ghost's config is cleared and all of ours are there again
    // (deleting a device while it still runs would race it: it publishes the configs it listed at its start)
    await eventually(async () => {
      const configs = await retainedConfigs(restarted.brokerPort);
      return !configs.has('homeassistant/sensor/switchyard_ghost/temp/config') && configs.size === 2 * PER_DEVICE + 1;
    }, 15_000);

    const res = await restarted.delete('/api/devices/switchyard_garage');
    expect(res.status).toBe(204);
    const left = await eventually(async () => {
      const m = await retainedConfigs(restarted.brokerPort);
      return [...m.keys()].some((k) => k.includes('switchyard_garage')) ? undefined : m;
    });
    expect(left.size).toBe(PER_DEVICE + 1);
    expect((await restarted.get('/api/devices')).body.devices.map((d: { id: string }) => d.id)).toEqual([
      'switchyard_kitchen',
    ]);
    expect((await restarted.delete('/api/devices/nope')).status).toBe(404);
  });
});

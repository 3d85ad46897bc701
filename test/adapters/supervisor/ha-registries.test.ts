// Home Assistant's registries over its WebSocket API (a real `ws` server speaking Home Assistant's protocol) and
// device automations written with Home Assistant's ids, resolved through them to Switchyard's devices and entities
// on the engine harness (real broker, real discovery, real SQLite).
import { afterEach, describe, expect, it } from 'vitest';
import { createHaRegistries } from '../../../src/adapters/supervisor/ha-registries.js';
import { silentLogger } from '../../../src/core/logger.js';
import { startHarness, until, type Harness } from '../../automations/engine/harness.js';
import { HA_TOKEN, haDevice, haEntity, startFakeHomeAssistant, type FakeHomeAssistant } from './fake-home-assistant.js';

const HA_DEVICE = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const HA_MOTION = '0e4d1c2b3a5f46a7b8c9d0e1f2a3b4c5';
const HA_LAMP = '9f8e7d6c5b4a49382716a5b4c3d2e1f0';
const IEEE = '0x00158d0001a2b3c4';
const MOTION_UNIQUE = `${IEEE}_occupancy_zigbee2mqtt`;

let fake: FakeHomeAssistant | undefined;
let h: Harness | undefined;
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  await h?.close();
  h = undefined;
  await fake?.close();
  fake = undefined;
});

function registries(url: string, token = HA_TOKEN) {
  const r = createHaRegistries({ url, token, log: silentLogger, retryDelayMs: 20 });
  stops.push(() => r.stop());
  return r;
}

describe("Home Assistant's registries over the WebSocket API", () => {
  it('authenticates, reads both lists and reads a list again when Home Assistant says it changed', async () => {
    fake = await startFakeHomeAssistant();
    fake.devices = [haDevice(HA_DEVICE, 'Hall motion', [['mqtt', `zigbee2mqtt_${IEEE}`]], [['zigbee', IEEE]])];
    const r = registries(fake.url);
    expect(r.status()).toEqual({ ready: false, reason: 'not connected to Home Assistant yet' });
    await r.start();
    await until(() => r.status().ready);
    expect(r.device(HA_DEVICE)).toMatchObject({ name: 'Hall motion', connections: [['zigbee', IEEE]] });
    expect(r.entity(HA_MOTION)).toBeUndefined();
    expect(fake.commands).toEqual(
      expect.arrayContaining(['subscribe_events', 'config/device_registry/list', 'config/entity_registry/list']),
    );

    let changes = 0;
    r.onChange(() => changes++);
    fake.entities = [haEntity(HA_MOTION, 'binary_sensor.hallway_occupancy', MOTION_UNIQUE, HA_DEVICE)];
    fake.registryUpdated('entity', { action: 'create', entity_id: 'binary_sensor.hallway_occupancy' });
    await until(() => r.entity(HA_MOTION) !== undefined);
    expect(r.entityById('binary_sensor.hallway_occupancy')?.unique_id).toBe(MOTION_UNIQUE);
    expect(changes).toBe(1);
  });

  it('a refused token is reported and not tried again', async () => {
    fake = await startFakeHomeAssistant();
    const r = registries(fake.url, 'wrong');
    await r.start();
    await until(() => {
      const s = r.status();
      return !s.ready && s.reason.includes('refused the token');
    });
    expect(fake.commands).toEqual([]);
  });

  it('waits for a Home Assistant that is not up yet', async () => {
    const first = await startFakeHomeAssistant();
    const port = Number(new URL(first.url).port);
    await first.close();
    const r = registries(first.url);
    await r.start();
    await until(() => {
      const s = r.status();
      return !s.ready && s.reason.startsWith('Home Assistant is not reachable');
    });
    fake = await startFakeHomeAssistant(port);
    await until(() => r.status().ready);
  });
});

const HALL = `
id: hall
triggers:
  - trigger: device
    domain: binary_sensor
    device_id: ${HA_DEVICE}
    entity_id: ${HA_MOTION}
    type: motion
    metadata: {secondary: false}
  - trigger: device
    domain: mqtt
    device_id: ${HA_DEVICE}
    type: action
    subtype: single
actions:
  - device_id: ${HA_DEVICE}
    domain: light
    entity_id: ${HA_LAMP}
    type: toggle
    metadata: {}
`;

describe("device automations with Home Assistant's ids", () => {
  it('resolve through the registries by identifiers and unique ids, and re-arm when the mapping arrives', async () => {
    fake = await startFakeHomeAssistant();
    fake.devices = [haDevice(HA_DEVICE, 'Hall motion', [['mqtt', `zigbee2mqtt_${IEEE}`]])];
    const ha = registries(fake.url);
    await ha.start();
    await until(() => ha.status().ready);
    h = await startHarness({ 'hall.yaml': HALL }, { engine: { haRegistries: ha } });
    const app = h.t.app;
    // the Zigbee2MQTT device: its motion sensor and its remote action, announced by discovery
    const device = { identifiers: [`zigbee2mqtt_${IEEE}`], name: 'Hall motion', manufacturer: 'Xiaomi' };
    await h.send(
      `homeassistant/binary_sensor/${IEEE}/occupancy/config`,
      JSON.stringify({
        name: 'Occupancy',
        unique_id: MOTION_UNIQUE,
        state_topic: 'z2m/hall',
        device_class: 'motion',
        device,
      }),
    );
    await h.send(
      `homeassistant/device_automation/${IEEE}/action_single/config`,
      JSON.stringify({
        automation_type: 'trigger',
        type: 'action',
        subtype: 'single',
        topic: 'z2m/hall/action',
        payload: 'single',
        device,
      }),
    );
    const motion = (await until(() => app.registry.entityByUniqueId('binary_sensor', MOTION_UNIQUE)))!;
    await until(() => app.registry.deviceTriggers.list().length === 1);

    // Home Assistant's entity registry does not have the entities yet: a warning at each line, with the reason
    const warnings = () => h?.engine.diagnostics().map((d) => `${d.line} ${d.message}`) ?? [];
    expect(warnings()).toEqual([
      `7 triggers[0].entity_id: entity '${HA_MOTION}' is not in Home Assistant's entity registry`,
      `18 actions[0].entity_id: entity '${HA_LAMP}' is not in Home Assistant's entity registry`,
    ]);
    // the MQTT device trigger already resolves (by the device's identifiers): its press runs the automation, whose
    // action fails with the reason
    await h.send('z2m/hall/action', 'single');
    await h.flush();
    expect(h.fullTraces('hall')[0]?.error).toMatch(/is not in Home Assistant's entity registry/);

    // Home Assistant names the entities (one renamed there): the mapping arrives, the trigger re-arms
    fake.entities = [
      haEntity(HA_MOTION, 'binary_sensor.hallway_occupancy', MOTION_UNIQUE, HA_DEVICE),
      haEntity(HA_LAMP, 'light.lamp', 'lamp', null),
    ];
    fake.registryUpdated('entity', { action: 'create', entity_id: 'light.lamp' });
    await until(() => warnings().length === 0);
    await h.setState(motion.entity_id, 'z2m/hall', 'ON', 'on');
    await h.flush();
    expect(h.on('cmd/lamp')).toEqual(['ON']);
    expect(h.fullTraces('hall')[0]?.trigger).toMatchObject({
      platform: 'device',
      description: `state of ${motion.entity_id}`,
    });

    await h.send('z2m/hall/action', 'single');
    await h.flush();
    expect(h.on('cmd/lamp')).toEqual(['ON', 'OFF']);
  });
});

// `homeassistant.update_entity` on ESP32 entities through the command router (commands.refresh), on a real
// embedded broker: a device that lists sensor_read is asked for a reading and the call resolves once the
// answer with its request_id has set the state; refusals, failed reads, offline devices, silence and devices
// of older firmware each end with a clear answer. Devices are real mqtt.js clients or the simulator.
import type { MqttClient } from 'mqtt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSimulatedDevice, type SimulatedDevice } from '../../../sim/simulated-device.js';
import { createContext } from '../../../src/core/context.js';
import { UnavailableError } from '../../../src/core/errors.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { marker, until } from '../../helpers/markers.js';
import { collect, connectClient } from '../../helpers/mqtt-client.js';
import { eventually } from '../../helpers/net.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const ctx = () => createContext('test');
const state = (t: TestApp, id: string) => t.app.states.get(id)?.state;

async function app(commandTimeoutMs = 5_000): Promise<TestApp> {
  const t = await startTestApp({}, { appOptions: { commandTimeoutMs } });
  cleanup.push(() => t.close());
  return t;
}

type Answer = (requestId: string, sensorId: string, device: MqttClient) => Promise<unknown>;

/** A device played by a plain mqtt.js client: one temperature sensor, one switch, sensor_read listed. */
async function attic(t: TestApp, answer: Answer): Promise<{ device: MqttClient; requests: string[] }> {
  const device = await connectClient(t.brokerPort, { clientId: 'attic' });
  cleanup.push(() => device.endAsync());
  const requests: string[] = [];
  device.on('message', (topic, payload) => {
    const [, , , sensorId = '', leaf] = topic.split('/');
    if (leaf !== 'read') return;
    const text = payload.toString();
    requests.push(text);
    void answer((JSON.parse(text) as { request_id: string }).request_id, sensorId, device);
  });
  await device.subscribeAsync('devices/attic/sensors/+/read', { qos: 1 });
  const caps = {
    v: 1,
    device_id: 'attic',
    firmware_version: '2.0.0',
    features: ['sensor_read'],
    sensors: [{ id: 'temp', type: 'temperature', unit: '°C' }],
    actuators: [{ id: 'fan', kind: 'switch' }],
  };
  await device.publishAsync('devices/attic/capabilities', JSON.stringify(caps), { qos: 1, retain: true });
  const online = { v: 1, state: 'online', uptime_s: 9, free_heap: 150000, rssi: -58, firmware_version: '2.0.0' };
  await device.publishAsync('devices/attic/status', JSON.stringify(online), { qos: 1, retain: true });
  await device.publishAsync('devices/attic/sensors/temp/data', '{"v":1,"value":20.1}', { qos: 1 });
  await eventually(() => state(t, 'sensor.attic_temp') === '20.1');
  return { device, requests };
}

const reading = (device: MqttClient, sensorId: string, body: Record<string, unknown>) =>
  device.publishAsync(`devices/attic/sensors/${sensorId}/data`, JSON.stringify({ v: 1, ...body }), { qos: 1 });

async function simulated(t: TestApp, options: { sensorRead?: boolean } = {}): Promise<SimulatedDevice> {
  const device = createSimulatedDevice({
    url: `mqtt://127.0.0.1:${t.brokerPort}`,
    deviceId: 'kitchen',
    intervalMs: 0, // no readings of its own after the first: only answers
    reconnectPeriodMs: 0,
    ...options,
  });
  await device.start();
  cleanup.push(() => device.stop().catch(() => undefined));
  await eventually(() => state(t, 'sensor.simulated_esp32_kitchen_air_temperature')?.match(/^[\d.]+$/));
  return device;
}

describe('homeassistant.update_entity on ESP32 entities', () => {
  it('asks the device for a reading and resolves once the answer with its request_id set the state', async () => {
    const t = await app();
    const { requests } = await attic(t, (requestId, sensorId, device) =>
      reading(device, sensorId, { value: 23.7, request_id: requestId }),
    );
    const result = await t.app.commands.refresh('sensor.attic_temp', ctx());
    expect(state(t, 'sensor.attic_temp')).toBe('23.7');
    expect(requests).toHaveLength(1);
    const request = JSON.parse(requests[0] ?? '{}');
    expect(request).toEqual({ v: 1, request_id: expect.stringMatching(/^sy-/) });
    expect(result).toEqual({
      entity_id: 'sensor.attic_temp',
      refreshed: true,
      how: "asked attic for a reading of 'temp': 23.7",
      published: [{ topic: 'devices/attic/sensors/temp/read', payload: requests[0], qos: 1, retain: false }],
    });
    expect(t.app.esp32.session('attic')?.counters.bad_messages).toBe(0);
  });

  it('a reading without the request_id (the device reporting on its own) does not answer the request', async () => {
    const t = await app();
    await attic(t, async (requestId, sensorId, device) => {
      await reading(device, sensorId, { value: 19 }); // sent before the answer: not it
      await reading(device, sensorId, { value: 19.5, request_id: 'someone-else' });
      await reading(device, sensorId, { value: 21.25, request_id: requestId });
    });
    const result = await t.app.commands.refresh('sensor.attic_temp', ctx());
    expect(result.how).toContain(': 21.25');
    expect(state(t, 'sensor.attic_temp')).toBe('21.25');
  });

  it('a refusal naming the request_id fails the call with its code; a failed read fails it too', async () => {
    const t = await app();
    let mode: 'refuse' | 'broken' = 'refuse';
    await attic(t, async (requestId, sensorId, device) => {
      if (mode === 'refuse') {
        const error = {
          v: 1,
          severity: 'warning',
          code: 'unknown_sensor',
          message: `sensor: device 'attic' has no sensor '${sensorId}'`,
          request_id: requestId,
          sensor_id: sensorId,
        };
        await device.publishAsync('devices/attic/error', JSON.stringify(error), { qos: 1 });
      } else {
        await reading(device, sensorId, { value: null, quality: 'bad', request_id: requestId });
      }
    });
    await expect(t.app.commands.refresh('sensor.attic_temp', ctx())).rejects.toThrow(
      "the device refused the read request for 'temp': unknown_sensor: sensor: device 'attic' has no sensor 'temp'",
    );
    mode = 'broken';
    const failed = t.app.commands.refresh('sensor.attic_temp', ctx());
    await expect(failed).rejects.toBeInstanceOf(UnavailableError);
    await expect(failed).rejects.toThrow("attic could not read 'temp' (quality bad");
    expect(state(t, 'sensor.attic_temp')).toBe('unknown');
  });

  it('the simulator answers; actuators and diagnostics say why their state is already current', async () => {
    const t = await app();
    const device = await simulated(t);
    const id = 'sensor.simulated_esp32_kitchen_air_temperature';
    const result = await t.app.commands.refresh(id, ctx());
    expect(device.readsReceived).toEqual([
      expect.objectContaining({ sensorId: 'temp_air', outcome: 'ok', requestId: expect.stringMatching(/^sy-/) }),
    ]);
    expect(result).toMatchObject({ refreshed: true, how: expect.stringContaining("reading of 'temp_air'") });
    expect(Number(state(t, id))).toBe(device.state.sensors.temp_air);

    const relay = await t.app.commands.refresh('switch.simulated_esp32_kitchen_relay', ctx());
    expect(relay).toEqual({
      entity_id: 'switch.simulated_esp32_kitchen_relay',
      refreshed: false,
      how: "Simulated ESP32 kitchen reports switch 'relay' on a retained status topic at every change: its state is current",
    });
    const uptime = await t.app.commands.refresh('sensor.simulated_esp32_kitchen_uptime', ctx());
    expect(uptime).toMatchObject({ refreshed: false, how: expect.stringContaining('cannot be read on request') });
    expect(device.readsReceived).toHaveLength(1);
  });

  it('a device of older firmware (no sensor_read) is sent nothing and the answer says so', async () => {
    const t = await app();
    await simulated(t, { sensorRead: false });
    const watcher = await connectClient(t.brokerPort);
    cleanup.push(() => watcher.endAsync());
    const seen = await collect(watcher, 'devices/+/sensors/+/read');
    const result = await t.app.commands.refresh('sensor.simulated_esp32_kitchen_humidity', ctx());
    expect(result).toEqual({
      entity_id: 'sensor.simulated_esp32_kitchen_humidity',
      refreshed: false,
      how: "Simulated ESP32 kitchen (firmware 0.1.0-sim) does not support reading on request (its capabilities do not list 'sensor_read'); the state is its last reading",
    });
    await marker(t.app.mqtt, watcher); // anything the app published before it has reached the watcher
    expect(seen).toEqual([]);
  });

  it('an offline device is not asked; the call fails naming it', async () => {
    const t = await app();
    const device = await simulated(t);
    device.kill();
    await eventually(() => state(t, 'sensor.simulated_esp32_kitchen_humidity') === 'unavailable', 5_000);
    const call = t.app.commands.refresh('sensor.simulated_esp32_kitchen_humidity', ctx());
    await expect(call).rejects.toBeInstanceOf(UnavailableError);
    await expect(call).rejects.toThrow(
      "Simulated ESP32 kitchen is offline; it cannot be asked for a reading of 'humidity'",
    );
  });

  it('silence past the command timeout fails the call (on the fake clock)', async () => {
    const t = await app(5_000);
    const device = await simulated(t);
    device.ignoreReads = true;
    // the read's timer is a plain setTimeout; sockets and until() do without timers
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let settled = false;
    const call = t.app.commands.refresh('sensor.simulated_esp32_kitchen_humidity', ctx());
    call.then(
      () => (settled = true),
      () => (settled = true),
    );
    await until(() => device.readsReceived.some((r) => r.outcome === 'ignored'), 'no read request at the device');
    await vi.advanceTimersByTimeAsync(4_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(call).rejects.toThrow(
      /^Simulated ESP32 kitchen did not answer the read request for 'humidity' within 5000 ms \(request sy-/,
    );
  });
});

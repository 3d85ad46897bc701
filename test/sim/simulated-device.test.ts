// The simulated ESP32 against a real in-process broker, with a real mqtt.js client playing Switchyard.
import type { MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedBroker, type EmbeddedBroker } from '../../src/adapters/broker/embedded-broker.js';
import { silentLogger } from '../../src/core/logger.js';
import { decodeBridgeMessage, encodeCommand, type BridgeMessage } from '../../src/protocol/esp32/index.js';
import { parseSimulateArgs } from '../../sim/args.js';
import {
  createSimulatedDevice,
  type SimulatedDevice,
  type SimulatedDeviceOptions,
} from '../../sim/simulated-device.js';
import { collect, connectClient, nextMessage } from '../helpers/mqtt-client.js';
import { eventually, freePort } from '../helpers/net.js';

const PREFIX = 'devices';
let broker: EmbeddedBroker;
let url: string;
const devices: SimulatedDevice[] = [];
const clients: MqttClient[] = [];
let counter = 0;

beforeAll(async () => {
  broker = createEmbeddedBroker({ port: await freePort(), host: '127.0.0.1', log: silentLogger });
  await broker.start();
  url = `mqtt://127.0.0.1:${broker.port}`;
});

afterEach(async () => {
  await Promise.all(devices.splice(0).map((d) => d.stop().catch(() => {})));
  await Promise.all(clients.splice(0).map((c) => c.endAsync(true).catch(() => {})));
});

afterAll(async () => {
  await broker.stop();
});

/** A started device with a fresh id, so retained messages of other tests never mix in. */
async function startDevice(overrides: Partial<SimulatedDeviceOptions> = {}): Promise<SimulatedDevice> {
  counter += 1;
  const device = createSimulatedDevice({
    url,
    deviceId: `sim-test-${counter}`,
    prefix: PREFIX,
    intervalMs: 100,
    reconnectPeriodMs: 0,
    ...overrides,
  });
  devices.push(device);
  await device.start();
  return device;
}

async function switchyard(): Promise<MqttClient> {
  const client = await connectClient(broker.port);
  clients.push(client);
  return client;
}

function decoded(topic: string, payload: string): BridgeMessage {
  const result = decodeBridgeMessage(topic, payload, PREFIX);
  if (!result.ok) throw new Error(`${topic}: ${result.reason}`);
  return result;
}

/** Waits until a decodable message on the collected list satisfies `match` (others, e.g. our own commands, are skipped). */
async function waitFor(
  seen: { topic: string; payload: string; retain: boolean }[],
  match: (m: BridgeMessage, retain: boolean) => boolean,
): Promise<BridgeMessage & { retain: boolean }> {
  const found = await eventually(() => {
    for (const s of seen) {
      const result = decodeBridgeMessage(s.topic, s.payload, PREFIX);
      if (result.ok && match(result, s.retain)) return { ...result, retain: s.retain };
    }
    return undefined;
  });
  if (!found) throw new Error('unreachable: eventually returned nothing');
  return found;
}

describe('simulated ESP32 device', () => {
  it('leaves retained capabilities, status and actuator states that the codec decodes', async () => {
    const device = await startDevice();
    const id = device.deviceId;
    const sy = await switchyard(); // connects after the device: retained messages only
    const caps = await nextMessage(sy, `${PREFIX}/${id}/capabilities`);
    expect(caps.retain).toBe(true);
    const message = decoded(`${PREFIX}/${id}/capabilities`, caps.payload);
    if (message.kind !== 'capabilities') throw new Error('wrong kind');
    expect(message.message.device_id).toBe(id);
    expect(message.message.sensors.filter((s) => s.type === 'temperature').map((s) => s.id)).toEqual([
      'temp_air',
      'temp_fridge',
    ]);
    expect(message.message.actuators.map((a) => `${a.id}:${a.kind}`)).toEqual([
      'relay:switch',
      'lamp:dimmer',
      'setpoint:number',
      'identify:button',
      'mode:select',
    ]);

    const status = await nextMessage(sy, `${PREFIX}/${id}/status`);
    expect(status.retain).toBe(true);
    expect(decoded(`${PREFIX}/${id}/status`, status.payload).message).toMatchObject({
      v: 1,
      state: 'online',
      firmware_version: '0.1.0-sim',
    });
    const lamp = await nextMessage(sy, `${PREFIX}/${id}/actuators/lamp/status`);
    expect(lamp.retain).toBe(true);
    expect(decoded(`${PREFIX}/${id}/actuators/lamp/status`, lamp.payload).message).toEqual({
      v: 1,
      kind: 'dimmer',
      state: false,
      level: 50,
      result: 'ok',
    });
  });

  it('publishes drifting readings per sensor id, not retained, on its own connection', async () => {
    const before = broker.clientCount;
    const device = await startDevice({ intervalMs: 50 });
    await startDevice({ intervalMs: 50 });
    expect(broker.clientCount).toBe(before + 2);
    const sy = await switchyard();
    const seen = await collect(sy, `${PREFIX}/${device.deviceId}/sensors/+/data`);
    await eventually(() => new Set(seen.map((s) => s.topic)).size === 3 && seen.length >= 9);
    expect(seen.every((s) => !s.retain)).toBe(true);
    const fridge = seen.filter((s) => s.topic.endsWith('/temp_fridge/data')).map((s) => decoded(s.topic, s.payload));
    const air = seen.filter((s) => s.topic.endsWith('/temp_air/data')).map((s) => decoded(s.topic, s.payload));
    expect(fridge.length).toBeGreaterThan(1);
    for (const m of fridge) expect(m.message).toMatchObject({ value: expect.any(Number), quality: 'good' });
    expect(air[0]?.kind === 'sensor-data' && air[0].sensorId).toBe('temp_air');
  });

  it('confirms a command with the same request_id and the new state', async () => {
    const device = await startDevice();
    const sy = await switchyard();
    const seen = await collect(sy, `${PREFIX}/${device.deviceId}/actuators/+/status`);
    const send = (actuator: string, body: Parameters<typeof encodeCommand>[0]) =>
      sy.publishAsync(`${PREFIX}/${device.deviceId}/actuators/${actuator}/cmd`, encodeCommand(body), { qos: 1 });

    await send('lamp', { request_id: 'sy-1', action: 'set', value: 40 });
    const lamp = await waitFor(seen, (m) => m.kind === 'actuator-status' && m.message.request_id === 'sy-1');
    expect(lamp).toMatchObject({
      actuatorId: 'lamp',
      retain: false,
      message: { v: 1, kind: 'dimmer', state: true, level: 40, request_id: 'sy-1', result: 'ok' },
    });
    expect(device.state.actuators.lamp).toEqual({ kind: 'dimmer', state: true, level: 40 });

    await send('relay', { request_id: 'sy-2', action: 'toggle' });
    await send('mode', { request_id: 'sy-3', action: 'set', value: 'boost' });
    await send('identify', { request_id: 'sy-4', action: 'press' });
    await send('setpoint', { request_id: 'sy-5', action: 'set', value: 22.5 });
    expect(
      (await waitFor(seen, (m) => m.kind === 'actuator-status' && m.message.request_id === 'sy-2')).message,
    ).toMatchObject({ kind: 'switch', state: true });
    expect(
      (await waitFor(seen, (m) => m.kind === 'actuator-status' && m.message.request_id === 'sy-3')).message,
    ).toMatchObject({ kind: 'select', state: 'boost' });
    expect(
      (await waitFor(seen, (m) => m.kind === 'actuator-status' && m.message.request_id === 'sy-4')).message,
    ).toEqual({
      v: 1,
      kind: 'button',
      request_id: 'sy-4',
      result: 'ok',
    });
    expect(
      (await waitFor(seen, (m) => m.kind === 'actuator-status' && m.message.request_id === 'sy-5')).message,
    ).toMatchObject({ kind: 'number', state: 22.5 });
    expect(device.commandsReceived.map((c) => `${c.actuatorId}:${c.requestId}:${c.outcome}`)).toEqual([
      'lamp:sy-1:ok',
      'relay:sy-2:ok',
      'mode:sy-3:ok',
      'identify:sy-4:ok',
      'setpoint:sy-5:ok',
    ]);

    // a redelivered command (same request_id) is answered again, with the current state, but not run twice
    await send('relay', { request_id: 'sy-6', action: 'off' });
    await waitFor(seen, (m) => m.kind === 'actuator-status' && m.message.request_id === 'sy-6');
    await send('relay', { request_id: 'sy-2', action: 'toggle' });
    await eventually(() => device.commandsReceived.some((c) => c.outcome === 'duplicate'));
    const answers = await eventually(() => {
      const found = seen.filter((s) => s.payload.includes('"sy-2"'));
      return found.length === 2 ? found : undefined;
    });
    expect(JSON.parse(answers?.[1]?.payload ?? '{}')).toEqual({
      v: 1,
      kind: 'switch',
      state: false,
      request_id: 'sy-2',
      result: 'ok',
    });
    expect(device.state.actuators.relay).toEqual({ kind: 'switch', state: false });
  });

  it('refuses invalid commands with result "error" and an error message', async () => {
    const device = await startDevice();
    const sy = await switchyard();
    const seen = await collect(sy, `${PREFIX}/${device.deviceId}/#`);
    const cmdTopic = `${PREFIX}/${device.deviceId}/actuators/lamp/cmd`;

    await sy.publishAsync(cmdTopic, '{"v":1,"request_id":"sy-9","action":"set","value":140}', { qos: 1 });
    const refused = await waitFor(seen, (m) => m.kind === 'actuator-status' && m.message.request_id === 'sy-9');
    expect(refused.message).toMatchObject({
      kind: 'dimmer',
      state: false,
      level: 50,
      result: 'error',
      error_code: 'out_of_range',
    });
    const error = await waitFor(seen, (m) => m.kind === 'error' && m.message.request_id === 'sy-9');
    expect(error).toMatchObject({
      retain: false,
      message: { v: 1, severity: 'warning', code: 'out_of_range', actuator_id: 'lamp' },
    });
    expect(error.message).toHaveProperty('message', expect.stringContaining('140 is outside 0..100'));

    await sy.publishAsync(cmdTopic, 'ON', { qos: 1 });
    const notJson = await waitFor(seen, (m) => m.kind === 'error' && m.message.code === 'invalid_command');
    expect(notJson.message).toHaveProperty('message', expect.stringContaining('not valid JSON'));

    await sy.publishAsync(
      `${PREFIX}/${device.deviceId}/actuators/relay/cmd`,
      '{"v":2,"request_id":"sy-11","action":"on"}',
      { qos: 1 },
    );
    const newer = await waitFor(seen, (m) => m.kind === 'actuator-status' && m.message.request_id === 'sy-11');
    expect(newer.message).toMatchObject({
      kind: 'switch',
      state: false,
      result: 'error',
      error_code: 'unsupported_version',
    });
    await waitFor(
      seen,
      (m) => m.kind === 'error' && m.message.code === 'unsupported_version' && m.message.request_id === 'sy-11',
    );

    await sy.publishAsync(
      `${PREFIX}/${device.deviceId}/actuators/heater/cmd`,
      encodeCommand({ request_id: 'sy-10', action: 'on' }),
      { qos: 1 },
    );
    await waitFor(
      seen,
      (m) => m.kind === 'error' && m.message.code === 'unknown_actuator' && m.message.request_id === 'sy-10',
    );
    expect(device.state.actuators.lamp).toEqual({ kind: 'dimmer', state: false, level: 50 });
  });

  it('can stay silent, so a sender can test its command timeout', async () => {
    const device = await startDevice();
    device.ignoreCommands = true;
    const sy = await switchyard();
    await sy.publishAsync(
      `${PREFIX}/${device.deviceId}/actuators/relay/cmd`,
      encodeCommand({ request_id: 'sy-20', action: 'on' }),
      { qos: 1 },
    );
    await eventually(() => device.commandsReceived.some((c) => c.requestId === 'sy-20' && c.outcome === 'ignored'));
    expect(device.state.actuators.relay).toEqual({ kind: 'switch', state: false });
  });

  it('kill() leaves the broker to publish the retained offline Last Will', async () => {
    const device = await startDevice();
    const sy = await switchyard();
    const topic = `${PREFIX}/${device.deviceId}/status`;
    const seen = await collect(sy, topic);
    await waitFor(seen, (m) => m.kind === 'status' && m.message.state === 'online');
    device.kill();
    const will = await waitFor(seen, (m) => m.kind === 'status' && m.message.state === 'offline');
    expect(will.message).toEqual({ v: 1, state: 'offline', reason: 'lwt' });
    const late = await switchyard();
    const retained = await nextMessage(late, topic);
    expect(retained.retain).toBe(true);
    expect(JSON.parse(retained.payload)).toEqual({ v: 1, state: 'offline', reason: 'lwt' });
  });

  it('stop() says offline itself (a clean disconnect discards the will)', async () => {
    const device = await startDevice();
    await device.stop();
    const sy = await switchyard();
    const retained = await nextMessage(sy, `${PREFIX}/${device.deviceId}/status`);
    expect(retained.retain).toBe(true);
    expect(decoded(`${PREFIX}/${device.deviceId}/status`, retained.payload).message).toMatchObject({
      state: 'offline',
      reason: 'shutdown',
    });
  });
});

describe('simulate command line', () => {
  it('takes the broker from --url, then SWITCHYARD_MQTT_URL, then SWITCHYARD_BROKER_PORT', () => {
    expect(
      parseSimulateArgs(['--devices', '3', '--url', 'mqtt://h:1'], { SWITCHYARD_MQTT_URL: 'mqtt://e:2' }),
    ).toMatchObject({ devices: 3, url: 'mqtt://h:1' });
    expect(parseSimulateArgs([], { SWITCHYARD_MQTT_URL: 'mqtt://e:2' })).toMatchObject({
      devices: 1,
      url: 'mqtt://e:2',
      prefix: 'devices',
      intervalMs: 5000,
    });
    expect(parseSimulateArgs([], { SWITCHYARD_MQTT_URL: '', SWITCHYARD_BROKER_PORT: '18883' })).toMatchObject({
      url: 'mqtt://127.0.0.1:18883',
    });
    expect(parseSimulateArgs(['--interval-ms', '500', '--prefix', 'home/esp'], {})).toMatchObject({
      url: 'mqtt://127.0.0.1:1883',
      intervalMs: 500,
      prefix: 'home/esp',
    });
  });

  it('rejects bad numbers, unknown flags and ids that would be invalid', () => {
    expect(() => parseSimulateArgs(['--devices', '0'], {})).toThrow('--devices must be a positive integer');
    expect(() => parseSimulateArgs(['--interval-ms', 'fast'], {})).toThrow('--interval-ms must be a positive integer');
    expect(() => parseSimulateArgs(['--colour'], {})).toThrow();
    expect(() => parseSimulateArgs(['--id-prefix', 'ESP '], {})).toThrow('not valid ids');
  });
});

import { describe, expect, it } from 'vitest';
import {
  decodeBridgeMessage,
  decodeMessage,
  encodeActuatorStatus,
  encodeCapabilities,
  encodeCommand,
  encodeError,
  encodeReadRequest,
  encodeSensorData,
  encodeStatus,
  lastWill,
  MAX_PAYLOAD_BYTES,
  MESSAGE_KINDS,
  MESSAGE_SCHEMAS,
  validateCommand,
  type ActuatorCapability,
} from '../../../src/protocol/esp32/index.js';

describe('encode → decode round trips', () => {
  it('a command Switchyard sends', () => {
    const text = encodeCommand({ request_id: 'sy-42', action: 'set', value: 40 });
    expect(JSON.parse(text)).toEqual({ v: 1, request_id: 'sy-42', action: 'set', value: 40 });
    expect(decodeMessage('actuator-cmd', text)).toEqual({
      ok: true,
      message: { v: 1, request_id: 'sy-42', action: 'set', value: 40 },
    });
    expect(decodeMessage('actuator-cmd', encodeCommand({ request_id: 'sy-43', action: 'press' }))).toEqual({
      ok: true,
      message: { v: 1, request_id: 'sy-43', action: 'press' },
    });
  });

  it('a read request and the reading that answers it, matched by request_id', () => {
    const request = encodeReadRequest({ request_id: 'sy-r1' });
    expect(JSON.parse(request)).toEqual({ v: 1, request_id: 'sy-r1' });
    expect(decodeBridgeMessage('devices/d1/sensors/temp_air/read', request, 'devices')).toEqual({
      ok: true,
      kind: 'sensor-read',
      deviceId: 'd1',
      sensorId: 'temp_air',
      message: { v: 1, request_id: 'sy-r1' },
    });
    const answer = encodeSensorData({ value: 21.6, request_id: 'sy-r1' });
    expect(decodeMessage('sensor-data', answer)).toEqual({
      ok: true,
      message: { v: 1, value: 21.6, quality: 'good', request_id: 'sy-r1' },
    });
    expect(() => encodeReadRequest({ request_id: 'no spaces' })).toThrow("request_id: invalid request_id 'no spaces'");
  });

  it('everything a device publishes, with defaults filled in', () => {
    const caps = encodeCapabilities({
      device_id: 'd1',
      firmware_version: '1.0.0',
      sensors: [
        { id: 'temp_a', type: 'temperature', unit: '°C' },
        { id: 'temp_b', type: 'temperature', unit: '°C' },
      ],
      actuators: [{ id: 'lamp', kind: 'dimmer' }],
    });
    expect(decodeBridgeMessage('devices/d1/capabilities', Buffer.from(caps), 'devices')).toEqual({
      ok: true,
      kind: 'capabilities',
      deviceId: 'd1',
      message: {
        v: 1,
        device_id: 'd1',
        firmware_version: '1.0.0',
        sensors: [
          { id: 'temp_a', type: 'temperature', unit: '°C', value_type: 'number' },
          { id: 'temp_b', type: 'temperature', unit: '°C', value_type: 'number' },
        ],
        actuators: [{ id: 'lamp', kind: 'dimmer', min: 0, max: 100, step: 1 }],
      },
    });
    const status = encodeStatus({
      state: 'online',
      uptime_s: 5,
      free_heap: 1000,
      rssi: -50,
      firmware_version: '1.0.0',
      ip: '10.0.0.2',
    });
    expect(decodeMessage('status', status)).toMatchObject({
      ok: true,
      message: { v: 1, state: 'online', ip: '10.0.0.2' },
    });
    expect(decodeMessage('sensor-data', encodeSensorData({ value: 21.5, ts: 1 }))).toEqual({
      ok: true,
      message: { v: 1, value: 21.5, quality: 'good', ts: 1 },
    });
    expect(
      decodeMessage(
        'actuator-status',
        encodeActuatorStatus({ kind: 'dimmer', state: true, level: 40, request_id: 'sy-1' }),
      ),
    ).toEqual({
      ok: true,
      message: { v: 1, kind: 'dimmer', state: true, level: 40, request_id: 'sy-1', result: 'ok' },
    });
    expect(
      decodeMessage('error', encodeError({ severity: 'critical', code: 'low_memory', message: 'heap low' })),
    ).toEqual({
      ok: true,
      message: { v: 1, severity: 'critical', code: 'low_memory', message: 'heap low' },
    });
  });

  it('the Last Will is a retained QoS 1 offline status', () => {
    const will = lastWill('devices', 'd1');
    expect(will).toEqual({
      topic: 'devices/d1/status',
      payload: '{"v":1,"state":"offline","reason":"lwt"}',
      qos: 1,
      retain: true,
    });
    expect(decodeMessage('status', will.payload)).toEqual({
      ok: true,
      message: { v: 1, state: 'offline', reason: 'lwt' },
    });
  });
});

describe('encoders refuse what the decoder would reject', () => {
  it('names the field', () => {
    expect(() => encodeCommand({ request_id: 'has space', action: 'on' })).toThrow(
      "cannot encode actuator-cmd: request_id: invalid request_id 'has space'",
    );
    expect(() => encodeCommand({ request_id: 'sy-1', action: 'set' })).toThrow('value: missing required field');
    expect(() => encodeStatus({ state: 'online' })).toThrow('uptime_s: missing required field');
    expect(() =>
      encodeCapabilities({
        device_id: 'd1',
        firmware_version: '1',
        sensors: [
          { id: 't', type: 'temperature' },
          { id: 't', type: 'temperature' },
        ],
      }),
    ).toThrow("sensors[1].id: duplicate id 't'");
  });

  it('refuses a payload over the size limit', () => {
    const options = Array.from({ length: 32 }, (_, i) => `option-${String(i).padStart(2, '0')}-${'x'.repeat(20)}`);
    const actuators = Array.from({ length: 32 }, (_, i) => ({
      id: `sel${i}`,
      kind: 'select' as const,
      name: 'n'.repeat(64),
      options,
    }));
    expect(() => encodeCapabilities({ device_id: 'd1', firmware_version: '1', actuators })).toThrow(
      `over the limit of ${MAX_PAYLOAD_BYTES}`,
    );
  });
});

describe('decodeMessage', () => {
  it('has a schema for every kind', () => {
    expect(Object.keys(MESSAGE_SCHEMAS).sort()).toEqual([...MESSAGE_KINDS].sort());
  });

  it('takes a Buffer, a Uint8Array or a string alike', () => {
    const text = '{"v":1,"value":1}';
    const expected = { ok: true, message: { v: 1, value: 1, quality: 'good' } };
    expect(decodeMessage('sensor-data', text)).toEqual(expected);
    expect(decodeMessage('sensor-data', Buffer.from(text))).toEqual(expected);
    expect(decodeMessage('sensor-data', new TextEncoder().encode(text))).toEqual(expected);
  });

  it('refuses bytes that are not UTF-8 (a lone continuation byte, an overlong form, a cut sequence), as a Buffer or a view', () => {
    const bad = [
      [0x7b, 0x80, 0x7d],
      [0xc0, 0xaf],
      [0x7b, 0x22, 0xe2, 0x82],
    ];
    for (const bytes of bad) {
      const refused = { ok: false, reason: 'payload: not valid UTF-8' };
      expect(decodeMessage('sensor-data', Buffer.from(bytes))).toEqual(refused);
      // a view into a larger buffer is checked only over its own bytes
      const wide = new Uint8Array([0x7b, ...bytes, 0x7d]);
      expect(decodeMessage('sensor-data', wide.subarray(1, 1 + bytes.length))).toEqual(refused);
    }
    // a view of valid text inside invalid bytes decodes
    const around = new Uint8Array([0xff, ...Buffer.from('{"v":1,"value":2}'), 0xff]);
    expect(decodeMessage('sensor-data', around.subarray(1, around.length - 1))).toEqual({
      ok: true,
      message: { v: 1, value: 2, quality: 'good' },
    });
  });

  it('checks the version before the fields, so a newer device is told apart from a broken one', () => {
    expect(decodeMessage('capabilities', '{"v":2,"whatever":[]}')).toEqual({
      ok: false,
      reason: 'v: unsupported protocol version 2 (this end speaks 1)',
    });
  });

  it('lists several problems in one reason, and counts the rest', () => {
    const r = decodeMessage(
      'error',
      '{"v":1,"severity":0,"code":0,"message":0,"request_id":0,"sensor_id":0,"actuator_id":0}',
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/^severity: .*; code: .*; message: .*; request_id: .*; and 2 more$/);
  });
});

describe('validateCommand', () => {
  it('accepts values on a fractional step grid despite floating point', () => {
    const a: ActuatorCapability = { id: 'n', kind: 'number', min: 0, max: 1, step: 0.1 };
    expect(validateCommand(a, { action: 'set', value: 0.1 + 0.2 })).toEqual({ ok: true });
    expect(validateCommand(a, { action: 'set', value: 0.7 })).toEqual({ ok: true });
    expect(validateCommand(a, { action: 'set', value: 0.75 })).toMatchObject({ ok: false, code: 'out_of_range' });
  });
});

import { describe, expect, it } from 'vitest';
import {
  actuatorTopic,
  deviceCommandFilter,
  deviceReadFilter,
  deviceTopic,
  isValidId,
  MESSAGE_KINDS,
  parseBridgeTopic,
  PUBLISH_OPTIONS,
  sensorDataTopic,
  sensorTopic,
  switchyardSubscriptions,
} from '../../../src/protocol/esp32/index.js';

describe('parseBridgeTopic', () => {
  it('parses every topic of the protocol', () => {
    expect(parseBridgeTopic('devices/esp32-kitchen/capabilities', 'devices')).toEqual({
      ok: true,
      deviceId: 'esp32-kitchen',
      kind: 'capabilities',
    });
    expect(parseBridgeTopic('devices/esp32-kitchen/status', 'devices')).toEqual({
      ok: true,
      deviceId: 'esp32-kitchen',
      kind: 'status',
    });
    expect(parseBridgeTopic('devices/esp32-kitchen/error', 'devices')).toEqual({
      ok: true,
      deviceId: 'esp32-kitchen',
      kind: 'error',
    });
    expect(parseBridgeTopic('devices/esp32-kitchen/sensors/temp_air/data', 'devices')).toEqual({
      ok: true,
      deviceId: 'esp32-kitchen',
      kind: 'sensor-data',
      sensorId: 'temp_air',
    });
    expect(parseBridgeTopic('devices/esp32-kitchen/sensors/temp_air/read', 'devices')).toEqual({
      ok: true,
      deviceId: 'esp32-kitchen',
      kind: 'sensor-read',
      sensorId: 'temp_air',
    });
    expect(parseBridgeTopic('devices/esp32-kitchen/actuators/relay/cmd', 'devices')).toEqual({
      ok: true,
      deviceId: 'esp32-kitchen',
      kind: 'actuator-cmd',
      actuatorId: 'relay',
    });
    expect(parseBridgeTopic('devices/esp32-kitchen/actuators/relay/status', 'devices')).toEqual({
      ok: true,
      deviceId: 'esp32-kitchen',
      kind: 'actuator-status',
      actuatorId: 'relay',
    });
  });

  it('keeps two sensors of the same type apart by id', () => {
    const a = parseBridgeTopic('devices/d1/sensors/temp_air/data', 'devices');
    const b = parseBridgeTopic('devices/d1/sensors/temp_fridge/data', 'devices');
    expect(a.ok && a.kind === 'sensor-data' && a.sensorId).toBe('temp_air');
    expect(b.ok && b.kind === 'sensor-data' && b.sensorId).toBe('temp_fridge');
  });

  it('accepts a prefix of several levels and ignores a trailing slash on it', () => {
    expect(parseBridgeTopic('home/esp/d1/status', 'home/esp')).toEqual({ ok: true, deviceId: 'd1', kind: 'status' });
    expect(parseBridgeTopic('home/esp/d1/status', 'home/esp/')).toEqual({ ok: true, deviceId: 'd1', kind: 'status' });
  });

  it('names the part that is wrong', () => {
    const reason = (topic: string, prefix = 'devices') => {
      const r = parseBridgeTopic(topic, prefix);
      return r.ok ? 'parsed' : r.reason;
    };
    expect(reason('devicesX/d1/status')).toContain("is not under the bridge prefix 'devices'");
    expect(reason('devices')).toContain('is not under the bridge prefix');
    expect(reason('devices/D1/status')).toContain("device_id 'D1' is not a valid id");
    expect(reason('devices/d1')).toContain('does not match any bridge topic');
    expect(reason('devices/d1/state')).toContain("unknown device topic 'state'");
    expect(reason('devices/d1/sensors/t/value')).toContain("unknown sensor topic 'value'");
    expect(reason('devices/d1/sensors/t.1/data')).toContain("sensor id 't.1' is not a valid id");
    expect(reason('devices/d1/actuators/r/set')).toContain("unknown actuator topic 'set'");
    expect(reason('devices/d1/actuators/r#/cmd')).toContain("actuator id 'r#' is not a valid id");
    expect(reason('devices/d1/lights/r/cmd')).toContain('does not match any bridge topic');
    expect(reason('devices/d1/status', 'dev/+')).toContain('wildcard');
    expect(reason('devices/d1/status', '')).toContain('bridge prefix is empty');
    expect(reason('a//b/d1/status', 'a//b')).toContain('empty topic level');
  });
});

describe('ids', () => {
  it('allow 1 to 32 of a-z 0-9 _ -', () => {
    expect(isValidId('esp32-kitchen_2')).toBe(true);
    expect(isValidId('a'.repeat(32))).toBe(true);
    for (const bad of ['', 'a'.repeat(33), 'Kitchen', 'a b', 'a/b', 'a+b', 'a#b', 'a.b', 'é'])
      expect(isValidId(bad), bad).toBe(false);
  });
});

describe('topic builders', () => {
  it('build what the parser reads back', () => {
    const built = [
      deviceTopic('devices', 'd1', 'capabilities'),
      deviceTopic('devices', 'd1', 'status'),
      deviceTopic('devices', 'd1', 'error'),
      sensorDataTopic('devices', 'd1', 'temp_air'),
      sensorTopic('devices', 'd1', 'temp_air', 'read'),
      actuatorTopic('devices', 'd1', 'relay', 'cmd'),
      actuatorTopic('devices', 'd1', 'relay', 'status'),
    ];
    expect(built).toEqual([
      'devices/d1/capabilities',
      'devices/d1/status',
      'devices/d1/error',
      'devices/d1/sensors/temp_air/data',
      'devices/d1/sensors/temp_air/read',
      'devices/d1/actuators/relay/cmd',
      'devices/d1/actuators/relay/status',
    ]);
    expect(built.map((t) => parseBridgeTopic(t, 'devices')).map((r) => (r.ok ? r.kind : r.reason))).toEqual([
      ...MESSAGE_KINDS,
    ]);
  });

  it('refuse ids and prefixes that would break the topic', () => {
    expect(() => deviceTopic('devices', 'a/b', 'status')).toThrow("device_id 'a/b' is not a valid id");
    expect(() => sensorDataTopic('devices', 'd1', 'T')).toThrow("sensor id 'T' is not a valid id");
    expect(() => actuatorTopic('devices', 'd1', '#', 'cmd')).toThrow("actuator id '#' is not a valid id");
    expect(() => deviceTopic('dev/#', 'd1', 'status')).toThrow('wildcard');
  });

  it('give the subscriptions of each side', () => {
    expect(switchyardSubscriptions('devices')).toEqual([
      'devices/+/capabilities',
      'devices/+/status',
      'devices/+/error',
      'devices/+/sensors/+/data',
      'devices/+/actuators/+/status',
    ]);
    expect(deviceCommandFilter('home/esp/', 'd1')).toBe('home/esp/d1/actuators/+/cmd');
    // a device listing sensor_read adds a second filter; Switchyard never hears its own read requests
    expect(deviceReadFilter('home/esp/', 'd1')).toBe('home/esp/d1/sensors/+/read');
    expect(() => deviceReadFilter('devices', 'D1')).toThrow("device_id 'D1' is not a valid id");
  });
});

describe('PUBLISH_OPTIONS', () => {
  it('states QoS and retain per topic as the protocol does', () => {
    expect(PUBLISH_OPTIONS).toEqual({
      capabilities: { qos: 1, retain: true, publisher: 'device' },
      status: { qos: 1, retain: true, publisher: 'device' },
      error: { qos: 1, retain: false, publisher: 'device' },
      'sensor-data': { qos: 0, retain: false, publisher: 'device' },
      'sensor-read': { qos: 1, retain: false, publisher: 'switchyard' },
      'actuator-cmd': { qos: 1, retain: false, publisher: 'switchyard' },
      'actuator-status': { qos: 1, retain: true, publisher: 'device' },
    });
  });
});

import { describe, expect, it } from 'vitest';
import {
  defaultEntityName,
  entityName,
  friendlyName,
  slugify,
  suggestedObjectId,
  uniqueEntityId,
} from '../../../src/protocol/ha-discovery/entity-naming.js';

describe('entityName', () => {
  it('uses an explicit name as is and null as "main feature"', () => {
    expect(entityName({ domain: 'switch', name: 'Pump' })).toBe('Pump');
    expect(entityName({ domain: 'switch', name: null, hasDevice: true })).toBeNull();
    expect(entityName({ domain: 'switch', name: '', hasDevice: true })).toBeNull();
  });

  it('names unnamed binary_sensor/button/event/number/sensor after the device class', () => {
    expect(entityName({ domain: 'sensor', deviceClass: 'temperature' })).toBe('Temperature');
    expect(entityName({ domain: 'sensor', deviceClass: 'humidity' })).toBe('Humidity');
    expect(entityName({ domain: 'binary_sensor', deviceClass: 'motion' })).toBe('Motion');
    expect(entityName({ domain: 'binary_sensor', deviceClass: 'door' })).toBe('Door');
    expect(entityName({ domain: 'button', deviceClass: 'restart' })).toBe('Restart');
    expect(entityName({ domain: 'number', deviceClass: 'power' })).toBe('Power');
  });

  it('falls back to the platform default name', () => {
    expect(entityName({ domain: 'sensor', deviceClass: 'enum' })).toBe('MQTT Sensor');
    expect(entityName({ domain: 'switch', deviceClass: 'outlet' })).toBe('MQTT Switch');
    expect(entityName({ domain: 'binary_sensor' })).toBe('MQTT Binary sensor');
    expect(entityName({ domain: 'light' })).toBe('MQTT LightEntity');
    expect(entityName({ domain: 'light', lightSchema: 'json' })).toBe('MQTT JSON Light');
    expect(entityName({ domain: 'climate' })).toBe('MQTT HVAC');
    expect(entityName({ domain: 'device_tracker' })).toBeNull();
    expect(defaultEntityName('cover')).toBe('MQTT Cover');
  });
});

describe('friendlyName', () => {
  it('prefixes the device name', () => {
    expect(friendlyName('Garden', 'Irrigation')).toBe('Garden Irrigation');
    expect(friendlyName('Garden', null)).toBe('Garden');
    expect(friendlyName(undefined, 'Pump')).toBe('Pump');
    expect(friendlyName(undefined, null)).toBeNull();
  });
});

describe('slugify', () => {
  it('behaves like homeassistant.util.slugify', () => {
    expect(slugify('Bedroom Temperature')).toBe('bedroom_temperature');
    expect(slugify("Bob's Lamp")).toBe('bob_s_lamp');
    expect(slugify('Küche Decke')).toBe('kuche_decke');
    expect(slugify('Straße')).toBe('strasse');
    expect(slugify('  --Multiple   separators__ ')).toBe('multiple_separators');
    expect(slugify('1,000 Watts')).toBe('1000_watts');
    expect(slugify('Temp °C')).toBe('temp_degc');
    expect(slugify('!!!')).toBe('unknown');
    expect(slugify('')).toBe('');
  });
});

describe('entity ids', () => {
  it('prefers default_entity_id, then object_id, then the friendly name', () => {
    expect(suggestedObjectId({ defaultEntityId: 'sensor.My Temp', objectId: 'other', friendlyName: 'x' })).toBe(
      'my_temp',
    );
    expect(suggestedObjectId({ objectId: 'Living Room', friendlyName: 'x' })).toBe('living_room');
    expect(suggestedObjectId({ friendlyName: 'Garden Irrigation' })).toBe('garden_irrigation');
    expect(suggestedObjectId({ uniqueId: 'abc123' })).toBe('mqtt_abc123');
    expect(suggestedObjectId({})).toBe('unnamed_device');
  });

  it('adds _2, _3 … for taken ids', () => {
    const taken = new Set(['switch.pump', 'switch.pump_2']);
    expect(uniqueEntityId('switch', 'pump', (id) => taken.has(id))).toBe('switch.pump_3');
    expect(uniqueEntityId('switch', 'valve', (id) => taken.has(id))).toBe('switch.valve');
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEntityConfig } from '../../../src/protocol/ha-discovery/components/index.js';
import { parseDiscoveryTopic } from '../../../src/protocol/ha-discovery/discovery-topic.js';
import {
  entityName,
  friendlyName,
  suggestedObjectId,
  uniqueEntityId,
} from '../../../src/protocol/ha-discovery/entity-naming.js';
import { parseDiscoveryPayload, type DiscoveredComponent } from '../../../src/protocol/ha-discovery/payload.js';

interface Fixture {
  topic: string;
  payload: Record<string, unknown>;
}

function load(name: string): Fixture {
  return JSON.parse(readFileSync(new URL(`../../fixtures/discovery/${name}`, import.meta.url), 'utf8')) as Fixture;
}

function discover(name: string): DiscoveredComponent[] {
  const fixture = load(name);
  const topic = parseDiscoveryTopic(fixture.topic);
  if (!topic.ok) throw new Error(topic.reason);
  const result = parseDiscoveryPayload(topic, Buffer.from(JSON.stringify(fixture.payload)), 64 * 1024);
  if (!result.ok || result.kind !== 'discovered') throw new Error(JSON.stringify(result));
  return [...result.components];
}

/** Name and entity_id the way HA derives them for a freshly discovered entity. */
function identity(component: string, config: Record<string, unknown>): { friendly: string | null; entityId: string } {
  const device = config.device as { name?: string } | undefined;
  const name = entityName({
    domain: component,
    name: config.name as string | null | undefined,
    deviceClass: config.device_class as string | undefined,
    hasDevice: device !== undefined,
    lightSchema: config.schema as string | undefined,
  });
  const friendly = friendlyName(device?.name, name);
  const objectId = suggestedObjectId({
    defaultEntityId: config.default_entity_id as string | undefined,
    objectId: config.object_id as string | undefined,
    friendlyName: friendly,
    uniqueId: config.unique_id as string | undefined,
  });
  return { friendly, entityId: uniqueEntityId(component, objectId, () => false) };
}

describe('discovery fixtures (HA docs examples)', () => {
  it('binary_sensor-ha-docs-1: name null makes the entity the device main feature', () => {
    const [c] = discover('binary_sensor-ha-docs-1.json');
    expect(c?.discoveryId).toBe('garden');
    expect(c?.config).toEqual({
      name: null,
      device_class: 'motion',
      state_topic: 'homeassistant/binary_sensor/garden/state',
      unique_id: 'motion01ad',
      device: { identifiers: ['01ad'], name: 'Garden' },
    });
    const parsed = parseEntityConfig('binary_sensor', c?.config ?? {});
    expect(parsed.ok).toBe(true);
    expect(identity('binary_sensor', c?.config ?? {})).toEqual({
      friendly: 'Garden',
      entityId: 'binary_sensor.garden',
    });
  });

  it('device-ha-docs-1: device discovery is split into components with device and origin merged', () => {
    const components = discover('device-ha-docs-1.json');
    expect(components.map((c) => [c.component, c.discoveryId])).toEqual([
      ['device_automation', '0AFFD2 bla1'],
      ['sensor', '0AFFD2 bla2'],
    ]);
    const sensor = components[1];
    expect(sensor?.config).toEqual({
      state_topic: 'foobar/sensor/sensor1',
      unique_id: 'bla_sensor001',
      device: { identifiers: ['0AFFD2'] },
      origin: { name: 'foobar' },
    });
    expect(components[0]?.config).toMatchObject({
      automation_type: 'trigger',
      topic: 'foobar/triggers/button1',
      origin: { name: 'foobar' },
    });
    expect(parseEntityConfig('sensor', sensor?.config ?? {}).ok).toBe(true);
    expect(parseEntityConfig('device_automation', components[0]?.config ?? {}).ok).toBe(false);
    // No name, no device class, device without a name: the platform default name.
    expect(identity('sensor', sensor?.config ?? {})).toEqual({
      friendly: 'MQTT Sensor',
      entityId: 'sensor.mqtt_sensor',
    });
  });

  it('light-ha-docs-1: abbreviations and ~ expand, JSON schema with brightness', () => {
    const [c] = discover('light-ha-docs-1.json');
    expect(c?.config).toEqual({
      name: 'Kitchen',
      unique_id: 'kitchen_light',
      command_topic: 'homeassistant/light/kitchen/set',
      state_topic: 'homeassistant/light/kitchen/state',
      schema: 'json',
      brightness: true,
    });
    const parsed = parseEntityConfig('light', c?.config ?? {});
    expect(parsed.ok && parsed.platform.initialState(parsed.config).attributes.supported_color_modes).toEqual([
      'brightness',
    ]);
    expect(identity('light', c?.config ?? {})).toEqual({ friendly: 'Kitchen', entityId: 'light.kitchen' });
  });

  it('sensor-ha-docs-1: unnamed sensor with a device class is named after it', () => {
    const [c] = discover('sensor-ha-docs-1.json');
    expect(c?.config).toEqual(load('sensor-ha-docs-1.json').payload);
    const parsed = parseEntityConfig('sensor', c?.config ?? {});
    expect(parsed.ok).toBe(true);
    expect(identity('sensor', c?.config ?? {})).toEqual({
      friendly: 'Bedroom Temperature',
      entityId: 'sensor.bedroom_temperature',
    });
  });

  it('switch-ha-docs-1: named entity of a named device', () => {
    const [c] = discover('switch-ha-docs-1.json');
    expect(c?.config).toEqual(load('switch-ha-docs-1.json').payload);
    expect(parseEntityConfig('switch', c?.config ?? {}).ok).toBe(true);
    expect(identity('switch', c?.config ?? {})).toEqual({
      friendly: 'Garden Irrigation',
      entityId: 'switch.garden_irrigation',
    });
  });

  it('switch-ha-docs-2: ~ base topic in abbreviated topics, no device', () => {
    const [c] = discover('switch-ha-docs-2.json');
    expect(c?.config).toEqual({
      name: 'garden',
      command_topic: 'homeassistant/switch/irrigation/set',
      state_topic: 'homeassistant/switch/irrigation/state',
    });
    expect(parseEntityConfig('switch', c?.config ?? {}).ok).toBe(true);
    expect(identity('switch', c?.config ?? {})).toEqual({ friendly: 'garden', entityId: 'switch.garden' });
  });
});

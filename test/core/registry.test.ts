import { describe, expect, it } from 'vitest';
import { createEventBus } from '../../src/core/event-bus.js';
import type { CoreEvents } from '../../src/core/events.js';
import { silentLogger } from '../../src/core/logger.js';
import { createRegistry, type DeviceInput } from '../../src/core/registry.js';
import type { Entity } from '../../src/core/model.js';

const device = (over: Partial<DeviceInput>): DeviceInput => ({
  name: 'Kitchen plug',
  identifiers: [],
  connections: [],
  manufacturer: null,
  model: null,
  model_id: null,
  sw_version: null,
  hw_version: null,
  serial_number: null,
  configuration_url: null,
  via_device_id: null,
  area: null,
  source: 'test',
  ...over,
});

const entity = (over: Partial<Entity>): Entity => ({
  entity_id: 'switch.plug',
  unique_id: null,
  domain: 'switch',
  name: 'Plug',
  device_id: null,
  area: null,
  source: 'test',
  discovery_topic: null,
  config: {},
  ...over,
});

describe('registry', () => {
  it('merges devices that share an identifier or a connection', () => {
    const reg = createRegistry(createEventBus<CoreEvents>(silentLogger));
    const a = reg.upsertDevice(device({ identifiers: ['z2m_0x01'] }));
    const b = reg.upsertDevice(device({ identifiers: ['other'], connections: [['mac', 'AA:BB']] }));
    expect(b.id).not.toBe(a.id);
    const merged = reg.upsertDevice(device({ identifiers: ['z2m_0x01', 'extra'], sw_version: '2.0' }));
    expect(merged.id).toBe(a.id);
    expect(merged.identifiers).toEqual(['z2m_0x01', 'extra']);
    expect(merged.sw_version).toBe('2.0');
    expect(reg.upsertDevice(device({ connections: [['MAC', 'aa:bb']] })).id).toBe(b.id);
    expect(reg.devices()).toHaveLength(2);
  });

  it('hands out free entity ids with _2, _3 on collision, keeping an entity its own id', () => {
    const reg = createRegistry(createEventBus<CoreEvents>(silentLogger));
    reg.upsertEntity(entity({ entity_id: 'switch.plug', unique_id: 'u1' }));
    expect(reg.freeEntityId('switch', 'plug', 'u1')).toBe('switch.plug');
    expect(reg.freeEntityId('switch', 'plug', 'u2')).toBe('switch.plug_2');
    reg.upsertEntity(entity({ entity_id: 'switch.plug_2', unique_id: 'u2' }));
    expect(reg.freeEntityId('switch', 'plug', 'u3')).toBe('switch.plug_3');
    expect(reg.entityByUniqueId('switch', 'u2')?.entity_id).toBe('switch.plug_2');
  });

  it('rejects invalid entity ids and emits events for register and remove', () => {
    const bus = createEventBus<CoreEvents>(silentLogger);
    const seen: string[] = [];
    bus.on('entity_registered', (e) => void seen.push(`+${e.entity.entity_id}`));
    bus.on('entity_removed', (e) => void seen.push(`-${e.entity.entity_id}`));
    const reg = createRegistry(bus);
    expect(() => reg.upsertEntity(entity({ entity_id: 'Switch.Bad Id' }))).toThrow(/invalid entity id/);
    reg.upsertEntity(entity({ entity_id: 'switch.a', unique_id: 'x' }));
    reg.removeEntity('switch.a');
    expect(reg.entityByUniqueId('switch', 'x')).toBeUndefined();
    expect(seen).toEqual(['+switch.a', '-switch.a']);
  });

  it('lists the entities of a device from its index, following moves, removals and restores', () => {
    const reg = createRegistry(createEventBus<CoreEvents>(silentLogger));
    const a = reg.upsertDevice(device({ identifiers: ['a'] }));
    const b = reg.upsertDevice(device({ identifiers: ['b'] }));
    reg.upsertEntity(entity({ entity_id: 'switch.one', device_id: a.id }));
    reg.upsertEntity(entity({ entity_id: 'switch.two', device_id: a.id }));
    reg.upsertEntity(entity({ entity_id: 'switch.loose' }));
    expect(reg.deviceEntities(a.id).map((e) => e.entity_id)).toEqual(['switch.one', 'switch.two']);
    expect([...reg.deviceEntityIds(a.id)]).toEqual(['switch.one', 'switch.two']);
    expect([...reg.deviceEntityIds('no-such-device')]).toEqual([]);
    // an update keeps it listed once, with the new record
    reg.upsertEntity(entity({ entity_id: 'switch.one', device_id: a.id, name: 'Renamed' }));
    expect(reg.deviceEntities(a.id).map((e) => e.name)).toEqual(['Renamed', 'Plug']);
    // moved to another device, then removed
    reg.upsertEntity(entity({ entity_id: 'switch.two', device_id: b.id }));
    expect(reg.deviceEntities(a.id).map((e) => e.entity_id)).toEqual(['switch.one']);
    expect(reg.deviceEntities(b.id).map((e) => e.entity_id)).toEqual(['switch.two']);
    reg.removeEntity('switch.one');
    expect(reg.deviceEntities(a.id)).toEqual([]);
    expect(reg.deviceEntities('no-such-device')).toEqual([]);

    const restored = createRegistry(createEventBus<CoreEvents>(silentLogger));
    restored.restore(reg.devices(), reg.entities());
    expect(restored.deviceEntities(b.id).map((e) => e.entity_id)).toEqual(['switch.two']);
  });

  it('counts entities per domain as they are added, replaced, moved between domains, removed and restored', () => {
    const reg = createRegistry(createEventBus<CoreEvents>(silentLogger));
    const counts = (r: typeof reg) => Object.fromEntries(r.domainCounts());
    const walk = (r: typeof reg) => {
      const byDomain: Record<string, number> = {};
      for (const e of r.entities()) byDomain[e.domain] = (byDomain[e.domain] ?? 0) + 1;
      return byDomain;
    };
    reg.upsertEntity(entity({ entity_id: 'switch.a' }));
    reg.upsertEntity(entity({ entity_id: 'switch.b' }));
    reg.upsertEntity(entity({ entity_id: 'sensor.t', domain: 'sensor' }));
    expect(counts(reg)).toEqual({ switch: 2, sensor: 1 });
    // the same entity again: no double count
    reg.upsertEntity(entity({ entity_id: 'switch.a', name: 'Renamed' }));
    expect(counts(reg)).toEqual({ switch: 2, sensor: 1 });
    // a record whose domain changed under the same id (not something discovery does, but the registry allows it)
    reg.upsertEntity(entity({ entity_id: 'switch.b', domain: 'light' }));
    expect(counts(reg)).toEqual(walk(reg));
    reg.removeEntity('sensor.t');
    reg.removeEntity('sensor.t');
    expect(counts(reg)).toEqual({ switch: 1, light: 1 });
    expect(counts(reg)).toEqual(walk(reg));
    const restored = createRegistry(createEventBus<CoreEvents>(silentLogger));
    restored.restore(reg.devices(), reg.entities());
    expect(counts(restored)).toEqual(walk(reg));
  });
});

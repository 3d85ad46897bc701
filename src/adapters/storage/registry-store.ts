import type BetterSqlite3 from 'better-sqlite3';
import type { DevicesTable } from './db-schema.js';
import type { Device, Entity } from '../../core/model.js';
import type { State } from '../../core/state.js';
import { createContext } from '../../core/context.js';

/** Reads and writes the device and entity registry and current states, with statements prepared once. */
export interface RegistryStore {
  loadDevices(): Device[];
  /**
   * The entity records, each with its `config` read from the database when used (see saveEntity): a start
   * with thousands of discovered entities lists them at once, and their config texts (about a kilobyte
   * each) stay in the database.
   */
  loadEntities(): Entity[];
  loadStates(): State[];
  saveDevice(device: Device): void;
  deleteDevice(id: string): void;
  /**
   * Writes the record; from then on its `config` is read back from the row whenever it is used rather than
   * kept in memory: a large network has tens of thousands of them, each used only to rebuild its entity
   * after a restart, to tell a repeated discovery config from a changed one and to show the record.
   */
  saveEntity(entity: Entity): void;
  deleteEntity(entityId: string): void;
  /**
   * Reads a record's config into memory for good. Call before its row is overwritten or deleted (the
   * persistence service does), so whoever still holds that record keeps the config it had.
   */
  settleEntity(entity: Entity | null | undefined): void;
}

type DeviceRow = Omit<DevicesTable, 'updated_at'>;

const ENTITY_COLUMNS = 'entity_id, unique_id, domain, name, device_id, area, source, discovery_topic, updated_at';

export function createRegistryStore(sqlite: BetterSqlite3.Database): RegistryStore {
  const configOf = sqlite.prepare('SELECT config FROM entities WHERE entity_id = ?').pluck(true);
  const readConfig = (entityId: string): Record<string, unknown> => {
    if (!sqlite.open) throw new Error(`the config of ${entityId} is in the registry database, which is closed`);
    const text = configOf.get(entityId) as string | undefined;
    return text === undefined ? {} : (JSON.parse(text) as Record<string, unknown>);
  };
  // Every record whose config lives in its row shares one prototype with the getter. Defining the getter
  // on each record instead (Object.defineProperty) leaves it in V8's dictionary mode: about 400 bytes more
  // per record, 16 MB with a network of 40,000 entities. The record's own `config` (the last property of
  // every record built here, so deleting it keeps the record's fast layout) gives way to the prototype's;
  // a spread of such a record has no config (none is made), JSON.stringify has it (toJSON).
  const inRowProto: object = Object.create(Object.prototype, {
    config: {
      enumerable: true,
      configurable: true,
      get(this: Entity): Record<string, unknown> {
        return readConfig(this.entity_id);
      },
    },
    // JSON.stringify takes own properties only: the config is written out as before
    toJSON: {
      value(this: Entity): Record<string, unknown> {
        return { ...this, config: this.config };
      },
    },
  });
  const inRow = (entity: Entity): Entity => {
    const proto = Object.getPrototypeOf(entity) as unknown;
    if (Object.hasOwn(entity, 'config')) delete (entity as { config?: unknown }).config;
    if (proto !== inRowProto) Object.setPrototypeOf(entity, inRowProto);
    return entity;
  };
  const settle = (entity: Entity) => {
    if (Object.getPrototypeOf(entity) !== inRowProto || Object.hasOwn(entity, 'config')) return;
    Object.defineProperty(entity, 'config', { enumerable: true, configurable: true, writable: true, value: readConfig(entity.entity_id) });
  };

  const upsertDevice = sqlite.prepare(`INSERT INTO devices (id, name, identifiers, connections, manufacturer, model, model_id, sw_version,
      hw_version, serial_number, configuration_url, via_device_id, area, source, updated_at)
    VALUES (@id, @name, @identifiers, @connections, @manufacturer, @model, @model_id, @sw_version, @hw_version, @serial_number,
      @configuration_url, @via_device_id, @area, @source, @updated_at)
    ON CONFLICT (id) DO UPDATE SET name = excluded.name, identifiers = excluded.identifiers, connections = excluded.connections,
      manufacturer = excluded.manufacturer, model = excluded.model, model_id = excluded.model_id, sw_version = excluded.sw_version,
      hw_version = excluded.hw_version, serial_number = excluded.serial_number, configuration_url = excluded.configuration_url,
      via_device_id = excluded.via_device_id, area = excluded.area, source = excluded.source, updated_at = excluded.updated_at`);
  const removeDevice = sqlite.prepare('DELETE FROM devices WHERE id = ?');
  // positional parameters: a discovery storm writes tens of thousands of these in a row
  const upsertEntity = sqlite.prepare(`INSERT INTO entities (entity_id, unique_id, domain, name, device_id, area, source, discovery_topic,
      config, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (entity_id) DO UPDATE SET unique_id = excluded.unique_id, domain = excluded.domain, name = excluded.name,
      device_id = excluded.device_id, area = excluded.area, source = excluded.source, discovery_topic = excluded.discovery_topic,
      config = excluded.config, updated_at = excluded.updated_at`);
  const removeEntity = sqlite.prepare('DELETE FROM entities WHERE entity_id = ?');
  const removeState = sqlite.prepare('DELETE FROM states WHERE entity_id = ?');

  return {
    loadDevices: () =>
      (sqlite.prepare('SELECT * FROM devices').all() as DeviceRow[]).map((r) => ({
        ...r,
        identifiers: JSON.parse(r.identifiers) as string[],
        connections: JSON.parse(r.connections) as [string, string][],
      })),
    loadEntities: () => (sqlite.prepare(`SELECT ${ENTITY_COLUMNS} FROM entities`).all() as Entity[]).map(inRow),
    settleEntity: (entity) => {
      if (entity) settle(entity);
    },
    loadStates: () => {
      const context = createContext('restore');
      return (sqlite.prepare('SELECT * FROM states').all() as (Omit<State, 'attributes' | 'context'> & { attributes: string })[]).map((r) => ({
        ...r,
        attributes: JSON.parse(r.attributes) as Record<string, unknown>,
        context,
      }));
    },
    saveDevice: (d) =>
      upsertDevice.run({ ...d, identifiers: JSON.stringify(d.identifiers), connections: JSON.stringify(d.connections), updated_at: new Date().toISOString() }),
    deleteDevice: (id) => removeDevice.run(id),
    saveEntity: (e) => {
      upsertEntity.run(e.entity_id, e.unique_id, e.domain, e.name, e.device_id, e.area, e.source, e.discovery_topic, JSON.stringify(e.config), new Date().toISOString());
      inRow(e);
    },
    deleteEntity: sqlite.transaction((entityId: string) => {
      removeEntity.run(entityId);
      removeState.run(entityId);
    }),
  };
}

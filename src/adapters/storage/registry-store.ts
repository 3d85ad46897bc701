import type BetterSqlite3 from 'better-sqlite3';
import type { DevicesTable, EntitiesTable } from './db-schema.js';
import type { Device, Entity } from '../../core/model.js';
import type { State } from '../../core/state.js';
import { createContext } from '../../core/context.js';

/** Reads and writes the device and entity registry and current states, with statements prepared once. */
export interface RegistryStore {
  loadDevices(): Device[];
  /**
   * The entity records, each with its `config` read from the database and parsed only when first used:
   * a start with thousands of discovered entities lists them at once and rebuilds each (reading its
   * config) in the background, so the config texts (about a kilobyte each) stay off the start's path.
   */
  loadEntities(): Entity[];
  loadStates(): State[];
  saveDevice(device: Device): void;
  deleteDevice(id: string): void;
  saveEntity(entity: Entity): void;
  deleteEntity(entityId: string): void;
  /**
   * Reads the config of every loaded entity that has not been read yet. Call before the database closes,
   * and before an entity's row is overwritten or deleted (the persistence service does) — see loadEntities.
   */
  settleEntity(entity: Entity | null | undefined): void;
  settleAll(): void;
}

type DeviceRow = Omit<DevicesTable, 'updated_at'>;
type EntityRow = Omit<EntitiesTable, 'updated_at'>;

const ENTITY_COLUMNS = 'entity_id, unique_id, domain, name, device_id, area, source, discovery_topic, updated_at';

export function createRegistryStore(sqlite: BetterSqlite3.Database): RegistryStore {
  const configOf = sqlite.prepare('SELECT config FROM entities WHERE entity_id = ?').pluck(true);
  // entity records whose config is still in the database, with the function that reads it
  const unread = new Map<Entity, () => Record<string, unknown>>();
  const withLazyConfig = (row: Omit<EntityRow, 'config'>): Entity => {
    let parsed: Record<string, unknown> | undefined;
    const entity = row as Entity;
    const read = () => {
      if (parsed === undefined) {
        unread.delete(entity);
        const text = configOf.get(row.entity_id) as string | undefined;
        parsed = text === undefined ? {} : (JSON.parse(text) as Record<string, unknown>);
      }
      return parsed;
    };
    Object.defineProperty(entity, 'config', { enumerable: true, configurable: true, get: read });
    unread.set(entity, read);
    return entity;
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
  const upsertEntity = sqlite.prepare(`INSERT INTO entities (entity_id, unique_id, domain, name, device_id, area, source, discovery_topic,
      config, updated_at)
    VALUES (@entity_id, @unique_id, @domain, @name, @device_id, @area, @source, @discovery_topic, @config, @updated_at)
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
    loadEntities: () => (sqlite.prepare(`SELECT ${ENTITY_COLUMNS} FROM entities`).all() as Omit<EntityRow, 'config'>[]).map(withLazyConfig),
    settleEntity: (entity) => {
      if (entity) unread.get(entity)?.();
    },
    settleAll: () => {
      if (!sqlite.open) return;
      for (const read of [...unread.values()]) read();
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
    saveEntity: (e) => upsertEntity.run({ ...e, config: JSON.stringify(e.config), updated_at: new Date().toISOString() }),
    deleteEntity: sqlite.transaction((entityId: string) => {
      removeEntity.run(entityId);
      removeState.run(entityId);
    }),
  };
}

// The device and entity registry and the latest states in PostgreSQL: read once at start, then each change is
// queued under its row (pg/write-queue.ts) and written behind in batches, as the SQLite store's rows are. Unlike
// SQLite's store, an entity's config stays on its record: reading it back from the row on use (registry-store.ts)
// would be a round trip inside a synchronous getter.
import { createContext } from '../../../core/context.js';
import type { Device, Entity } from '../../../core/model.js';
import type { State } from '../../../core/state.js';
import type { DevicesTable, EntitiesTable } from '../db-schema.js';
import { DEVICE_FIELDS, ENTITY_FIELDS, updateAll } from '../registry-columns.js';
import type { PgDatabase } from './database.js';
import type { PgWriteQueue } from './write-queue.js';

export interface PgRegistryStore {
  loadDevices(): Promise<Device[]>;
  loadEntities(): Promise<Entity[]>;
  loadStates(): Promise<State[]>;
  saveDevice(device: Device): void;
  deleteDevice(id: string): void;
  saveEntity(entity: Entity): void;
  /** removes the entity's row and its latest state */
  deleteEntity(entityId: string): void;
}

const pick = <T extends object, K extends keyof T>(o: T, keys: readonly K[]): Pick<T, K> =>
  Object.fromEntries(keys.map((k) => [k, o[k]])) as Pick<T, K>;

export function createPgRegistryStore(database: Pick<PgDatabase, 'db'>, queue: PgWriteQueue): PgRegistryStore {
  const { db } = database;
  return {
    async loadDevices() {
      const rows = await db.selectFrom('devices').selectAll().execute();
      return rows.map(({ updated_at: _updated, ...r }) => ({
        ...r,
        identifiers: JSON.parse(r.identifiers) as string[],
        connections: JSON.parse(r.connections) as [string, string][],
      }));
    },
    async loadEntities() {
      const rows = await db.selectFrom('entities').selectAll().execute();
      return rows.map(({ updated_at: _updated, config, ...r }) => {
        // the text as written: a repeated discovery config is compared with it without parsing (Entity.configJson)
        const entity: Entity = { ...r, config: JSON.parse(config) as Record<string, unknown> };
        return Object.defineProperty(entity, 'configJson', { value: () => config, enumerable: false });
      });
    },
    async loadStates() {
      const context = createContext('restore');
      const rows = await db.selectFrom('states').selectAll().execute();
      return rows.map(
        (r): State => ({ ...r, attributes: JSON.parse(r.attributes) as Record<string, unknown>, context }),
      );
    },
    saveDevice(d) {
      const row: DevicesTable = {
        ...pick(d, ['id', 'name', 'manufacturer', 'model', 'model_id', 'sw_version', 'hw_version']),
        ...pick(d, ['serial_number', 'configuration_url', 'via_device_id', 'area', 'source']),
        identifiers: JSON.stringify(d.identifiers),
        connections: JSON.stringify(d.connections),
        updated_at: new Date().toISOString(),
      };
      queue.add(
        (tx) =>
          tx
            .insertInto('devices')
            .values(row)
            .onConflict((oc) => oc.column('id').doUpdateSet((eb) => updateAll(eb, DEVICE_FIELDS)))
            .execute(),
        `d:${d.id}`,
      );
    },
    deleteDevice(id) {
      queue.add((tx) => tx.deleteFrom('devices').where('id', '=', id).execute(), `d:${id}`);
    },
    saveEntity(e) {
      const row: EntitiesTable = {
        ...pick(e, ['entity_id', 'unique_id', 'domain', 'name', 'device_id', 'area', 'source', 'discovery_topic']),
        config: JSON.stringify(e.config),
        updated_at: new Date().toISOString(),
      };
      queue.add(
        (tx) =>
          tx
            .insertInto('entities')
            .values(row)
            .onConflict((oc) => oc.column('entity_id').doUpdateSet((eb) => updateAll(eb, ENTITY_FIELDS)))
            .execute(),
        `e:${e.entity_id}`,
      );
    },
    deleteEntity(entityId) {
      queue.add(async (tx) => {
        await tx.deleteFrom('entities').where('entity_id', '=', entityId).execute();
        await tx.deleteFrom('states').where('entity_id', '=', entityId).execute();
      }, `e:${entityId}`);
    },
  };
}

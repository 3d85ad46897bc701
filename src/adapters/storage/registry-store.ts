import { sql } from 'kysely';
import type { Database } from './database.js';
import type { DevicesTable, EntitiesTable } from './db-schema.js';
import { DEVICE_FIELDS, ENTITY_FIELDS, updateAll } from './registry-columns.js';
import { LoadedConfigs, READ_AHEAD } from './loaded-configs.js';
import { prepareQuery, standIns } from './prepared.js';
import type { Device, Entity } from '../../core/model.js';
import type { State } from '../../core/state.js';
import { createContext } from '../../core/context.js';

/** Reads and writes the device and entity registry and current states, with statements prepared once. */
export interface RegistryStore {
  loadDevices(): Device[];
  /**
   * The entity records, each with its `config` read from the database when used (see saveEntity): a start
   * with thousands of discovered entities lists them at once, and their config texts (about a kilobyte
   * each) stay in the database. While start-up uses them they are read ahead in batches and held
   * (loaded-configs.ts): rebuilding the entities and comparing the retained configs read each row once.
   */
  loadEntities(): Entity[];
  loadStates(): State[];
  saveDevice(device: Device): void;
  deleteDevice(id: string): void;
  /**
   * Writes the record's row. Once the write is committed (call the function returned then: a transaction
   * that rolls back must leave the record as it was), its `config` is read back from the row whenever it is
   * used rather than kept in memory: a large network has tens of thousands of them, each used only to rebuild
   * its entity after a restart, to tell a repeated discovery config from a changed one and to show the record.
   */
  saveEntity(entity: Entity): () => void;
  deleteEntity(entityId: string): void;
  /**
   * Reads a record's config into memory for good. Call before its row is overwritten or deleted (the
   * persistence service does), so whoever still holds that record keeps the config it had.
   */
  settleEntity(entity: Entity | null | undefined): void;
}

// every entity column but the config (read when used), in the records' key order: the id, then the upsert's fields
type EntityColumn = Exclude<(typeof ENTITY_FIELDS)[number], 'config'>;
const ENTITY_COLUMNS = ['entity_id' as const, ...ENTITY_FIELDS.filter((f): f is EntityColumn => f !== 'config')];

/**
 * Every entity without its config, read at start: answered from the covering index `entities_listing` (migration
 * 0008), which must hold these columns. The rowid last: taken off each row (loadEntities) without leaving the record
 * in dictionary mode.
 */
export const entityListing = (db: Database['db']) =>
  db.selectFrom('entities').select([...ENTITY_COLUMNS, sql<number>`rowid`.as('row')]);

export function createRegistryStore(database: Pick<Database, 'db' | 'sqlite'>): RegistryStore {
  const { db, sqlite } = database;
  const configOf = prepareQuery(sqlite, (p: { entity_id: string }) =>
    db.selectFrom('entities').select('config').where('entity_id', '=', p.entity_id),
  );
  const configsFrom = prepareQuery(sqlite, (p: { row: number }) =>
    db
      .selectFrom('entities')
      .select(['entity_id', 'config', sql<number>`rowid`.as('row')])
      .where(sql<number>`rowid`, '>=', p.row)
      .orderBy(sql`rowid`)
      .limit(READ_AHEAD),
  );
  const loaded = new LoadedConfigs((row) => configsFrom.all({ row }));
  // `last`: the text's last use at start (the comparison with a retained config), after which it is let go
  const readConfigText = (entityId: string, last = false): string => {
    if (!sqlite.open) throw new Error(`the config of ${entityId} is in the registry database, which is closed`);
    const held = last ? loaded.take(entityId) : loaded.peek(entityId);
    return held ?? configOf.get({ entity_id: entityId })?.config ?? '{}';
  };
  const readConfig = (entityId: string): Record<string, unknown> =>
    JSON.parse(readConfigText(entityId)) as Record<string, unknown>;
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
    // the row's text as written (JSON.stringify of the config): compared without parsing it (Entity.configJson)
    configJson: {
      value(this: Entity): string {
        return Object.hasOwn(this, 'config') ? JSON.stringify(this.config) : readConfigText(this.entity_id, true);
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
    Object.defineProperty(entity, 'config', {
      enumerable: true,
      configurable: true,
      writable: true,
      value: readConfig(entity.entity_id),
    });
    // settled before its row changes: the text held for it is about to be stale
    loaded.forget(entity.entity_id);
  };

  // Kysely builds each statement once (checked against db-schema.ts); better-sqlite3 runs it prepared
  const upsertDevice = prepareQuery(sqlite, (p: DevicesTable) =>
    db
      .insertInto('devices')
      .values(standIns(p, ['id', ...DEVICE_FIELDS]))
      .onConflict((oc) => oc.column('id').doUpdateSet((eb) => updateAll(eb, DEVICE_FIELDS))),
  );
  const removeDevice = prepareQuery(sqlite, (p: { id: string }) => db.deleteFrom('devices').where('id', '=', p.id));
  // a discovery storm writes tens of thousands of these in a row
  const upsertEntity = prepareQuery(sqlite, (p: EntitiesTable) =>
    db
      .insertInto('entities')
      .values(standIns(p, ['entity_id', ...ENTITY_FIELDS]))
      .onConflict((oc) => oc.column('entity_id').doUpdateSet((eb) => updateAll(eb, ENTITY_FIELDS))),
  );
  const removeEntity = prepareQuery(sqlite, (p: { entity_id: string }) =>
    db.deleteFrom('entities').where('entity_id', '=', p.entity_id),
  );
  const removeState = prepareQuery(sqlite, (p: { entity_id: string }) =>
    db.deleteFrom('states').where('entity_id', '=', p.entity_id),
  );
  const allDevices = prepareQuery(sqlite, () => db.selectFrom('devices').selectAll());
  const allEntities = prepareQuery(sqlite, () => entityListing(db));
  const allStates = prepareQuery(sqlite, () => db.selectFrom('states').selectAll());

  return {
    loadDevices: () =>
      allDevices.all({}).map(({ updated_at: _updated, ...r }) => ({
        ...r,
        identifiers: JSON.parse(r.identifiers) as string[],
        connections: JSON.parse(r.connections) as [string, string][],
      })),
    // rows without their config (read back when used: inRow), whose texts start-up reads ahead (loaded)
    loadEntities: () => {
      const rows = allEntities.all({});
      loaded.expect(rows);
      return rows.map((r) => {
        delete (r as { row?: number }).row;
        return inRow(r as Omit<Entity, 'config'> as Entity);
      });
    },
    settleEntity: (entity) => {
      if (entity) settle(entity);
    },
    loadStates: () => {
      const context = createContext('restore');
      return allStates.all({}).map(
        (r): State => ({
          ...r,
          attributes: JSON.parse(r.attributes) as Record<string, unknown>,
          context,
        }),
      );
    },
    saveDevice: (d) => {
      upsertDevice.run({
        ...d,
        identifiers: JSON.stringify(d.identifiers),
        connections: JSON.stringify(d.connections),
        updated_at: new Date().toISOString(),
      });
    },
    deleteDevice: (id) => {
      removeDevice.run({ id });
    },
    saveEntity: (e) => {
      loaded.forget(e.entity_id);
      upsertEntity.run({ ...e, config: JSON.stringify(e.config), updated_at: new Date().toISOString() });
      return () => inRow(e);
    },
    deleteEntity: sqlite.transaction((entityId: string) => {
      loaded.forget(entityId);
      removeEntity.run({ entity_id: entityId });
      removeState.run({ entity_id: entityId });
    }),
  };
}

// db-schema.ts against what the migrations (and the broker state file) really create: the compiler checks
// that every column of each table's type is listed here, once, with its nullability as the type has it;
// the test checks the list against SQLite's own (PRAGMA table_info).
import type { Selectable } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openBrokerStateStore } from '../../../src/adapters/storage/broker-state-store.js';
import { openDatabase, type Database } from '../../../src/adapters/storage/database.js';
import type { BrokerStateSchema, DatabaseSchema } from '../../../src/adapters/storage/db-schema.js';
import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { tempDir } from '../../helpers/net.js';

/** each column of each table, with whether its type (as read) admits null: the compiler fills in the answer */
type Columns<S> = {
  [T in keyof S]: { [C in keyof Selectable<S[T]>]-?: null extends Selectable<S[T]>[C] ? 'null' : 'not null' };
};

const MAIN: Columns<DatabaseSchema> = {
  alerts: {
    id: 'not null',
    time: 'not null',
    severity: 'not null',
    type: 'not null',
    message: 'not null',
    device_id: 'null',
    entity_id: 'null',
    acknowledged_at: 'null',
    repeats: 'not null',
    last_time: 'null',
  },
  automation_traces: {
    seq: 'not null',
    automation_id: 'not null',
    run_id: 'not null',
    start: 'not null',
    outcome: 'not null',
    summary: 'not null',
    trace: 'not null',
  },
  bridge_devices: { device_id: 'not null', capabilities: 'not null', metrics: 'not null', last_seen: 'null' },
  devices: {
    id: 'not null',
    name: 'null',
    identifiers: 'not null',
    connections: 'not null',
    manufacturer: 'null',
    model: 'null',
    model_id: 'null',
    sw_version: 'null',
    hw_version: 'null',
    serial_number: 'null',
    configuration_url: 'null',
    via_device_id: 'null',
    area: 'null',
    source: 'not null',
    updated_at: 'not null',
  },
  helper_states: { entity_id: 'not null', state: 'not null', attributes: 'not null', updated_at: 'not null' },
  entities: {
    entity_id: 'not null',
    unique_id: 'null',
    domain: 'not null',
    name: 'null',
    device_id: 'null',
    area: 'null',
    source: 'not null',
    discovery_topic: 'null',
    config: 'not null',
    updated_at: 'not null',
  },
  states: {
    entity_id: 'not null',
    state: 'not null',
    attributes: 'not null',
    last_changed: 'not null',
    last_updated: 'not null',
    last_reported: 'not null',
  },
  state_history: {
    id: 'not null',
    entity_id: 'not null',
    state: 'not null',
    state_num: 'null',
    attributes: 'null',
    ts: 'not null',
  },
};
const BROKER: Columns<BrokerStateSchema> = {
  broker_state: { space: 'not null', owner: 'not null', key: 'not null', value: 'not null' },
};

interface ColumnInfo {
  name: string;
  notnull: number;
  pk: number;
}

/**
 * The tables of a database as SQLite describes them, in the shape of Columns. A primary key counts as not
 * null: SQLite lets a text key of a rowid table be NULL, which no store ever writes.
 */
function described(sqlite: BetterSqlite3.Database, tables: readonly string[]): Record<string, Record<string, string>> {
  return Object.fromEntries(
    tables.map((table) => {
      const info = sqlite.prepare(`PRAGMA table_info(${table})`).all() as ColumnInfo[];
      return [table, Object.fromEntries(info.map((c) => [c.name, c.notnull || c.pk ? 'not null' : 'null']))];
    }),
  );
}

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe('db-schema', () => {
  it('has every table the migrations create, with their columns and nullability', async () => {
    const database: Database = await openDatabase(':memory:');
    cleanup.push(() => database.close());
    const tables = (
      database.sqlite
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'kysely_%' AND name NOT LIKE 'sqlite_%'",
        )
        .all() as { name: string }[]
    ).map((r) => r.name);
    expect(tables.sort()).toEqual(Object.keys(MAIN).sort());
    expect(described(database.sqlite, tables)).toEqual(MAIN);
  });

  it('describes the broker state file as the store creates it', () => {
    const dir = tempDir();
    cleanup.push(dir.remove);
    const path = join(dir.path, 'broker.db');
    openBrokerStateStore(path).close();
    const sqlite = new BetterSqlite3(path, { readonly: true });
    cleanup.push(() => sqlite.close());
    expect(described(sqlite, Object.keys(BROKER))).toEqual(BROKER);
  });
});

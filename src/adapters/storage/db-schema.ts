import { DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, type Generated } from 'kysely';
import type { Alert } from '../../core/alerts.js';

/** Kysely's view of the tables the migrations create. JSON columns hold text. */
export interface DevicesTable {
  id: string;
  name: string | null;
  identifiers: string;
  connections: string;
  manufacturer: string | null;
  model: string | null;
  model_id: string | null;
  sw_version: string | null;
  hw_version: string | null;
  serial_number: string | null;
  configuration_url: string | null;
  via_device_id: string | null;
  area: string | null;
  source: string;
  updated_at: string;
}

export interface EntitiesTable {
  entity_id: string;
  unique_id: string | null;
  domain: string;
  name: string | null;
  device_id: string | null;
  area: string | null;
  source: string;
  discovery_topic: string | null;
  config: string;
  updated_at: string;
}

export interface StatesTable {
  entity_id: string;
  state: string;
  attributes: string;
  last_changed: string;
  last_updated: string;
  last_reported: string;
}

export interface StateHistoryTable {
  id: Generated<number>;
  entity_id: string;
  state: string;
  /** the state as a number when it is one, so numeric history can be queried as numbers */
  state_num: number | null;
  attributes: string | null;
  /** milliseconds since the epoch */
  ts: number;
}

export interface AlertsTable {
  id: Generated<number>;
  time: string;
  /** what the store writes: an AlertInput's severity */
  severity: Alert['severity'];
  type: string;
  message: string;
  device_id: string | null;
  entity_id: string | null;
  acknowledged_at: string | null;
  /** raised again this many times while active (migration 0005) */
  repeats: Generated<number>;
  /** when it was last raised again */
  last_time: string | null;
}

export interface BridgeDevicesTable {
  device_id: string;
  capabilities: string;
  metrics: string;
  last_seen: string | null;
}

/** one row per automation run (migration 0003); summary and trace are JSON */
export interface AutomationTracesTable {
  /** the order rows were first written in: the newest run has the highest */
  seq: Generated<number>;
  automation_id: string;
  run_id: string;
  start: string;
  outcome: string;
  summary: string;
  trace: string;
}

/** the last state of each helper (migration 0004); attributes are JSON */
export interface HelperStatesTable {
  entity_id: string;
  state: string;
  attributes: string;
  updated_at: string;
}

export interface DatabaseSchema {
  alerts: AlertsTable;
  automation_traces: AutomationTracesTable;
  bridge_devices: BridgeDevicesTable;
  devices: DevicesTable;
  entities: EntitiesTable;
  helper_states: HelperStatesTable;
  states: StatesTable;
  state_history: StateHistoryTable;
}

/**
 * The role leases (migration 0006), a table PostgreSQL alone has: kept out of DatabaseSchema, which describes what
 * both engines create (db-schema.test.ts holds it to SQLite's tables). pg/lease-store.ts reaches it through
 * `db.withTables<LeaseSchema>()`.
 */
export interface LeasesTable {
  role: string;
  /** the holding instance's id */
  holder: string;
  /** when the lease ends, on the database's clock (timestamptz, which pg reads as a Date) */
  expires: Date;
}

/** a type, not an interface: withTables() wants a record of tables, which an interface's closed keys are not */
export type LeaseSchema = { leases: LeasesTable };

/** The runs in progress of the instance running the automations (migration 0007), PostgreSQL only as `leases`. */
export interface ClusterRunsTable {
  run_id: string;
  /** the process that ran it: `<cluster_instance>:<a random id made at its start>` */
  holder: string;
  automation_id: string;
  /** the run's trace as it was when admitted, recorded as aborted (JSON) */
  trace: string;
}

export type ClusterRunsSchema = { cluster_runs: ClusterRunsTable };

/** The embedded broker's state, in a file of its own (broker.db, created by broker-state-store.ts). */
export interface BrokerStateTable {
  space: string;
  owner: string;
  key: string;
  value: Uint8Array;
}

export interface BrokerStateSchema {
  broker_state: BrokerStateTable;
}

/**
 * A Kysely that only builds and compiles SQLite queries (it has no connection: a query run through it does
 * nothing), for code handed a bare better-sqlite3 handle, which prepares what it builds (prepared.ts).
 */
export function queryBuilder<DB = DatabaseSchema>(): Kysely<DB> {
  return new Kysely<DB>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  });
}

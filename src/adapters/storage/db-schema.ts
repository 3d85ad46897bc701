import type { Generated } from 'kysely';

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
  severity: string;
  type: string;
  message: string;
  device_id: string | null;
  entity_id: string | null;
  acknowledged_at: string | null;
}

export interface BridgeDevicesTable {
  device_id: string;
  capabilities: string;
  metrics: string;
  last_seen: string | null;
}

export interface DatabaseSchema {
  alerts: AlertsTable;
  bridge_devices: BridgeDevicesTable;
  devices: DevicesTable;
  entities: EntitiesTable;
  states: StatesTable;
  state_history: StateHistoryTable;
}

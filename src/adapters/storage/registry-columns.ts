// The registry's columns an upsert replaces, for both engines' stores (registry-store.ts, pg/registry-store.ts).
import type { DevicesTable, EntitiesTable } from './db-schema.js';

export const DEVICE_FIELDS = [
  'name',
  'identifiers',
  'connections',
  'manufacturer',
  'model',
  'model_id',
  'sw_version',
  'hw_version',
  'serial_number',
  'configuration_url',
  'via_device_id',
  'area',
  'source',
  'updated_at',
] as const satisfies readonly (keyof DevicesTable)[];
export const ENTITY_FIELDS = [
  'unique_id',
  'domain',
  'name',
  'device_id',
  'area',
  'source',
  'discovery_topic',
  'config',
  'updated_at',
] as const satisfies readonly (keyof EntitiesTable)[];

/**
 * `SET column = excluded.column` for each of `columns` (an upsert that replaces the whole row but its key).
 * The column lists are checked against the table's type where they are declared; Kysely cannot type a
 * reference built from a name at run time, so the references here are not.
 */
export function updateAll<C extends string>(
  eb: { ref(reference: never): unknown },
  columns: readonly C[],
): Record<C, never> {
  return Object.fromEntries(columns.map((c) => [c, eb.ref(`excluded.${c}` as never)])) as Record<C, never>;
}

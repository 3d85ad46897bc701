// The history benchmark's database: Switchyard's own schema (its real migrations, through openDatabase)
// holding N rows of state_history the way the state recorder writes them (ids in time order, a row per
// state change with its attributes JSON, state_num for numeric states), for 1,000 entities over 7 days:
// the probe (sensor.bench_history_probe) reads every 10 s, the others share the rest of the rows
// (numeric sensors, and every fourth a binary sensor with on/off). Built once with prepared statements in
// big transactions and kept in bench/.cache under a key of the migration names and the row count.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../src/adapters/storage/database.js';
import { migrations } from '../../src/adapters/storage/migrations/index.js';

export const PROBE = 'sensor.bench_history_probe';
const ENTITIES = 1_000;
const DAYS = 7;
const PROBE_EVERY_MS = 10_000;
/** a fixed end, so the cached file stays valid; Switchyard runs on it with the longest retention */
const T_END = Date.parse('2026-01-08T00:00:00Z');
const T_START = T_END - DAYS * 86_400_000;
/** bump when the generated data changes */
const GENERATOR = 1;

export interface HistoryDatabase {
  /** the data dir: holds switchyard.db */
  readonly dir: string;
  readonly rows: number;
  readonly probe: string;
  /** the 24 h the benchmark queries (the probe has a reading every 10 s in it) */
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly buildSeconds?: number;
}

/** The cached database for `rows` rows, built first when missing. */
export async function historyDatabase(
  cacheDir: string,
  rows: number,
  log: (line: string) => void,
): Promise<HistoryDatabase> {
  const key = createHash('sha1')
    .update(JSON.stringify({ migrations: Object.keys(migrations), rows, generator: GENERATOR }))
    .digest('hex')
    .slice(0, 10);
  const dir = join(cacheDir, `history-${rows}-${key}`);
  const meta = join(dir, 'meta.json');
  if (existsSync(meta) && existsSync(join(dir, 'switchyard.db')))
    return JSON.parse(readFileSync(meta, 'utf8')) as HistoryDatabase;

  const building = `${dir}.building`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  log(`building a history database of ${rows.toLocaleString('en-US')} rows in ${dir} (once; cached)`);
  const t0 = performance.now();
  const database = await openDatabase(join(building, 'switchyard.db'));
  const { sqlite } = database;
  // a bulk load: nothing here needs to survive a crash until the end
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -262144');

  const ids = Array.from({ length: ENTITIES }, (_, i) =>
    i === 0 ? PROBE : i % 4 === 0 ? `binary_sensor.bench_door_${i}` : `sensor.bench_sensor_${i}`,
  );
  const attributes = ids.map((id, i) =>
    JSON.stringify(
      id.startsWith('binary_sensor.')
        ? { device_class: 'door', friendly_name: `Bench Door ${i}` }
        : {
            unit_of_measurement: '°C',
            device_class: 'temperature',
            state_class: 'measurement',
            friendly_name: i === 0 ? 'Bench History Probe' : `Bench Sensor ${i}`,
          },
    ),
  );
  const now = new Date(T_END).toISOString();
  const insertEntity =
    sqlite.prepare(`INSERT INTO entities (entity_id, unique_id, domain, name, device_id, area, source, discovery_topic, config, updated_at)
    VALUES (?, ?, ?, ?, NULL, NULL, 'bench', NULL, '{}', ?)`);
  const insertState = sqlite.prepare(
    'INSERT INTO states (entity_id, state, attributes, last_changed, last_updated, last_reported) VALUES (?, ?, ?, ?, ?, ?)',
  );
  sqlite.transaction(() => {
    ids.forEach((id, i) => {
      insertEntity.run(
        id,
        `bench_history_${i}`,
        id.slice(0, id.indexOf('.')),
        JSON.parse(attributes[i] as string).friendly_name as string,
        now,
      );
      insertState.run(id, id.startsWith('binary_sensor.') ? 'off' : '21.5', attributes[i], now, now, now);
    });
  })();

  const insert = sqlite.prepare(
    'INSERT INTO state_history (entity_id, state, state_num, attributes, ts) VALUES (?, ?, ?, ?, ?)',
  );
  const probeRows = Math.floor((T_END - T_START) / PROBE_EVERY_MS);
  const others = ENTITIES - 1;
  const perEntity = Math.max(1, Math.floor((rows - probeRows) / others));
  const period = (T_END - T_START) / perEntity;
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const reading = (i: number, ts: number) =>
    Math.round((20 + 5 * Math.sin(ts / 3_600_000 / 4 + i) + random()) * 100) / 100;
  let written = 0;
  let probeNext = 0;
  const BATCH = 250_000;
  const batch = sqlite.transaction((fromSlot: number, toSlot: number) => {
    for (let k = fromSlot; k < toSlot && written < rows; k++) {
      const slotStart = T_START + k * period;
      // the probe's readings that fall in this slot come first, then one reading of every other entity
      while (probeNext < probeRows && T_START + probeNext * PROBE_EVERY_MS < slotStart + period && written < rows) {
        const ts = T_START + probeNext * PROBE_EVERY_MS;
        const v = reading(0, ts);
        insert.run(PROBE, String(v), v, attributes[0], ts);
        probeNext++;
        written++;
      }
      for (let e = 1; e <= others && written < rows; e++) {
        const ts = Math.floor(slotStart + (e * period) / (others + 1));
        const id = ids[e] as string;
        if (e % 4 === 0) insert.run(id, random() < 0.5 ? 'on' : 'off', null, attributes[e], ts);
        else {
          const v = reading(e, ts);
          insert.run(id, String(v), v, attributes[e], ts);
        }
        written++;
      }
    }
  });
  const slotsPerBatch = Math.max(1, Math.floor(BATCH / ENTITIES));
  let lastLog = performance.now();
  for (let k = 0; k < perEntity + 1 && written < rows; k += slotsPerBatch) {
    batch(k, Math.min(perEntity + 1, k + slotsPerBatch));
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      log(`  ${written.toLocaleString('en-US')} rows, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
  }
  sqlite.pragma('synchronous = NORMAL');
  sqlite.exec('ANALYZE');
  await database.close();
  const buildSeconds = (performance.now() - t0) / 1000;
  const result: HistoryDatabase = {
    dir,
    rows: written,
    probe: PROBE,
    // day 4 of 7: readings on both sides of the window
    windowStart: T_START + 3 * 86_400_000,
    windowEnd: T_START + 4 * 86_400_000,
    buildSeconds,
  };
  for (const suffix of ['-wal', '-shm']) rmSync(join(building, `switchyard.db${suffix}`), { force: true });
  writeFileSync(join(building, 'meta.json'), JSON.stringify(result, null, 2));
  rmSync(dir, { recursive: true, force: true });
  renameSync(building, dir);
  log(`built ${written.toLocaleString('en-US')} rows in ${buildSeconds.toFixed(0)} s`);
  return result;
}

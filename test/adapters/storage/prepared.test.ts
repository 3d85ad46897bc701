// Kysely-built statements prepared once: values by name in any order, constants kept, against the real
// migrations in a real SQLite database.
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../src/adapters/storage/database.js';
import { compileQuery, prepareCompiled, prepareQuery, standIns } from '../../../src/adapters/storage/prepared.js';

let database: Database | undefined;
afterEach(async () => {
  await database?.close();
  database = undefined;
});

describe('prepared queries', () => {
  it('binds each value to its stand-in, whatever the order, and keeps constants written into the query', async () => {
    database = await openDatabase(':memory:');
    const { db, sqlite } = database;
    const insert = prepareQuery(sqlite, (p: { state: string; entity_id: string; attributes: string; at: string }) =>
      db.insertInto('states').values({
        entity_id: p.entity_id,
        state: p.state,
        attributes: p.attributes,
        last_changed: p.at,
        last_updated: p.at,
        last_reported: p.at,
      }),
    );
    expect(insert.sql).toBe(
      'insert into "states" ("entity_id", "state", "attributes", "last_changed", "last_updated", "last_reported") values (?, ?, ?, ?, ?, ?)',
    );
    insert.run({ state: 'on', entity_id: 'light.a', attributes: '{}', at: '2026-01-01T00:00:00.000Z' });
    insert.run({ attributes: '{"x":1}', at: '2026-01-02T00:00:00.000Z', entity_id: 'light.b', state: 'off' });
    // a constant ('on') among the named values
    const onOf = prepareQuery(sqlite, (p: { prefix: string }) =>
      db
        .selectFrom('states')
        .select(['entity_id', 'last_changed'])
        .where('state', '=', 'on')
        .where('entity_id', 'like', p.prefix),
    );
    expect(onOf.all({ prefix: 'light.%' })).toEqual([
      { entity_id: 'light.a', last_changed: '2026-01-01T00:00:00.000Z' },
    ]);
    expect(onOf.get({ prefix: 'switch.%' })).toBeUndefined();
    const one = prepareQuery(sqlite, (p: { id: string }) =>
      db.selectFrom('states').selectAll().where('entity_id', '=', p.id),
    );
    expect(one.get({ id: 'light.b' })).toMatchObject({
      state: 'off',
      attributes: '{"x":1}',
      last_reported: '2026-01-02T00:00:00.000Z',
    });
  });

  it('lists the stand-ins of an insert’s columns so that .values() sees them (the stand-in object has no keys)', async () => {
    database = await openDatabase(':memory:');
    const { db, sqlite } = database;
    type Row = { device_id: string; capabilities: string; metrics: string; last_seen: string | null };
    const insert = prepareQuery(sqlite, (p: Row) =>
      db.insertInto('bridge_devices').values(standIns(p, ['device_id', 'capabilities', 'metrics', 'last_seen'])),
    );
    expect(insert.sql).toBe(
      'insert into "bridge_devices" ("device_id", "capabilities", "metrics", "last_seen") values (?, ?, ?, ?)',
    );
    insert.run({ last_seen: null, metrics: '{}', capabilities: '{"a":1}', device_id: 'esp-1' });
    expect(sqlite.prepare('SELECT * FROM bridge_devices').all()).toEqual([
      { device_id: 'esp-1', capabilities: '{"a":1}', metrics: '{}', last_seen: null },
    ]);
  });

  it('answers rows as arrays or as the first column’s values, and runs a statement compiled elsewhere', async () => {
    database = await openDatabase(':memory:');
    const { db, sqlite } = database;
    const insert = compileQuery((p: { entity_id: string; state: string; ts: number }) =>
      db.insertInto('state_history').values(standIns(p, ['entity_id', 'state', 'ts'])),
    );
    // plain data with `@name` placeholders: what the history writer's thread is handed
    expect(structuredClone(insert)).toEqual(insert);
    expect(insert.named).toBe(
      'insert into "state_history" ("entity_id", "state", "ts") values (@entity_id, @state, @ts)',
    );
    const run = prepareCompiled(sqlite, insert);
    run.run({ ts: 2, state: 'b', entity_id: 'sensor.a' });
    run.run({ ts: 1, state: 'a', entity_id: 'sensor.a' });
    const window = (p: { entity: string }) =>
      db.selectFrom('state_history').select(['state', 'ts']).where('entity_id', '=', p.entity).orderBy('ts');
    expect(prepareQuery(sqlite, window, 'raw').all({ entity: 'sensor.a' })).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect(prepareQuery(sqlite, window, 'pluck').all({ entity: 'sensor.a' })).toEqual(['a', 'b']);
    // a constant (the limit) among the values: bound in order, no `@name` form
    const first = compileQuery((p: { entity: string }) => window(p).limit(1));
    expect(first.named).toBeUndefined();
    expect(prepareCompiled(sqlite, first, 'pluck').get({ entity: 'sensor.a' })).toBe('a');
  });
});

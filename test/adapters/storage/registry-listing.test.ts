// The registry's read at start answers from the covering index of migration 0008: a column added to the read but not
// to the index would make SQLite scan the table again, every entity's config included (issue 22, start-up).
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/adapters/storage/database.js';
import { entityListing } from '../../../src/adapters/storage/registry-store.js';
import { tempDir } from '../../helpers/net.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe('the registry listing', () => {
  it('reads every entity from the covering index, not the table with its configs', async () => {
    const dir = tempDir();
    cleanup.push(dir.remove);
    const database = await openDatabase(join(dir.path, 'switchyard.db'));
    cleanup.push(() => database.close());
    const { sql, parameters } = entityListing(database.db).compile();
    const plan = database.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...parameters) as { detail: string }[];
    expect(plan.map((p) => p.detail)).toEqual(['SCAN entities USING COVERING INDEX entities_listing']);
  });
});

// The role lease in a real PostgreSQL: one holder at a time, renewed by its holder, taken by another only once it
// has run out (naming the one before and how long ago its lease ended), handed over at once by release, and
// exactly one winner when several claim at the same moment, for a role never claimed and for one that ran out.
// Expiry is waited for as a condition, never by a sleep.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openPostgres, type PgDatabase } from '../../../../src/adapters/storage/pg/database.js';
import { createPgLeaseStore } from '../../../../src/adapters/storage/pg/lease-store.js';
import type { LeaseClaim } from '../../../../src/core/lease.js';
import { freshPostgresDatabase, postgresAvailable, postgresRequired } from '../../../helpers/postgres.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function database(max = 4): Promise<PgDatabase> {
  const d = await openPostgres(await freshPostgresDatabase('lease'), { max });
  cleanup.push(() => d.close());
  return d;
}

/** the row as stored, to see that a refused claim changed nothing */
async function row(d: PgDatabase, role: string) {
  const { rows } = await d.pool.query<{ holder: string; expires: string }>(
    'select holder, expires::text as expires from leases where role = $1',
    [role],
  );
  return rows[0];
}

const LONG = 60_000;

describe.skipIf(!postgresAvailable && !postgresRequired)('PostgreSQL lease store', () => {
  it('one holder at a time: renewed by it, refused to another, taken after expiry naming the first', async () => {
    const d = await database();
    const leases = createPgLeaseStore(d);
    expect(await leases.read('automations')).toBeNull();

    const first = await leases.claim('automations', 'a', LONG);
    expect(first).toMatchObject({ held: true, holder: 'a', previous: null });
    expect(first.expiresInMs).toBeGreaterThan(0);
    expect(first.expiresInMs).toBeLessThanOrEqual(LONG);

    const stored = await row(d, 'automations');
    const refused = await leases.claim('automations', 'b', LONG);
    expect(refused).toMatchObject({ held: false, holder: 'a', previous: null });
    expect(refused.expiresInMs).toBeGreaterThan(0);
    expect(await row(d, 'automations')).toEqual(stored);

    const renewed = await leases.claim('automations', 'a', LONG);
    expect(renewed).toMatchObject({ held: true, holder: 'a', previous: null });
    expect((await row(d, 'automations'))?.expires).not.toBe(stored?.expires);
    expect(await leases.read('automations')).toMatchObject({ holder: 'a' });

    // another role is a lease of its own
    expect(await leases.claim('announcer', 'b', LONG)).toMatchObject({ held: true, holder: 'b' });

    // a short lease: b takes it once it has run out, and not a claim before
    expect((await leases.claim('automations', 'a', 300)).held).toBe(true);
    const takeover = await vi.waitFor(
      async () => {
        const c = await leases.claim('automations', 'b', LONG);
        if (!c.held) expect(c.holder).toBe('a');
        expect(c.held).toBe(true);
        return c;
      },
      { timeout: 10_000, interval: 25 },
    );
    expect(takeover.holder).toBe('b');
    expect(takeover.previous?.holder).toBe('a');
    expect(takeover.previous?.expiredAgoMs).toBeGreaterThanOrEqual(0);
    expect(await leases.claim('automations', 'a', LONG)).toMatchObject({ held: false, holder: 'b' });
  });

  it('release hands over at once, and only the holder can release', async () => {
    const d = await database();
    const leases = createPgLeaseStore(d);
    await leases.claim('announcer', 'a', LONG);
    await leases.release('announcer', 'b');
    expect(await leases.claim('announcer', 'b', LONG)).toMatchObject({ held: false, holder: 'a' });

    await leases.release('announcer', 'a');
    const after = await leases.read('announcer');
    expect(after?.holder).toBe('a');
    expect(after?.expiresInMs).toBeLessThanOrEqual(0);
    const next = await leases.claim('announcer', 'b', LONG);
    expect(next).toMatchObject({ held: true, holder: 'b' });
    expect(next.previous?.holder).toBe('a');
    expect(next.previous?.expiredAgoMs).toBeGreaterThanOrEqual(0);

    // the holder taking back its own lease after it ran out is no takeover
    await leases.release('announcer', 'b');
    expect(await leases.claim('announcer', 'b', LONG)).toMatchObject({ held: true, holder: 'b', previous: null });
  });

  it('five claims at the same moment: exactly one wins, for a new role and for one that ran out', async () => {
    const d = await database(8);
    const leases = createPgLeaseStore(d);
    const holders = ['h1', 'h2', 'h3', 'h4', 'h5'];
    const race = (role: string) => Promise.all(holders.map((h) => leases.claim(role, h, LONG)));
    const oneWinner = (claims: LeaseClaim[]) => {
      const winners = claims.filter((c) => c.held);
      expect(winners).toHaveLength(1);
      const winner = winners[0]?.holder;
      expect(holders).toContain(winner);
      // the losers name the winner, or nobody when the row did not exist yet as their claim began
      for (const c of claims) if (!c.held) expect([winner, null]).toContain(c.holder);
      expect(claims.filter((c) => c.holder === winner && c.held)).toHaveLength(1);
      return winners[0] as LeaseClaim;
    };
    for (let round = 0; round < 40; round++) {
      const fresh = oneWinner(await race(`fresh-${round}`));
      expect(fresh.previous).toBeNull();

      // a lease that ran out (released) taken by one of five, which names the one before
      await leases.claim('shared', 'old', LONG);
      await leases.release('shared', 'old');
      const taken = oneWinner(await race('shared'));
      expect(taken.previous?.holder).toBe('old');
      expect((await leases.read('shared'))?.holder).toBe(taken.holder);
      await leases.release('shared', taken.holder as string);
    }
  });
});

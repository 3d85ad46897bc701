// The leadership loop on real PostgreSQL leases (renewMs 100, ttlMs 400): two instances, one leader; a graceful
// stop hands over at once; a leader whose connections die (as a killed process's do) is replaced once its lease
// ends; a leader whose claim hangs (its row locked by another session) stops acting by its own deadline, before
// the lease can end; and with the server stopped nobody leads until it is back. Through all of it, never two
// leaders at once. Conditions are waited for, never slept on.
import { afterEach, describe, expect, it, vi } from 'vitest';
import pg from 'pg';
import { createLeadership, type Leadership } from '../../../src/adapters/cluster/leadership.js';
import { openPostgres, type PgDatabase } from '../../../src/adapters/storage/pg/database.js';
import { createPgLeaseStore } from '../../../src/adapters/storage/pg/lease-store.js';
import type { LeaseStore, LeaseTakeover } from '../../../src/core/lease.js';
import { silentLogger } from '../../../src/core/logger.js';
import { startPostgresCluster } from '../../../scripts/postgres-cluster.js';
import { until } from '../../helpers/markers.js';
import { freshPostgresDatabase, postgresAvailable, postgresRequired } from '../../helpers/postgres.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const ROLE = 'automations';
const WAIT = 10_000;

/** the instances of one test: who holds the role, what each was told, and the most that ever held it at once */
function cluster() {
  const holding = new Set<string>();
  const gained: { instance: string; previous: LeaseTakeover | null }[] = [];
  let most = 0;
  let inFlight = 0;
  let mostInFlight = 0;
  const instance = (name: string, database: Pick<PgDatabase, 'db'>): Leadership => {
    const real = createPgLeaseStore(database);
    // the real store, counted: how many claims of this instance are in flight at once
    const leases: LeaseStore = {
      ...real,
      async claim(role, holder, ttlMs) {
        inFlight++;
        mostInFlight = Math.max(mostInFlight, inFlight);
        try {
          return await real.claim(role, holder, ttlMs);
        } finally {
          inFlight--;
        }
      },
    };
    const loop = createLeadership({
      leases,
      instance: name,
      roles: [ROLE],
      renewMs: 100,
      ttlMs: 400,
      log: silentLogger,
      onChange(_role, held, previous) {
        if (held) {
          holding.add(name);
          gained.push({ instance: name, previous });
        } else holding.delete(name);
        most = Math.max(most, holding.size);
      },
    });
    cleanup.push(() => loop.stop());
    return loop;
  };
  return {
    instance,
    holding,
    gained,
    leader: () => until(() => (holding.size === 1 ? [...holding][0] : undefined), 'one leader', WAIT),
    most: () => most,
    mostInFlight: () => mostInFlight,
  };
}

async function database(url: string): Promise<PgDatabase> {
  const d = await openPostgres(url);
  cleanup.push(() => d.close());
  return d;
}

describe.skipIf(!postgresAvailable && !postgresRequired)('leadership over PostgreSQL leases', () => {
  it('one of two leads from start; a graceful stop hands over to the other, naming the first', async () => {
    const url = await freshPostgresDatabase('lead');
    const c = cluster();
    const a = c.instance('a', await database(url));
    const b = c.instance('b', await database(url));
    await a.start();
    // alone at start: leader as soon as start() resolves
    expect(a.holds(ROLE)).toBe(true);
    await b.start();
    expect(b.holds(ROLE)).toBe(false);
    expect(await c.leader()).toBe('a');

    const told: boolean[] = [];
    const off = b.on(ROLE, (held) => told.push(held));
    await a.stop();
    expect(a.holds(ROLE)).toBe(false);
    await until(() => b.holds(ROLE), 'b takes over after the graceful stop', WAIT);
    expect(told[0]).toBe(true);
    off();
    // b's first gain is the takeover (a later one, after a slow claim on a busy machine, would be b's own lease)
    const takeover = c.gained.find((g) => g.instance === 'b');
    expect(takeover?.previous?.holder).toBe('a');
    expect(takeover?.previous?.expiredAgoMs).toBeGreaterThanOrEqual(0);
    expect(c.most()).toBe(1);
  });

  it('a leader whose connections die is replaced once its lease has run out', async () => {
    const url = await freshPostgresDatabase('lead');
    const c = cluster();
    const doomed = await database(url);
    const a = c.instance('a', doomed);
    const b = c.instance('b', await database(url));
    await a.start();
    await b.start();
    expect(await c.leader()).toBe('a');
    // what a killed process leaves: no connection, no release, a lease that runs out by itself
    await doomed.close();
    await until(() => b.holds(ROLE), 'b takes over after the expiry', WAIT);
    expect(a.holds(ROLE)).toBe(false);
    const previous = c.gained.find((g) => g.instance === 'b')?.previous;
    expect(previous?.holder).toBe('a');
    expect(previous?.expiredAgoMs).toBeGreaterThanOrEqual(0);
    expect(c.most()).toBe(1);
  });

  it('a leader whose claim hangs stops by its own deadline; one claim in flight; never two leaders', async () => {
    const url = await freshPostgresDatabase('lead');
    const c = cluster();
    const a = c.instance('a', await database(url));
    const b = c.instance('b', await database(url));
    await a.start();
    await b.start();
    expect(await c.leader()).toBe('a');
    // another session locks the lease row: every claim now waits, as over a network that stopped answering
    const locker = new pg.Client({ connectionString: url });
    await locker.connect();
    cleanup.push(() => locker.end());
    await locker.query('begin');
    await locker.query('select * from leases where role = $1 for update', [ROLE]);
    // no claim fails and none answers: only a's own deadline can make it stop
    await until(() => !a.holds(ROLE), 'a stops acting while its claims hang', WAIT);
    expect(c.holding.size).toBe(0);
    // each instance has one claim waiting, however many renewals have passed
    await vi.waitFor(async () => expect(await waiting(locker, url)).toBeGreaterThanOrEqual(2), {
      timeout: WAIT,
      interval: 50,
    });
    expect(c.mostInFlight()).toBe(2);
    expect(await waiting(locker, url)).toBe(2);
    await locker.query('rollback');
    await c.leader();
    expect(c.most()).toBe(1);
  });

  // a private cluster, as the outage tests of the stores use: stopping the run's shared one would fail other suites
  it('with the server stopped the leader stops and nobody leads; once it is back, one does', {
    timeout: 60_000,
  }, async () => {
    const server = await startPostgresCluster();
    cleanup.push(() => server.stop());
    const url = await server.createDatabase('lead_outage');
    const c = cluster();
    const a = c.instance('a', await database(url));
    const b = c.instance('b', await database(url));
    await a.start();
    await b.start();
    expect(await c.leader()).toBe('a');
    await server.pause();
    await until(() => c.holding.size === 0, 'the leader stops when the database is gone', WAIT);
    await server.resume();
    await c.leader();
    expect(c.most()).toBe(1);
  });
});

/** how many sessions of the database at `url` wait for a lock (the hanging claims) */
async function waiting(client: pg.Client, url: string): Promise<number> {
  const name = new URL(url).pathname.slice(1);
  const { rows } = await client.query<{ n: number }>(
    "select count(*)::int as n from pg_stat_activity where datname = $1 and wait_event_type = 'Lock'",
    [name],
  );
  return rows[0]?.n ?? 0;
}

// The role leases in PostgreSQL (table `leases`, migration 0006): which instance runs the automations and which
// announces, when several share one database (docs/scale-out.md). Each claim is one statement, so two instances
// claiming at the same moment are ordered by the row lock (or, for a role never claimed, by the primary key) and
// exactly one of them holds the role afterwards.
//
// The clock: every time in these statements is the server's now(). The instances' own clocks never take part,
// so a skewed host cannot steal a role. now() rather than clock_timestamp(): now() is one instant for the whole
// statement (it is the start of its transaction, and each statement here is a transaction of its own), so the
// test "has the lease run out?", the new expiry and the "expired this long ago" of one claim all read the same
// instant. clock_timestamp() moves while the statement waits for the row lock and would let those disagree.
// now() is never later than the moment the server began the statement, so a lease it sets ends at least ttl
// after the claimer sent the claim, which is what the leadership loop counts its own deadline from; and a claim
// that had to wait for the lock judges expiry by when it began, which can only make it take over later, never
// sooner.
import { sql } from 'kysely';
import type { LeaseClaim, LeaseState, LeaseStore } from '../../../core/lease.js';
import type { LeaseSchema } from '../db-schema.js';
import type { PgDatabase } from './database.js';

interface ClaimRow {
  held: boolean;
  holder: string | null;
  expires_in_ms: number | null;
  previous_holder: string | null;
  expired_ago_ms: number | null;
}

/** a lease's length as a whole number of milliseconds ≥ 1 (PostgreSQL keeps microseconds; less means nothing here) */
function ttlOf(ttlMs: number): number {
  if (!Number.isFinite(ttlMs) || ttlMs < 1) throw new RangeError(`a lease lasts at least 1 ms, not ${ttlMs}`);
  return Math.round(ttlMs);
}

export function createPgLeaseStore(database: Pick<PgDatabase, 'db'>): LeaseStore {
  const db = database.db.withTables<LeaseSchema>();
  return {
    async claim(role, holder, ttlMs) {
      const ttl = ttlOf(ttlMs);
      // `old` locks the row before the upsert changes it, so it reads the lease as it is when this claim runs
      // (under READ COMMITTED a locking read waits for a concurrent claim and then sees its result): who held the
      // role and when that lease ended. The upsert takes or renews only when the WHERE holds; otherwise it
      // updates nothing and returns no row, and the answer is what `old` read. For a role nobody has claimed yet,
      // concurrent inserts meet on the primary key: one inserts, the others fall to DO UPDATE, whose WHERE then
      // sees the winner's fresh lease and refuses. (Their `old` was read before the winner's row existed, so they
      // answer holder null: someone took it at the same instant.) PostgreSQL runs a plain CTE only when something
      // reads it, which here would be after the upsert had changed the row; so the upsert's one input row comes
      // from counting `old`, which makes `old` lock and read the row first, and MATERIALIZED keeps that reading.
      const result = await sql<ClaimRow>`
        with old as materialized (
          select holder, expires from leases where role = ${role} for update
        ), up as (
          insert into leases (role, holder, expires)
          select ${role}, ${holder}, now() + ${ttl}::integer * interval '1 millisecond'
          from (select count(*) from old) as read_first
          on conflict (role) do update set holder = excluded.holder, expires = excluded.expires
          where leases.holder = excluded.holder or leases.expires < now()
          returning holder, expires
        )
        select
          up.holder is not null as held,
          coalesce(up.holder, old.holder) as holder,
          (extract(epoch from coalesce(up.expires, old.expires) - now()) * 1000)::float8 as expires_in_ms,
          case when up.holder is not null and old.holder <> up.holder then old.holder end as previous_holder,
          case when up.holder is not null and old.holder <> up.holder
            then (extract(epoch from now() - old.expires) * 1000)::float8 end as expired_ago_ms
        from (select 1) as one
        left join up on true
        left join old on true
      `.execute(db);
      const row = result.rows[0];
      if (!row) throw new Error(`the claim of role ${role} answered no row`);
      return answer(row);
    },

    async release(role, holder) {
      // ends the lease now, so the next claim (whose now() comes later) finds it run out and names this holder as
      // the previous one; a lease already over keeps its own end, so "expired this long ago" stays true
      await db
        .updateTable('leases')
        .set({ expires: sql<Date>`now()` })
        .where('role', '=', role)
        .where('holder', '=', holder)
        .where('expires', '>', sql<Date>`now()`)
        .execute();
    },

    async read(role): Promise<LeaseState | null> {
      const row = await db
        .selectFrom('leases')
        .select(['holder', sql<number>`(extract(epoch from expires - now()) * 1000)::float8`.as('expires_in_ms')])
        .where('role', '=', role)
        .executeTakeFirst();
      return row ? { holder: row.holder, expiresInMs: row.expires_in_ms } : null;
    },
  };
}

function answer(row: ClaimRow): LeaseClaim {
  const previous =
    row.previous_holder !== null && row.expired_ago_ms !== null
      ? { holder: row.previous_holder, expiredAgoMs: row.expired_ago_ms }
      : null;
  // null when the claim lost to a role taken at the same instant: nothing this claim could see holds it
  return { held: row.held, holder: row.holder, expiresInMs: Math.max(0, row.expires_in_ms ?? 0), previous };
}

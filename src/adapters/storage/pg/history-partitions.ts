// The day partitions of state_history on PostgreSQL. The migration makes state_history `PARTITION BY RANGE (ts)`
// with no default partition, so a row can only be written once the partition for its UTC day exists: the writer
// asks for its batch's days first (ensure), and retention drops whole days instead of deleting row by row
// (dropBefore), which frees their space at once and leaves no dead rows for vacuum.
import { sql, type Kysely } from 'kysely';
import type { DatabaseSchema } from '../db-schema.js';
import type { PgDatabase } from './database.js';

export const DAY_MS = 86_400_000;

/** the UTC day (days since the epoch) a time in epoch milliseconds falls in */
export const dayOf = (ms: number): number => Math.floor(ms / DAY_MS);

/** `state_history_pYYYYMMDD` for a UTC day (years outside 0…9999 keep ISO's sign, written as `p`/`m`) */
export function partitionName(day: number): string {
  const date = new Date(day * DAY_MS).toISOString();
  const ymd = date.slice(0, date.indexOf('T')).replace(/^\+/, 'p').replace(/^-/, 'm').replaceAll('-', '');
  return `state_history_p${ymd}`;
}

export interface HistoryPartitions {
  /** creates the partitions of these UTC days (dayOf) that are not known to exist yet */
  ensure(days: Iterable<number>): Promise<void>;
  /**
   * Drops every partition wholly before `cutoff` and deletes the rows before it from the one that straddles
   * it; returns how many rows went (those of the dropped partitions counted before they were dropped).
   */
  dropBefore(cutoff: Date): Promise<number>;
  /** forgets the days known to exist (another connection may have dropped them) */
  forget(): void;
}

/** SQLSTATEs that say another connection created the partition first (a race CREATE … IF NOT EXISTS can lose) */
const ALREADY_THERE = new Set(['42P07', '23505']);
/** "partition … would overlap partition …": a partition made by hand covers (part of) the day already */
const OVERLAPS = '42P17';

const codeOf = (err: unknown) =>
  typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;

/** one partition's name and bounds, as PostgreSQL prints them ("FOR VALUES FROM ('…') TO ('…')") */
interface Bound {
  name: string;
  /** the exclusive upper bound in epoch ms; undefined for MAXVALUE or the default partition */
  upper: number | undefined;
}

async function partitionsOf(db: Kysely<DatabaseSchema>): Promise<Bound[]> {
  const found = await sql<{ name: string; bound: string }>`
    select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound
    from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'state_history'::regclass`.execute(db);
  return found.rows.map(({ name, bound }) => {
    const upper = /\bTO \('?(-?\d+)'?\)/.exec(bound)?.[1];
    return { name, upper: upper === undefined ? undefined : Number(upper) };
  });
}

/**
 * The partitions as one instance knows them: days it made or found are remembered, so the writer's ensure()
 * is a lookup after the first batch of each day. Several instances on one database are safe (the DDL is
 * idempotent and the races are tolerated), but a day one instance drops stays known to the others until they
 * forget() it: historyPartitions() shares one instance per database for that reason.
 */
export function createHistoryPartitions(db: Kysely<DatabaseSchema>): HistoryPartitions {
  const known = new Set<number>();
  // a day being created: a second caller waits for the same statement
  const creating = new Map<number, Promise<void>>();

  const create = async (day: number) => {
    // DDL takes no bind parameters: the bounds are numbers computed here, written as literals
    const from = day * DAY_MS;
    try {
      await sql`create table if not exists ${sql.id(partitionName(day))} partition of state_history
        for values from (${sql.lit(from)}) to (${sql.lit(from + DAY_MS)})`.execute(db);
    } catch (err) {
      const code = codeOf(err);
      if (!(typeof code === 'string' && (ALREADY_THERE.has(code) || code === OVERLAPS))) throw err;
      // made meanwhile by another connection, or covered by a partition of another shape: the insert decides
    }
    known.add(day);
  };

  return {
    async ensure(days) {
      const waits: Promise<void>[] = [];
      for (const day of days) {
        // a time that is not one (NaN) has no day: the insert refuses its row and says why
        if (!Number.isFinite(day) || known.has(day)) continue;
        let pending = creating.get(day);
        if (!pending) {
          pending = create(day).finally(() => creating.delete(day));
          creating.set(day, pending);
        }
        waits.push(pending);
      }
      await Promise.all(waits);
    },

    async dropBefore(cutoff) {
      const before = cutoff.getTime();
      const old = (await partitionsOf(db)).filter((p) => p.upper !== undefined && p.upper <= before);
      let removed = 0;
      if (old.length > 0) {
        removed = await db.transaction().execute(async (tx) => {
          // no row can reach the parent while the partitions are counted and dropped, so the count is what
          // goes; reads carry on until the drop itself (SHARE ROW EXCLUSIVE blocks writes only). The parent is
          // locked first, as inserts do, so the drop cannot deadlock with the writer.
          await sql`lock table only state_history in share row exclusive mode`.execute(tx);
          let n = 0;
          for (const p of old) {
            const counted = await sql<{ n: number }>`select count(*) as n from ${sql.id(p.name)}`.execute(tx);
            n += Number(counted.rows[0]?.n ?? 0);
            await sql`drop table ${sql.id(p.name)}`.execute(tx);
          }
          return n;
        });
        for (const p of old) {
          if (p.upper !== undefined) known.delete(dayOf(p.upper - 1));
        }
      }
      // the partition that straddles the cutoff (and any of another shape): row by row, only those before it
      const deleted = await db.deleteFrom('state_history').where('ts', '<', before).executeTakeFirst();
      return removed + Number(deleted.numDeletedRows);
    },

    forget() {
      known.clear();
    },
  };
}

const shared = new WeakMap<PgDatabase, HistoryPartitions>();

/** The one HistoryPartitions of a database: the writer and retention see the same days. */
export function historyPartitions(database: PgDatabase): HistoryPartitions {
  let p = shared.get(database);
  if (!p) {
    p = createHistoryPartitions(database.db);
    shared.set(database, p);
  }
  return p;
}

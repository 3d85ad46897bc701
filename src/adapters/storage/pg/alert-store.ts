// Alerts in PostgreSQL, with the same answers as the SQLite store (alert-store.ts). The AlertStore port is
// synchronous (raise() returns the alert with its id) and PostgreSQL is a round trip away, so the store reads the
// newest 10,000 alerts (and any older one still active) at start, answers from memory and writes each change
// behind through a write queue (pg/write-queue.ts): a row's latest state under its id, so a burst of repeats of
// one alert is one write. While PostgreSQL cannot be written the queue holds the writes and tells the guard;
// raising, counting repeats, acknowledging and listing go on from memory.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Alert, AlertInput, AlertStore } from '../../../core/alerts.js';
import type { Clock } from '../../../core/clock.js';
import type { EventBus } from '../../../core/event-bus.js';
import type { CoreEvents } from '../../../core/events.js';
import type { Logger } from '../../../core/logger.js';
import type { AlertsTable, DatabaseSchema } from '../db-schema.js';
import type { WriteGuardPort } from '../write-guard.js';
import type { PgDatabase } from './database.js';
import { createPgWriteQueue } from './write-queue.js';

/** the newest alerts kept, and how often (in new alerts) the older ones are deleted: as SQLite's store */
const KEEP = 10_000;
const TRIM_EVERY = 500;

export interface PgAlertStore extends AlertStore {
  /** resolves once every change made before the call is written (at once during an outage) */
  flush(): Promise<void>;
  /** writes what waits and stops writing */
  close(): Promise<void>;
}

/** Numbers handed out synchronously from blocks of a table's identity sequence. */
export interface IdReserve {
  next(): number;
  /** no more refills (the pool is about to close) */
  stop(): void;
}

/**
 * The identity sequence stays the source of ids, so stores on several instances sharing a table never hand out
 * the same one: a block of `block` values is taken from it at start (one round trip) and another once half of
 * what is left is used, in the background.
 *
 * A burst faster than the refill (more than half a block of new rows within one round trip, or any number while
 * PostgreSQL cannot be reached) empties the reserve. next() must answer anyway: it goes on after the highest id
 * handed out, warns once per shortage, and the next refill takes as many more values from the sequence as were
 * handed out past it, dropping those already used, so the sequence is ahead again and the ids keep growing. The
 * trade-off: on one instance nothing is lost (no id is handed out twice; the sequence only skips values), but an
 * instance sharing the table could be given one of those ids by the sequence meanwhile, and whichever row is
 * written second then replaces the other (the alert) or is refused and logged (a trace). Waiting for the
 * sequence instead is impossible in a synchronous call, and throwing would lose the alert outright.
 */
export async function reserveIds(o: {
  db: Kysely<DatabaseSchema>;
  table: 'alerts' | 'automation_traces';
  column: 'id' | 'seq';
  /** the highest id in the table: a sequence found behind it (restored table, an earlier shortage) catches up */
  highest: number;
  log: Logger;
  block?: number;
}): Promise<IdReserve> {
  const block = o.block ?? 1_000;
  let ids: number[] = []; // ascending, each above `last`
  let last = o.highest;
  let refilling = false;
  let short = false;
  let stopped = false;
  // the block, plus what was handed out (or written) past the sequence's position: asked in the same statement
  const fetch = async () => {
    const { rows } = await sql<{ id: number }>`
      select nextval(q.s) as id
      from (select pg_get_serial_sequence(${o.table}, ${o.column})::regclass as s) q,
        generate_series(1, ${block}::bigint + greatest(0, ${last}::bigint - coalesce(pg_sequence_last_value(q.s), 0)))
    `.execute(o.db);
    const got = rows.map((r) => Number(r.id)).filter((id) => id > last);
    ids = [...ids, ...got].sort((a, b) => a - b);
  };
  const refill = () => {
    if (refilling || stopped) return;
    refilling = true;
    fetch().then(
      () => {
        refilling = false;
        short = false;
        if (ids.length < block / 2) refill(); // the burst went on meanwhile
      },
      (err: unknown) => {
        refilling = false; // tried again by the next id asked for; the write queue reports the outage itself
        if (!stopped) o.log.debug('could not reserve ids', { table: o.table, err: String(err) });
      },
    );
  };
  await fetch();
  return {
    next() {
      let id = ids.shift();
      if (id === undefined) {
        id = last + 1;
        if (!short) {
          short = true;
          o.log.warn('ids used faster than reserved: going on after the highest, until the reserve is refilled', {
            table: o.table,
            id,
          });
        }
      }
      last = id;
      if (ids.length < block / 2) refill();
      return id;
    },
    stop() {
      stopped = true;
    },
  };
}

type AlertRow = Selectable<AlertsTable>;

/** what deduplication compares: type, device and entity */
const sameKind = (a: AlertRow, b: Pick<AlertRow, 'type' | 'device_id' | 'entity_id'>) =>
  a.type === b.type && a.device_id === b.device_id && a.entity_id === b.entity_id;
const kindKey = (a: Pick<AlertRow, 'type' | 'device_id' | 'entity_id'>) =>
  JSON.stringify([a.type, a.device_id, a.entity_id]);

export async function createPgAlertStore(
  database: Pick<PgDatabase, 'db'>,
  deps: { clock: Clock; bus: EventBus<CoreEvents>; log: Logger; guard?: WriteGuardPort },
): Promise<PgAlertStore> {
  const { db } = database;
  // the newest KEEP and every older one still active (deduplication counts on it, as SQLite's query finds it)
  const loaded = await db
    .selectFrom('alerts')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('id', '>=', sql<number>`coalesce((select id from alerts order by id desc offset ${KEEP - 1} limit 1), 0)`),
        eb('acknowledged_at', 'is', null),
      ]),
    )
    .orderBy('id')
    .execute();
  const ids = await reserveIds({ db, table: 'alerts', column: 'id', highest: loaded.at(-1)?.id ?? 0, log: deps.log });
  const queue = createPgWriteQueue({ db, name: 'alerts', log: deps.log, guard: deps.guard });

  // in id order; new ids come from the reserve, above every id read at start, so raising appends
  const order: AlertRow[] = loaded;
  const byId = new Map(order.map((a) => [a.id, a]));
  /** the newest active alert of each kind */
  const active = new Map<string, AlertRow>();
  for (const a of order) if (a.acknowledged_at === null) active.set(kindKey(a), a);
  let raised = 0;

  /** queues the row's state as it will be when written: a later change of the same row replaces the write */
  const write = (row: AlertRow) =>
    queue.add(
      (tx) =>
        tx
          .insertInto('alerts')
          .values({ ...row })
          .onConflict((oc) =>
            oc.column('id').doUpdateSet((eb) => ({
              severity: eb.ref('excluded.severity'),
              message: eb.ref('excluded.message'),
              repeats: eb.ref('excluded.repeats'),
              last_time: eb.ref('excluded.last_time'),
              // an acknowledgement already written (by another instance) keeps its time
              acknowledged_at: sql<string | null>`coalesce(alerts.acknowledged_at, excluded.acknowledged_at)`,
            })),
          )
          .execute(),
      `a:${row.id}`,
    );
  /** as SQLite's trim: every TRIM_EVERY new alerts, all but the newest KEEP go, active or not */
  const trim = () => {
    if (order.length <= KEEP) return;
    for (const a of order.splice(0, order.length - KEEP)) {
      byId.delete(a.id);
      if (active.get(kindKey(a)) === a) active.delete(kindKey(a));
    }
    const below = (order[0] as AlertRow).id;
    // by the id memory kept from, not by position in the table: rows still waiting in the queue cannot shift it
    queue.add((tx) => tx.deleteFrom('alerts').where('id', '<', below).execute(), 'trim');
  };

  return {
    raise(input: AlertInput) {
      const time = deps.clock.now().toISOString();
      const kind = { type: input.type, device_id: input.device_id ?? null, entity_id: input.entity_id ?? null };
      const same = active.get(kindKey(kind));
      if (same) {
        // counted on the active one, not raised anew nor announced again
        Object.assign(same, { severity: input.severity, message: input.message, repeats: same.repeats + 1 });
        same.last_time = time;
        write(same);
        return { ...same };
      }
      const row: AlertRow = {
        id: ids.next(),
        time,
        severity: input.severity,
        type: kind.type,
        message: input.message,
        device_id: kind.device_id,
        entity_id: kind.entity_id,
        acknowledged_at: null,
        repeats: 0,
        last_time: null,
      };
      order.push(row);
      byId.set(row.id, row);
      active.set(kindKey(row), row);
      write(row);
      if (++raised % TRIM_EVERY === 0) trim();
      const alert: Alert = { ...row };
      deps.bus.emit('alert_raised', { alert });
      return alert;
    },
    list(query = {}) {
      const limit = query.limit ?? 100;
      const { device_id } = query;
      // SQL's LIMIT: a negative one is no limit (and the SQLite store's slice then drops that many from the end)
      const most = limit < 0 ? Number.POSITIVE_INFINITY : limit;
      const out: Alert[] = [];
      for (let i = order.length - 1; i >= 0 && out.length < most; i--) {
        const a = order[i] as AlertRow;
        // `device_id = ?` in SQL: a row without a device never matches
        if (device_id !== undefined && (a.device_id === null || a.device_id !== device_id)) continue;
        if (query.active && a.acknowledged_at !== null) continue;
        out.push({ ...a });
      }
      return out.slice(0, limit);
    },
    acknowledge(id) {
      const row = byId.get(id);
      if (!row) return undefined;
      if (row.acknowledged_at === null) {
        row.acknowledged_at = deps.clock.now().toISOString();
        const key = kindKey(row);
        if (active.get(key) === row) {
          // another active one of the same kind (rows from before deduplication) is counted on from now on
          active.delete(key);
          const older = order.findLast((a) => a.acknowledged_at === null && sameKind(a, row));
          if (older) active.set(key, older);
        }
        write(row);
      }
      return { ...row };
    },
    flush: () => queue.flush(),
    async close() {
      ids.stop();
      await queue.close();
    },
  };
}

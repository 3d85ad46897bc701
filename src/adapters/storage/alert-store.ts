// Alerts in SQLite (table `alerts`); raising one also announces it on the bus. The newest 10,000 are kept.
// While the database cannot be written (write-guard.ts) alerts are still raised and acknowledged: new ones wait
// in memory with the ids they will have (after the highest in the table), acknowledgements of stored ones wait
// beside them, lists show both, and the guard's rounds write them in order. At most 1,000 wait; past that the
// oldest waiting alert (never the storage alert itself) is dropped and counted.
import type BetterSqlite3 from 'better-sqlite3';
import type { Selectable } from 'kysely';
import type { Alert, AlertInput, AlertStore } from '../../core/alerts.js';
import type { Clock } from '../../core/clock.js';
import type { EventBus } from '../../core/event-bus.js';
import type { CoreEvents } from '../../core/events.js';
import { queryBuilder, type AlertsTable } from './db-schema.js';
import { prepareQuery, standIns } from './prepared.js';
import { outageOf } from './unwritable.js';
import { UNWRITABLE_ALERT, type WriteGuardPort } from './write-guard.js';

const KEEP = 10_000;
/** alerts held in memory at most while the database cannot be written */
export const WAITING_ALERTS = 1_000;

type AlertRow = Selectable<AlertsTable>;
interface ListArgs {
  device_id: string | undefined;
  limit: number;
}

export function createAlertStore(
  sqlite: BetterSqlite3.Database,
  clock: Clock,
  bus: EventBus<CoreEvents>,
  guard?: WriteGuardPort,
): AlertStore {
  const db = queryBuilder();
  const insert = prepareQuery(sqlite, (p: AlertInput & { time: string }) =>
    db
      .insertInto('alerts')
      .values(standIns(p, ['time', 'severity', 'type', 'message', 'device_id', 'entity_id']))
      .returningAll(),
  );
  // an alert raised while the database could not be written, with the id it was given then
  const insertHeld = prepareQuery(sqlite, (p: AlertRow) =>
    db
      .insertInto('alerts')
      .values(
        standIns(p, [
          'id',
          'time',
          'severity',
          'type',
          'message',
          'device_id',
          'entity_id',
          'acknowledged_at',
          'repeats',
          'last_time',
        ]),
      ),
  );
  // the active alert of the same kind (dedupe), and counting it again
  const activeSame = prepareQuery(sqlite, (p: { type: string; device_id: string | null; entity_id: string | null }) =>
    db
      .selectFrom('alerts')
      .selectAll()
      .where('type', '=', p.type)
      .where('device_id', 'is', p.device_id)
      .where('entity_id', 'is', p.entity_id)
      .where('acknowledged_at', 'is', null)
      .orderBy('id', 'desc')
      .limit((l) => l.lit(1)),
  );
  const again = prepareQuery(sqlite, (p: { id: number; at: string; message: string; severity: string }) =>
    db
      .updateTable('alerts')
      .set((eb) => ({
        repeats: eb('repeats', '+', 1),
        last_time: p.at,
        message: p.message,
        severity: p.severity as Alert['severity'],
      }))
      .where('id', '=', p.id)
      .returningAll(),
  );
  const highestId = prepareQuery(sqlite, () => db.selectFrom('alerts').select((eb) => eb.fn.max('id').as('id')));
  const trim = prepareQuery(sqlite, (p: { keep: number }) =>
    db.deleteFrom('alerts').where('id', '<=', (eb) =>
      eb
        .selectFrom('alerts')
        .select('id')
        .orderBy('id', 'desc')
        .limit((l) => l.lit(1))
        .offset(p.keep),
    ),
  );
  const byId = prepareQuery(sqlite, (p: { id: number }) => db.selectFrom('alerts').selectAll().where('id', '=', p.id));
  const ack = prepareQuery(sqlite, (p: { id: number; at: string }) =>
    db.updateTable('alerts').set({ acknowledged_at: p.at }).where('id', '=', p.id).where('acknowledged_at', 'is', null),
  );
  const listQuery = (byDevice: boolean, active: boolean) =>
    prepareQuery(sqlite, (p: ListArgs) =>
      db
        .selectFrom('alerts')
        .selectAll()
        .$if(byDevice, (q) => q.where('device_id', '=', p.device_id as string))
        .$if(active, (q) => q.where('acknowledged_at', 'is', null))
        .orderBy('id', 'desc')
        .limit(p.limit),
    );
  // list's four statements: of one device or of all, active only or all
  const ofDevice = { all: listQuery(true, false), active: listQuery(true, true) };
  const ofAll = { all: listQuery(false, false), active: listQuery(false, true) };
  let raised = 0;

  // held while the database cannot be written: new alerts (oldest first), acknowledgements of stored ones
  const held: AlertRow[] = [];
  const acks = new Map<number, string>();
  let dropped = 0;
  const writeHeld = sqlite.transaction(() => {
    for (const a of held) insertHeld.run(a);
    for (const [id, at] of acks) ack.run({ id, at });
  });
  guard?.add({
    name: 'alerts',
    bound: WAITING_ALERTS,
    waiting: () => held.length + acks.size,
    dropped: () => dropped,
    retry() {
      if (held.length === 0 && acks.size === 0) return;
      try {
        writeHeld();
      } catch (err) {
        if (outageOf(err)) throw err;
        dropped += held.length; // refused for good (not an outage): counted, and the error logged by the guard
        held.length = 0;
        acks.clear();
        throw err;
      }
      held.length = 0;
      acks.clear();
    },
  });
  /** whether to write now: nothing is held (writes keep their order) and the database takes writes */
  const direct = () => held.length === 0 && acks.size === 0 && (guard?.writable ?? true);
  /** runs `write`; false when the database cannot be written and the caller is to hold it */
  const attempt = (write: () => void): boolean => {
    if (!direct()) return false;
    try {
      write();
      return true;
    } catch (err) {
      if (guard?.absorb(err)) return false;
      throw err;
    }
  };
  const overlay = (a: AlertRow): AlertRow => {
    const at = acks.get(a.id);
    return at === undefined || a.acknowledged_at !== null ? a : { ...a, acknowledged_at: at };
  };

  return {
    raise(input) {
      const time = clock.now().toISOString();
      const same = (a: AlertRow) =>
        a.acknowledged_at === null &&
        a.type === input.type &&
        a.device_id === input.device_id &&
        a.entity_id === input.entity_id;
      // the same alert still active: counted on it, not raised anew (and not announced again)
      const waiting = held.findLast(same);
      if (waiting) {
        Object.assign(waiting, { repeats: waiting.repeats + 1, last_time: time, message: input.message });
        return { ...waiting };
      }
      const stored = activeSame.get(input) as AlertRow | undefined;
      if (stored && !acks.has(stored.id)) {
        let counted: AlertRow | undefined;
        const args = { id: stored.id, at: time, message: input.message, severity: input.severity };
        if (attempt(() => (counted = again.get(args) as AlertRow))) return counted as Alert;
        return { ...stored, repeats: stored.repeats + 1, last_time: time, message: input.message };
      }
      let alert: Alert | undefined;
      if (
        !attempt(() => {
          alert = insert.get({ ...input, time }) as AlertRow;
          if (++raised % 500 === 0) trim.run({ keep: KEEP });
        })
      ) {
        const id = (held.at(-1)?.id ?? highestId.get({})?.id ?? 0) + 1;
        const row: AlertRow = { id, time, ...input, acknowledged_at: null, repeats: 0, last_time: null };
        held.push(row);
        if (held.length > WAITING_ALERTS) {
          // the oldest, but never the alert that says why alerts wait
          held.splice(
            Math.max(
              0,
              held.findIndex((a) => a.type !== UNWRITABLE_ALERT),
            ),
            1,
          );
          dropped++;
        }
        alert = { ...row };
      }
      const a = alert as Alert;
      bus.emit('alert_raised', { alert: a });
      return a;
    },
    list(query = {}) {
      const { device_id } = query;
      const limit = query.limit ?? 100;
      const lists = device_id !== undefined ? ofDevice : ofAll;
      const stored = (query.active ? lists.active : lists.all).all({ device_id, limit: limit + acks.size });
      const newer = held
        .filter((a) => device_id === undefined || a.device_id === device_id)
        .reverse()
        .map((a) => ({ ...a }));
      return [...newer, ...stored.map(overlay)]
        .filter((a) => !query.active || a.acknowledged_at === null)
        .slice(0, limit);
    },
    acknowledge(id) {
      const at = clock.now().toISOString();
      const waiting = held.find((a) => a.id === id);
      if (waiting) {
        waiting.acknowledged_at ??= at;
        return { ...waiting };
      }
      if (attempt(() => ack.run({ id, at }))) return byId.get({ id });
      const row = byId.get({ id });
      if (!row) return undefined;
      if (row.acknowledged_at === null && !acks.has(id)) acks.set(id, at);
      return overlay(row);
    },
  };
}

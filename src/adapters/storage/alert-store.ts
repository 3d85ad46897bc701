import type BetterSqlite3 from 'better-sqlite3';
import type { Selectable } from 'kysely';
import type { Alert, AlertInput, AlertStore } from '../../core/alerts.js';
import type { Clock } from '../../core/clock.js';
import type { EventBus } from '../../core/event-bus.js';
import type { CoreEvents } from '../../core/events.js';
import { queryBuilder, type AlertsTable } from './db-schema.js';
import { prepareQuery, standIns } from './prepared.js';

const KEEP = 10_000;

type AlertRow = Selectable<AlertsTable>;
interface ListArgs {
  device_id: string | undefined;
  limit: number;
}

/** Alerts in SQLite; raising one also announces it on the bus. The newest 10,000 are kept. */
export function createAlertStore(sqlite: BetterSqlite3.Database, clock: Clock, bus: EventBus<CoreEvents>): AlertStore {
  const db = queryBuilder();
  const insert = prepareQuery(sqlite, (p: AlertInput & { time: string }) =>
    db
      .insertInto('alerts')
      .values(standIns(p, ['time', 'severity', 'type', 'message', 'device_id', 'entity_id']))
      .returningAll(),
  );
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

  return {
    raise(input) {
      const alert: Alert = insert.get({ ...input, time: clock.now().toISOString() }) as AlertRow;
      if (++raised % 500 === 0) trim.run({ keep: KEEP });
      bus.emit('alert_raised', { alert });
      return alert;
    },
    list(query = {}) {
      const { device_id } = query;
      const lists = device_id !== undefined ? ofDevice : ofAll;
      return (query.active ? lists.active : lists.all).all({ device_id, limit: query.limit ?? 100 });
    },
    acknowledge(id) {
      ack.run({ id, at: clock.now().toISOString() });
      return byId.get({ id });
    },
  };
}

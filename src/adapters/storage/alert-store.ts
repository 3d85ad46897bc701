import type BetterSqlite3 from 'better-sqlite3';
import type { Alert, AlertStore } from '../../core/alerts.js';
import type { Clock } from '../../core/clock.js';
import type { EventBus } from '../../core/event-bus.js';
import type { CoreEvents } from '../../core/events.js';

const KEEP = 10_000;

/** Alerts in SQLite; raising one also announces it on the bus. The newest 10,000 are kept. */
export function createAlertStore(sqlite: BetterSqlite3.Database, clock: Clock, bus: EventBus<CoreEvents>): AlertStore {
  const insert = sqlite.prepare(
    'INSERT INTO alerts (time, severity, type, message, device_id, entity_id) VALUES (@time, @severity, @type, @message, @device_id, @entity_id) RETURNING *',
  );
  const trim = sqlite.prepare('DELETE FROM alerts WHERE id <= (SELECT id FROM alerts ORDER BY id DESC LIMIT 1 OFFSET ?)');
  const byId = sqlite.prepare('SELECT * FROM alerts WHERE id = ?');
  const ack = sqlite.prepare('UPDATE alerts SET acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL');
  let raised = 0;

  return {
    raise(input) {
      const alert = insert.get({ ...input, time: clock.now().toISOString() }) as Alert;
      if (++raised % 500 === 0) trim.run(KEEP);
      bus.emit('alert_raised', { alert });
      return alert;
    },
    list(query = {}) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (query.device_id !== undefined) {
        where.push('device_id = ?');
        params.push(query.device_id);
      }
      if (query.active) where.push('acknowledged_at IS NULL');
      const sql = `SELECT * FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
      return sqlite.prepare(sql).all(...params, query.limit ?? 100) as Alert[];
    },
    acknowledge(id) {
      ack.run(clock.now().toISOString(), id);
      return byId.get(id) as Alert | undefined;
    },
  };
}

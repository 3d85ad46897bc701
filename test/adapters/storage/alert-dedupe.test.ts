// Alerts are deduplicated (issue 21), on a real SQLite file with the real migrations: the same alert (type, device,
// entity) raised again while active is counted on the first (repeats, last_time, the latest message), not written
// anew nor announced again; once acknowledged (resolved), the next one is a new alert.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAlertStore } from '../../../src/adapters/storage/alert-store.js';
import { openDatabase } from '../../../src/adapters/storage/database.js';
import type { Alert } from '../../../src/core/alerts.js';
import { createEventBus } from '../../../src/core/event-bus.js';
import type { CoreEvents } from '../../../src/core/events.js';
import { silentLogger } from '../../../src/core/logger.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe('alert deduplication', () => {
  it('counts a repeat on the active alert, and starts anew after it is resolved', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-alerts-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const database = await openDatabase(join(dir, 'switchyard.db'));
    cleanup.push(() => database.close());
    let now = Date.parse('2026-12-06T10:00:00Z');
    const bus = createEventBus<CoreEvents>(silentLogger);
    const announced: Alert[] = [];
    bus.on('alert_raised', ({ alert }) => void announced.push(alert));
    const alerts = createAlertStore(database.sqlite, { now: () => new Date(now) }, bus);
    const timeout = (message: string, entity_id = 'switch.kettle') =>
      alerts.raise({ severity: 'warning', type: 'command_timeout', message, device_id: 'd1', entity_id });

    const first = timeout('no answer to request 1');
    expect(first).toMatchObject({ repeats: 0, last_time: null });
    now += 60_000;
    const second = timeout('no answer to request 2');
    expect(second).toMatchObject({
      id: first.id,
      time: first.time,
      repeats: 1,
      last_time: '2026-12-06T10:01:00.000Z',
      message: 'no answer to request 2',
    });
    // another entity, another type: alerts of their own
    const other = timeout('no answer', 'switch.fan');
    const failed = alerts.raise({
      severity: 'warning',
      type: 'command_failed',
      message: 'x',
      device_id: 'd1',
      entity_id: 'switch.kettle',
    });
    expect(new Set([first.id, other.id, failed.id]).size).toBe(3);
    expect(alerts.list({ active: true })).toHaveLength(3);
    expect(announced.map((a) => a.id)).toEqual([first.id, other.id, failed.id]);

    // resolved: the next timeout is news again
    alerts.acknowledge(first.id);
    const third = timeout('no answer to request 3');
    expect(third.id).not.toBe(first.id);
    expect(third.repeats).toBe(0);
    expect(alerts.list().find((a) => a.id === first.id)).toMatchObject({
      repeats: 1,
      acknowledged_at: expect.any(String),
    });
  });
});

// Disk full (issue 21), through the whole app on its real SQLite file and embedded broker: the disk fills while
// devices report (PRAGMA max_page_count at the file's size on both connections, the service's and the history
// writer's), ingest goes on (live states keep changing, a new device is discovered), one storage_unwritable alert
// is raised and health says degraded and why; when space returns (the limit raised) everything received during
// the outage is written by itself, every value in history, the alert is resolved and health is ok again.
import { afterEach, describe, expect, it } from 'vitest';
import type { Persistence } from '../../src/adapters/storage/persistence.js';
import { UNWRITABLE_ALERT, WRITABLE_ALERT } from '../../src/adapters/storage/write-guard.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { marker, until } from '../helpers/markers.js';
import { eventually } from '../helpers/net.js';

const SENSORS = 5;
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const announce = (t: TestApp, id: string) =>
  t.client.publishAsync(
    `homeassistant/sensor/${id}/config`,
    JSON.stringify({ name: id, unique_id: id, object_id: id, state_topic: `df/${id}` }),
    { qos: 1 },
  );

describe('disk full', () => {
  it('keeps ingesting in memory with an alert and degraded health, then writes everything once space returns', async () => {
    const t = await startTestApp();
    cleanup.push(() => t.close());
    const { sqlite } = t.app.database;
    // SQLite's own recorder: a full disk is made with its max_page_count
    const recorder = (t.app.persistence as Persistence).recorder;
    const ids = Array.from({ length: SENSORS }, (_, i) => `df_${i}`);
    for (const id of ids) await announce(t, id);
    await until(() => ids.every((id) => t.app.registry.entity(`sensor.${id}`)), 'the sensors were not discovered');
    const stored = (sql: string, ...args: unknown[]) => sqlite.prepare(sql).all(...args) as Record<string, unknown>[];
    await eventually(() => stored("SELECT 1 FROM entities WHERE entity_id LIKE 'sensor.df_%'").length === SENSORS);

    let round = 0;
    const publishRound = async (sensors = ids) => {
      round++;
      await Promise.all(sensors.map((id) => t.client.publishAsync(`df/${id}`, String(round), { qos: 1 })));
    };
    const health = async () => (await t.get('/api/health')).body;

    // the disk fills: the file may not grow any more, on either connection
    const pages = Number(sqlite.pragma('page_count', { simple: true }));
    sqlite.pragma(`max_page_count = ${pages}`);
    recorder.pragma(`max_page_count = ${pages}`);
    while ((await health()).status === 'ok') {
      expect(round, 'the disk never filled').toBeLessThan(20_000);
      await publishRound();
    }
    const filledAt = round;

    // ingest goes on: live states follow every value, a new device is discovered
    for (let i = 0; i < 30; i++) {
      await publishRound();
      await marker(t.client, t.app.mqtt);
      for (const id of ids) expect(t.app.states.get(`sensor.${id}`)?.state).toBe(String(round));
    }
    await announce(t, 'df_new');
    await until(() => t.app.registry.entity('sensor.df_new'), 'the new sensor was not discovered');
    await publishRound([...ids, 'df_new']);
    await marker(t.client, t.app.mqtt);
    expect(t.app.states.get('sensor.df_new')?.state).toBe(String(round));

    // one alert, and health says why
    const down = await health();
    expect(down.status).toBe('degraded');
    expect(down.database).toMatchObject({ ok: true, writable: false });
    expect(down.database.waiting).toBeGreaterThan(0);
    expect(down.reasons.join(' ')).toContain('SQLITE_FULL');
    expect(down.reasons.join(' ')).toContain(t.dataDir);
    const active = (await t.get('/api/alerts?active=true')).body.alerts as { id: number; type: string }[];
    expect(active.filter((a) => a.type === UNWRITABLE_ALERT)).toHaveLength(1);
    const alertId = active.find((a) => a.type === UNWRITABLE_ALERT)?.id;

    // space returns
    const t0 = performance.now();
    sqlite.pragma('max_page_count = 1073741823');
    recorder.pragma('max_page_count = 1073741823');
    const up = await eventually(async () => {
      const h = await health();
      return h.status === 'ok' ? h : undefined;
    }, 15_000);
    const recoveryMs = Math.round(performance.now() - t0);
    console.info(
      `disk full: ${round - filledAt} rounds during the outage; healthy again ${recoveryMs} ms after space returned`,
    );
    expect(up.database).toMatchObject({ ok: true, writable: true, dropped: 0 });
    expect(up.reasons).toBeUndefined();

    // every value received is in history, in order, and every latest state in the states table
    recorder.flush();
    const values = Array.from({ length: round }, (_, i) => String(i + 1));
    for (const id of ids) {
      const history = stored(
        "SELECT state FROM state_history WHERE entity_id = ? AND state <> 'unknown' ORDER BY id",
        `sensor.${id}`,
      ).map((r) => r['state']);
      expect(history, id).toEqual(values);
    }
    expect(stored("SELECT state FROM state_history WHERE entity_id = 'sensor.df_new' AND state <> 'unknown'")).toEqual([
      { state: String(round) },
    ]);
    expect(
      stored("SELECT count(*) AS n FROM states WHERE entity_id LIKE 'sensor.df_%' AND state = ?", String(round)),
    ).toEqual([{ n: SENSORS + 1 }]);
    expect(stored("SELECT entity_id FROM entities WHERE entity_id = 'sensor.df_new'")).toHaveLength(1);
    expect(recorder.dropped).toBe(0);
    expect(recorder.lost).toBe(0);

    // the alert is resolved, and another says what happened
    const alerts = (await t.get('/api/alerts?active=false')).body.alerts as {
      id: number;
      type: string;
      acknowledged_at: string | null;
      message: string;
    }[];
    expect(alerts.find((a) => a.id === alertId)?.acknowledged_at).not.toBeNull();
    expect(alerts.find((a) => a.type === WRITABLE_ALERT)?.message).toMatch(/can be written again after [\d.]+ s/);
    expect(
      stored(`SELECT acknowledged_at FROM alerts WHERE type = '${UNWRITABLE_ALERT}'`).map((r) => r['acknowledged_at']),
    ).not.toContain(null);
  }, 120_000);
});

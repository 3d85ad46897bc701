// PostgreSQL going away under the whole app (database_url): its server stopped while devices report. Ingest goes
// on from memory (live states follow every value, a new device is discovered), health says degraded and why, one
// storage_unwritable alert is raised; when the server is back everything received meanwhile is written by itself,
// every value in history, the alert is resolved, health is ok again, and a restart finds it all.
import { afterEach, describe, expect, it } from 'vitest';
import { UNWRITABLE_ALERT, WRITABLE_ALERT } from '../../src/adapters/storage/write-guard.js';
import { startPostgresCluster } from '../../scripts/postgres-cluster.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { marker, until } from '../helpers/markers.js';
import { eventually } from '../helpers/net.js';
import { postgresAvailable, postgresRequired } from '../helpers/postgres.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const announce = (t: TestApp, id: string) =>
  t.client.publishAsync(
    `homeassistant/sensor/${id}/config`,
    JSON.stringify({ name: id, unique_id: id, object_id: id, state_topic: `pgo/${id}` }),
    { qos: 1 },
  );

describe.skipIf(!postgresAvailable && !postgresRequired)('PostgreSQL outage', () => {
  it('keeps ingesting in memory with an alert and degraded health, then writes everything once it is back', async () => {
    const cluster = await startPostgresCluster();
    cleanup.push(() => cluster.stop());
    const t0 = await startTestApp({ database_url: await cluster.createDatabase('outage') });
    let t = t0;
    cleanup.push(() => t.close());
    const health = async () => (await t.get('/api/health')).body;
    await announce(t, 'pgo_a');
    await until(() => t.app.registry.entity('sensor.pgo_a'), 'the sensor was not discovered');

    await cluster.pause();
    // values keep coming; the first write after the stop finds the server gone
    let round = 0;
    const publish = async (id: string) => {
      round++;
      await t.client.publishAsync(`pgo/${id}`, String(round), { qos: 1 });
    };
    await eventually(async () => {
      await publish('pgo_a');
      return (await health()).status === 'degraded';
    }, 15_000);
    const report = await health();
    expect(report.database.writable).toBe(false);
    expect(JSON.stringify(report)).toMatch(/postgres:\/\/postgres@127\.0\.0\.1:\d+\/outage/);
    await eventually(() => t.app.persistence.alerts.list({ active: true }).some((a) => a.type === UNWRITABLE_ALERT));
    // ingest goes on from memory, and a new sensor is discovered
    await announce(t, 'pgo_b');
    await until(() => t.app.registry.entity('sensor.pgo_b'), 'the new sensor was not discovered during the outage');
    for (let i = 0; i < 20; i++) await publish(i % 2 ? 'pgo_a' : 'pgo_b');
    await marker(t.client, t.app.mqtt);
    expect(t.app.states.get('sensor.pgo_b')?.state).toBe(String(round - 1));
    expect(t.app.states.get('sensor.pgo_a')?.state).toBe(String(round));

    await cluster.resume();
    await eventually(async () => (await health()).status === 'ok', 20_000);
    const alerts = t.app.persistence.alerts.list();
    expect(alerts.filter((a) => a.type === UNWRITABLE_ALERT && a.acknowledged_at === null)).toEqual([]);
    expect(alerts.some((a) => a.type === WRITABLE_ALERT)).toBe(true);

    // every value received during the outage is in history, and a restart finds the sensor discovered then
    const window = `start=${new Date(Date.now() - 600_000).toISOString()}&end=${new Date(Date.now() + 60_000).toISOString()}`;
    const values = async (app: TestApp, id: string) =>
      ((await app.get(`/api/entities/sensor.${id}/history?${window}`)).body.points as { state: string }[])
        .map((p) => p.state)
        .filter((s) => /^\d+$/.test(s));
    const a = await values(t, 'pgo_a');
    const b = await values(t, 'pgo_b');
    expect([...a, ...b].map(Number).sort((x, y) => x - y)).toEqual(Array.from({ length: round }, (_, i) => i + 1));
    t = await t.restart();
    expect(t.app.registry.entity('sensor.pgo_b')).toBeDefined();
    expect(t.app.states.get('sensor.pgo_b')?.state).toBe(String(round - 1));
    expect(await values(t, 'pgo_b')).toEqual(b);
  });
});

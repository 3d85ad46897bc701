// The whole add-on on each storage engine (SQLite in the data folder, PostgreSQL through `database_url`), as a
// user sees it: a discovered sensor and its states, the history and buckets over REST, an automation's trace, an
// acknowledged alert and a helper's state, all still there after a restart. The same steps and expectations on
// both engines.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { collect } from '../helpers/mqtt-client.js';
import { eventually } from '../helpers/net.js';
import { freshPostgresDatabase } from '../helpers/postgres.js';
import { STORAGE_ENGINES } from '../helpers/storage-engines.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const AUTOMATIONS = `
input_boolean:
  guest_mode:
    name: Guest mode
automation:
  - id: fan_when_hot
    alias: Fan on when the attic is hot
    triggers:
      - trigger: numeric_state
        entity_id: sensor.attic_temperature
        above: 25
    actions:
      - action: switch.turn_on
        target:
          entity_id: switch.attic_fan
`;

describe.each(STORAGE_ENGINES)('the add-on on $name', (engine) => {
  it.skipIf(!engine.available)(
    'keeps entities, states, history, traces, alerts and helper states across a restart',
    async () => {
      const overrides = engine.name === 'postgres' ? { database_url: await freshPostgresDatabase('app') } : {};
      t = await startTestApp(overrides);
      const app = t;
      // one fixed window for the reads before and after the restart (buckets start at the window's start)
      const window = `start=${new Date(Date.now() - 60_000).toISOString()}&end=${new Date(Date.now() + 600_000).toISOString()}`;
      const health = (await app.get('/api/health')).body;
      expect(health.database.ok).toBe(true);
      const commands = await collect(app.client, 'attic/fan/set');
      await app.client.publishAsync(
        'homeassistant/sensor/attic/config',
        JSON.stringify({
          name: 'Attic Temperature',
          unique_id: 'at',
          state_topic: 'attic/temp',
          unit_of_measurement: '°C',
        }),
        { qos: 1, retain: true },
      );
      await app.client.publishAsync(
        'homeassistant/switch/fan/config',
        JSON.stringify({ name: 'Attic Fan', unique_id: 'af', command_topic: 'attic/fan/set' }),
        { qos: 1, retain: true },
      );
      await eventually(async () => (await app.get('/api/entities')).body.count >= 2);
      writeFileSync(join(app.dataDir, 'automations', 'attic.yaml'), AUTOMATIONS);
      await app.post('/api/automations/reload', {});
      await eventually(async () => (await app.get('/api/automations')).body.count === 1);

      for (const v of ['21', '24', '26.5']) await app.client.publishAsync('attic/temp', v, { qos: 1 });
      await eventually(() => commands.length === 1);
      await eventually(async () => (await app.get('/api/automations/fan_when_hot/traces')).body.traces?.length === 1);
      await app.post('/api/actions/input_boolean/turn_on', { entity_id: 'input_boolean.guest_mode' });
      const alert = app.app.persistence.alerts.raise({
        severity: 'warning',
        type: 'test_alert',
        message: 'checked after the restart',
        device_id: null,
        entity_id: null,
      });
      expect((await app.post(`/api/alerts/${alert.id}/acknowledge`, {})).status).toBe(200);

      // the readings, after the state the entity had before its first message
      const history = await eventually(async () => {
        const body = (await app.get(`/api/entities/sensor.attic_temperature/history?${window}`)).body;
        return body.points?.at(-1)?.state === '26.5' ? body : undefined;
      });
      expect(history.points.slice(-3).map((p: { state: string }) => p.state)).toEqual(['21', '24', '26.5']);
      const buckets = (
        await app.get(`/api/entities/sensor.attic_temperature/history/buckets?${window}&bucket_seconds=60`)
      ).body;
      expect(buckets.buckets.length).toBeGreaterThan(0);
      const traces = (await app.get('/api/automations/fan_when_hot/traces')).body;
      expect(traces.traces).toHaveLength(1);
      const alerts = (await app.get('/api/alerts')).body;

      const next = await app.restart();
      t = next;
      const entities = (await next.get('/api/entities')).body;
      expect(entities.entities.map((e: { entity_id: string }) => e.entity_id)).toEqual(
        expect.arrayContaining(['sensor.attic_temperature', 'switch.attic_fan']),
      );
      expect((await next.get('/api/entities/sensor.attic_temperature')).body.state).toBe('26.5');
      expect((await next.get(`/api/entities/sensor.attic_temperature/history?${window}`)).body.points).toEqual(
        history.points,
      );
      expect(
        (await next.get(`/api/entities/sensor.attic_temperature/history/buckets?${window}&bucket_seconds=60`)).body
          .buckets,
      ).toEqual(buckets.buckets);
      expect((await next.get('/api/automations/fan_when_hot/traces')).body.traces).toEqual(traces.traces);
      expect((await next.get('/api/alerts')).body.alerts).toEqual(alerts.alerts);
      await eventually(async () => (await next.get('/api/entities/input_boolean.guest_mode')).body.state === 'on');
    },
  );
});

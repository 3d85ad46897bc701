// The storage service as the add-on uses it, on both engines (SQLite and PostgreSQL) with the same calls and the
// same expectations: history written in batches and flushed before a read, the registry, states, alerts, traces
// and helper states restored by a new service on the same data (a restart), and the retention purge.
import { afterEach, describe, expect, it } from 'vitest';
import type { StorageService } from '../../../src/adapters/storage/storage-service.js';
import { traceSummary } from '../../../src/core/automation-ports.js';
import { createEventBus } from '../../../src/core/event-bus.js';
import type { CoreEvents } from '../../../src/core/events.js';
import { silentLogger } from '../../../src/core/logger.js';
import { createRegistry } from '../../../src/core/registry.js';
import { createStateStore } from '../../../src/core/state-store.js';
import { trace } from '../../helpers/trace-fixture.js';
import { STORAGE_ENGINES, type OpenedEngine } from '../../helpers/storage-engines.js';

const opened: OpenedEngine[] = [];
const services: StorageService[] = [];
afterEach(async () => {
  for (const s of services.splice(0).reverse()) await s.stop();
  for (const o of opened.splice(0)) await o.close();
});

const entity = (entity_id: string) => ({
  entity_id,
  unique_id: null,
  domain: 'sensor',
  name: 'X',
  device_id: null,
  area: null,
  source: 'test',
  discovery_topic: null,
  config: { a: 1 },
});

describe.each(STORAGE_ENGINES)('storage on $name', (engine) => {
  async function setup(data?: OpenedEngine, nowMs = Date.parse('2026-06-01T12:00:00Z')) {
    const on = data ?? (await engine.open());
    if (!data) opened.push(on);
    let now = nowMs;
    const clock = { now: () => new Date(now) };
    const bus = createEventBus<CoreEvents>(silentLogger);
    const registry = createRegistry(bus);
    const states = createStateStore(bus, clock);
    const storage = on.service({
      bus,
      registry,
      states,
      clock,
      log: silentLogger,
      retentionDays: 7,
      flushIntervalMs: 60_000,
    });
    await storage.start();
    services.push(storage);
    return { on, registry, states, storage, bus, tick: (ms: number) => (now += ms) };
  }

  it.skipIf(!engine.available)(
    'buffers state changes and writes them in batches; reading history flushes first',
    async () => {
      const { states, storage, tick } = await setup();
      for (let i = 0; i < 5; i++) {
        states.set('sensor.t', String(20 + i));
        tick(1000);
      }
      expect(storage.recorder.pending).toBe(5);
      expect(storage.recorder.written).toBe(0);
      const points = await storage.history.history(
        'sensor.t',
        new Date('2026-06-01T11:00:00Z'),
        new Date('2026-06-01T13:00:00Z'),
      );
      expect(storage.recorder.written).toBe(5);
      expect(points.map((p) => p.value)).toEqual([20, 21, 22, 23, 24]);
      expect(points[0]?.time).toBe('2026-06-01T12:00:00.000Z');
    },
  );

  it.skipIf(!engine.available)(
    'restores the registry, last states, alerts, traces and helper states on a restart',
    async () => {
      const first = await setup();
      first.registry.upsertEntity(entity('sensor.kept'));
      first.registry.upsertEntity(entity('sensor.gone'));
      first.states.set('sensor.kept', '7', { unit: 'W' });
      first.registry.removeEntity('sensor.gone');
      const raised = first.storage.alerts.raise({
        severity: 'warning',
        type: 'device_offline',
        message: 'plug went away',
        device_id: 'plug',
        entity_id: null,
      });
      first.storage.alerts.raise({ severity: 'info', type: 'note', message: 'n', device_id: null, entity_id: null });
      first.storage.alerts.acknowledge(raised.id);
      first.storage.traces.save(trace('a1', 1));
      first.storage.traces.save(trace('a1', 2));
      first.storage.helperStates.save('input_boolean.guest', { state: 'on', attributes: { editable: true } });
      first.storage.bridgeDevices.save({
        device_id: 'esp1',
        capabilities: { sensors: [] },
        metrics: { rssi: -60 },
        last_seen: '2026-06-01T12:00:00.000Z',
      });
      const alertsBefore = first.storage.alerts.list();
      await first.on.settle(first.storage);
      await first.storage.stop();
      services.splice(services.indexOf(first.storage), 1);

      const second = await setup(first.on);
      expect(second.registry.entities().map((e) => e.entity_id)).toEqual(['sensor.kept']);
      expect(second.registry.entity('sensor.kept')?.config).toEqual({ a: 1 });
      expect(second.states.get('sensor.kept')).toMatchObject({ state: '7', attributes: { unit: 'W' } });
      expect(second.storage.alerts.list()).toEqual(alertsBefore);
      expect(second.storage.traces.list('a1').map((t) => t.run_id)).toEqual(['a1-run-2', 'a1-run-1']);
      expect(second.storage.traces.get('a1', 'a1-run-1')).toMatchObject({ run_id: 'a1-run-1', outcome: 'finished' });
      expect(second.storage.traces.list('a1')[0]).toEqual(traceSummary(trace('a1', 2)));
      expect(second.storage.helperStates.load().get('input_boolean.guest')).toEqual({
        state: 'on',
        attributes: { editable: true },
      });
      expect(second.storage.bridgeDevices.load().map((d) => d.device_id)).toEqual(['esp1']);
    },
  );

  it.skipIf(!engine.available)('purges history older than the retention', async () => {
    const { states, storage, tick, on } = await setup();
    states.set('sensor.old', '1');
    tick(8 * 24 * 3600 * 1000);
    states.set('sensor.old', '2');
    await on.settle(storage);
    expect(await storage.purge()).toBe(1);
    const left = await storage.history.history('sensor.old', new Date(0), new Date('2030-01-01'));
    expect(left.map((p) => p.state)).toEqual(['2']);
  });
});

// The state exchange of several instances (docs/scale-out.md) on a real in-process broker (the embedded aedes), with
// real MqttConnections and the real event bus and state store of each instance; a plain mqtt.js client watches the
// wire and plays a third instance that sends what no instance would. Only the stores' clocks are fake (a port), so
// last_updated is chosen. Nothing is slept on: conditions are waited for, and "nothing more came" is shown with
// markers (test/helpers/markers.ts).
import type { MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { createStateExchange, type StateExchange } from '../../../src/adapters/cluster/state-exchange.js';
import type { MqttConnection } from '../../../src/adapters/mqtt/mqtt-connection.js';
import type { Clock } from '../../../src/core/clock.js';
import { createContext, DISCOVERY_ORIGIN } from '../../../src/core/context.js';
import { createEventBus, type EventBus } from '../../../src/core/event-bus.js';
import type { CoreEvents } from '../../../src/core/events.js';
import { silentLogger } from '../../../src/core/logger.js';
import { createStateStore, type StateStore } from '../../../src/core/state-store.js';
import { startConnection, startEmbedded } from '../../helpers/brokers.js';
import { marker, until } from '../../helpers/markers.js';
import { collect, connectClient } from '../../helpers/mqtt-client.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const T0 = Date.parse('2024-05-01T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const ENVELOPE = '{"v":1,"changes":[]}'.length;

/** a clock the test sets */
function settable(start = T0): Clock & { ms: number } {
  const c = { ms: start, now: () => new Date(c.ms) };
  return c;
}

interface Node {
  readonly conn: MqttConnection;
  readonly bus: EventBus<CoreEvents>;
  readonly store: StateStore;
  readonly clock: { ms: number };
  readonly exchange: StateExchange;
  /** every state_changed this instance's bus carried */
  readonly changed: CoreEvents['state_changed'][];
}

async function setup() {
  const broker = await startEmbedded(0, {});
  cleanup.push(() => broker.stop());
  const node = async (instance: string, options: { flushMs?: number; maxBatchBytes?: number } = {}) => {
    const conn = await startConnection(broker.port);
    cleanup.push(() => conn.stop());
    const bus = createEventBus<CoreEvents>(silentLogger);
    const clock = settable();
    const store = createStateStore(bus, clock);
    const changed: CoreEvents['state_changed'][] = [];
    bus.on('state_changed', (e) => void changed.push(e));
    const exchange = createStateExchange({
      messages: conn,
      bus,
      states: store,
      instance,
      log: silentLogger,
      ...options,
    });
    await exchange.start();
    cleanup.push(() => exchange.stop());
    return { conn, bus, store, clock, exchange, changed } satisfies Node;
  };
  // the wire, seen by a client of its own; it also publishes what another instance ("c") might send
  const wire: MqttClient = await connectClient(broker.port);
  cleanup.push(() => wire.endAsync());
  const seen = await collect(wire, 'switchyard/cluster/+/states');
  const batchesOf = (instance: string) =>
    seen
      .filter((m) => m.topic === `switchyard/cluster/${instance}/states`)
      .map((m) => JSON.parse(m.payload) as { v: 1; changes: unknown[][] });
  return { node, wire, batchesOf, seen };
}

describe('cluster state exchange', () => {
  it('a change made on a reaches b whole, as a replica; b does not send it back', async () => {
    const { node, batchesOf } = await setup();
    const a = await node('a');
    const b = await node('b');
    a.clock.ms = T0 + 1_000;
    const context = createContext('device', 'parent-1');
    const made = a.store.set('sensor.temp', '21.5', { unit_of_measurement: 'C', nested: { x: [1, 2] } }, { context });

    const replica = await until(() => b.store.get('sensor.temp'), 'the change reaches b');
    expect(replica).toEqual(made);
    expect(replica).toMatchObject({
      last_changed: iso(T0 + 1_000),
      last_updated: iso(T0 + 1_000),
      last_reported: iso(T0 + 1_000),
      context: { id: context.id, parentId: 'parent-1', origin: 'device' },
    });
    expect(b.changed).toEqual([
      { entity_id: 'sensor.temp', old_state: null, new_state: replica, context: replica.context, replica: true },
    ]);
    expect(b.exchange.counts()).toMatchObject({ received: 1, applied: 1, sent: 0, refused: 0 });

    // a change b makes itself goes out alone: the replica was never queued to be sent again
    b.store.set('sensor.own', 'x');
    await until(() => a.store.get('sensor.own'), 'b’s own change reaches a');
    await marker(b.conn, a.conn);
    expect(batchesOf('b').map((batch) => batch.changes.map((c) => c[0]))).toEqual([['sensor.own']]);
    // what a received is b's own change only
    expect(a.exchange.counts()).toMatchObject({ received: 1, applied: 1, sent: 1, batches: 1 });
    // a does not apply its own batch (it hears its own topic) nor gets its change echoed
    expect(a.changed.filter((e) => e.replica).map((e) => e.entity_id)).toEqual(['sensor.own']);
  });

  it('every change of one entity within the flush interval goes out, in order: b sees the same transitions as a', async () => {
    const { node, batchesOf, wire } = await setup();
    const a = await node('a', { flushMs: 50 });
    const b = await node('b');
    // five changes in each millisecond: the order they were made in decides, not the tie-break of their context ids
    for (let i = 0; i < 50; i++) {
      a.clock.ms = T0 + Math.floor(i / 5);
      a.store.set('sensor.fast', String(i), { i });
    }
    a.store.set('sensor.other', 'on');

    await until(() => b.store.get('sensor.other'), 'the batch reaches b');
    await marker(a.conn, wire);
    const batches = batchesOf('a');
    expect(batches).toHaveLength(1);
    expect(batches[0]?.changes.map((c) => [c[0], c[1]])).toEqual([
      ...Array.from({ length: 50 }, (_, i) => ['sensor.fast', String(i)]),
      ['sensor.other', 'on'],
    ]);
    expect(a.exchange.counts()).toMatchObject({ sent: 51, batches: 1 });
    expect(b.exchange.counts()).toMatchObject({ received: 51, applied: 51 });
    expect(b.store.get('sensor.fast')).toEqual(a.store.get('sensor.fast'));
    // a trigger on b sees each from → to that a's saw (a fire on b matches the leader's mark only so)
    const transitions = (changed: CoreEvents['state_changed'][]) =>
      changed
        .filter((e) => e.entity_id === 'sensor.fast')
        .map((e) => `${e.old_state?.state ?? '-'}>${e.new_state?.state}`);
    expect(transitions(b.changed)).toEqual(transitions(a.changed));
    expect(transitions(b.changed)).toHaveLength(50);
  });

  it('last writer wins by last_updated: an older replica is not applied, and both end on the newer state', async () => {
    const { node } = await setup();
    const a = await node('a');
    const b = await node('b');
    // both change one light before either batch goes out: a's change is older
    a.clock.ms = T0 + 1_000;
    a.store.set('light.k', 'off');
    b.clock.ms = T0 + 5_000;
    const newer = b.store.set('light.k', 'on', { brightness: 10 });

    await until(() => b.exchange.counts().received === 1, 'a’s change reaches b');
    await until(() => a.exchange.counts().received === 1, 'b’s change reaches a');
    expect(b.exchange.counts()).toMatchObject({ received: 1, applied: 0 });
    expect(b.store.get('light.k')).toBe(newer);
    expect(b.changed.filter((e) => e.replica)).toEqual([]);
    expect(a.exchange.counts()).toMatchObject({ received: 1, applied: 1 });
    expect(a.store.get('light.k')).toEqual(newer);
  });

  it('a value received elsewhere replaces the first state discovery wrote here, even a later one', async () => {
    const { node } = await setup();
    const a = await node('a');
    const b = await node('b');
    a.clock.ms = T0 + 1_000;
    const reading = a.store.set('sensor.new', '21', {}, { context: createContext('device') });
    // b builds the entity a moment later and writes its first state (not sent: every instance writes its own)
    b.clock.ms = T0 + 2_000;
    b.store.set('sensor.new', 'unknown', {}, { context: createContext(DISCOVERY_ORIGIN) });
    await until(() => b.exchange.counts().received === 1, 'a’s reading reaches b');
    expect(b.exchange.counts()).toMatchObject({ applied: 1 });
    expect(b.store.get('sensor.new')).toEqual(reading);
  });

  it('the same state with a newer last_reported only moves last_reported, without a state_changed', async () => {
    const { node } = await setup();
    const a = await node('a');
    const b = await node('b');
    // both make the same state themselves (a group's state, say), b first
    b.clock.ms = T0 + 1_000;
    const own = b.store.set('sensor.same', '5', { unit: 'W' });
    a.clock.ms = T0 + 3_000;
    a.store.set('sensor.same', '5', { unit: 'W' });

    await until(() => b.exchange.counts().received === 1, 'a’s change reaches b');
    expect(b.store.get('sensor.same')).toEqual({ ...own, last_reported: iso(T0 + 3_000) });
    expect(b.changed.map((e) => [e.entity_id, e.replica ?? false])).toEqual([['sensor.same', false]]);
    // and b's older one changes nothing on a
    await until(() => a.exchange.counts().received === 1, 'b’s change reaches a');
    expect(a.exchange.counts().applied).toBe(0);
    expect(a.store.get('sensor.same')?.last_updated).toBe(iso(T0 + 3_000));
  });

  it('refuses malformed batches, naming the topic and the problem, and still applies the next good one', async () => {
    const { node, wire } = await setup();
    const b = await node('b');
    const topic = 'switchyard/cluster/c/states';
    const t = iso(T0);
    const good = (id: string, state: unknown = 'on') => [id, state, {}, t, t, t, 'ctx', null, 'device'];
    const cases: [payload: string, problem: RegExp][] = [
      ['{"v":1,"changes":[', /^switchyard\/cluster\/c\/states: not JSON: /],
      ['[1,2,3]', /^switchyard\/cluster\/c\/states: payload: /],
      [JSON.stringify({ v: 2, changes: [] }), /^switchyard\/cluster\/c\/states: v: /],
      [JSON.stringify({ v: 1, changes: {} }), /^switchyard\/cluster\/c\/states: changes: /],
      [JSON.stringify({ v: 1, changes: [good('sensor.ok'), good('sensor.bad', 5)] }), /: changes\.1\.1: .*string/],
      [JSON.stringify({ v: 1, changes: [good('')] }), /: changes\.0\.0: /],
      [JSON.stringify({ v: 1, changes: [good('sensor.short').slice(0, 8)] }), /: changes\.0/],
    ];
    for (const [i, [payload, problem]] of cases.entries()) {
      await wire.publishAsync(topic, payload, { qos: 0 });
      await until(() => b.exchange.counts().refused === i + 1, `batch ${i} is refused`);
      expect(b.exchange.counts().lastRefusal).toMatch(problem);
    }
    // a refused batch applies none of its changes, even the good ones
    expect(b.exchange.counts()).toMatchObject({ received: 0, applied: 0 });
    expect(b.store.get('sensor.ok')).toBeUndefined();

    await wire.publishAsync(topic, JSON.stringify({ v: 1, changes: [good('sensor.ok')] }), { qos: 0 });
    const applied = await until(() => b.store.get('sensor.ok'), 'the good batch is applied');
    expect(applied).toMatchObject({ state: 'on', context: { id: 'ctx', parentId: null, origin: 'device' } });
    expect(b.exchange.counts()).toMatchObject({ received: 1, applied: 1, refused: cases.length });
  });

  it('splits a batch larger than maxBatchBytes into several publishes, and every change arrives', async () => {
    const { node, batchesOf, wire } = await setup();
    const maxBatchBytes = 1_000;
    const a = await node('a', { maxBatchBytes, flushMs: 50 });
    const b = await node('b');
    const ids = Array.from({ length: 30 }, (_, i) => `sensor.s${String(i).padStart(2, '0')}`);
    for (const id of ids) a.store.set(id, 'v', { filler: 'x'.repeat(100) });
    // one change larger than a batch on its own still goes, alone
    a.store.set('sensor.huge', 'v', { filler: 'y'.repeat(2 * maxBatchBytes) });

    await until(() => ids.every((id) => b.store.get(id)) && b.store.get('sensor.huge'), 'every change reaches b');
    await marker(a.conn, wire);
    const batches = batchesOf('a');
    expect(batches.length).toBeGreaterThan(2);
    expect(batches.length).toBe(a.exchange.counts().batches);
    expect(batches.flatMap((batch) => batch.changes.map((c) => c[0]))).toEqual([...ids, 'sensor.huge']);
    expect(batches.at(-1)?.changes.map((c) => c[0])).toEqual(['sensor.huge']);
    const payloads = batchesOf('a').map((batch) => JSON.stringify(batch).length);
    for (const size of payloads.slice(0, -1)) expect(size).toBeLessThanOrEqual(maxBatchBytes + ENVELOPE);
    expect(a.exchange.counts()).toMatchObject({ sent: 31 });
    expect(b.exchange.counts()).toMatchObject({ received: 31, applied: 31 });
    for (const id of ids) expect(b.store.get(id)).toEqual(a.store.get(id));
  });

  it('stop() publishes what is pending, and nothing after', async () => {
    const { node, batchesOf, wire } = await setup();
    // a flush interval no test waits out: only stop() can send the change
    const a = await node('a', { flushMs: 600_000 });
    const b = await node('b');
    a.store.set('sensor.last', 'bye');
    expect(a.exchange.counts().batches).toBe(0);
    await a.exchange.stop();
    expect(a.exchange.counts()).toMatchObject({ sent: 1, batches: 1 });
    await until(() => b.store.get('sensor.last')?.state === 'bye', 'the pending change reaches b');

    a.store.set('sensor.after', 'x');
    await a.exchange.stop();
    await marker(a.conn, wire);
    expect(batchesOf('a').map((batch) => batch.changes.map((c) => c[0]))).toEqual([['sensor.last']]);
    expect(a.exchange.counts().sent).toBe(1);
  });
});

// The firing gate of several instances (docs/scale-out.md) on a real in-process broker (the embedded aedes), with
// real MqttConnections: gate a leads, gate b does not (each `leads` a switch the test flips), and a plain mqtt.js
// client watches the marks and sends malformed ones. The gates' clocks are fake (a port) and shared, so the times
// of fires are chosen; whether a mark has reached the other gate is known from a marker behind it
// (test/helpers/markers.ts), never from a sleep.
import type { MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { createFiringGate, type FiringGate, fireKey } from '../../../src/adapters/cluster/firing-gate.js';
import type { MqttConnection } from '../../../src/adapters/mqtt/mqtt-connection.js';
import type { TriggerFire } from '../../../src/automations/triggers/types.js';
import type { Clock } from '../../../src/core/clock.js';
import { createContext } from '../../../src/core/context.js';
import { silentLogger } from '../../../src/core/logger.js';
import { startConnection, startEmbedded } from '../../helpers/brokers.js';
import { marker, until } from '../../helpers/markers.js';
import { collect, connectClient } from '../../helpers/mqtt-client.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const T0 = Date.parse('2024-05-01T10:00:00.000Z');

/** a fire of a state-like trigger (state, numeric_state, template…), with what its reply was told */
function stateFire(from: string | null, to: string | null, idx = 0) {
  const replies: (string | null)[] = [];
  const fire: TriggerFire = {
    idx,
    id: String(idx),
    platform: 'state',
    description: 'state of sensor.door',
    variables: {
      from_state: from === null ? null : { state: from },
      to_state: to === null ? null : { state: to },
    },
    context: createContext('device'),
    reply: (r) => void replies.push(r),
  };
  return { fire, replies };
}

const mqttFire = (payload: string, topic = 'zigbee/button', idx = 0): TriggerFire => ({
  idx,
  id: String(idx),
  platform: 'mqtt',
  description: `mqtt topic ${topic}`,
  variables: { topic, payload, qos: 0 },
  context: null,
});

/** how often a handle was called */
function counter() {
  const c = { calls: 0, handle: () => void c.calls++ };
  return c;
}

interface Node {
  readonly conn: MqttConnection;
  readonly gate: FiringGate;
  leads: boolean;
}

async function setup() {
  const broker = await startEmbedded(0, {});
  cleanup.push(() => broker.stop());
  const clock: Clock & { ms: number } = { ms: T0, now: () => new Date(clock.ms) };
  const node = async (instance: string, leads: boolean, options: { horizonMs?: number; maxPending?: number } = {}) => {
    const conn = await startConnection(broker.port);
    cleanup.push(() => conn.stop());
    const n = { conn, leads } as Node & { gate: FiringGate };
    n.gate = createFiringGate({ messages: conn, instance, clock, log: silentLogger, leads: () => n.leads, ...options });
    await n.gate.start();
    cleanup.push(() => n.gate.stop());
    return n as Node;
  };
  const wire: MqttClient = await connectClient(broker.port);
  cleanup.push(() => wire.endAsync());
  const seen = await collect(wire, 'switchyard/cluster/+/fired');
  const marksOf = (instance: string) =>
    seen
      .filter((m) => m.topic === `switchyard/cluster/${instance}/fired`)
      .map((m) => JSON.parse(m.payload) as { k: string; t: number });
  return { node, clock, wire, marksOf };
}

describe('cluster firing gate', () => {
  it('the leader runs at once and marks; the follower’s fire is matched when the mark comes after it', async () => {
    const { node, wire, marksOf } = await setup();
    const a = await node('a', true);
    const b = await node('b', false);
    const onB = stateFire('off', 'on');
    const runB = counter();
    b.gate.offer('auto.door', onB.fire, runB.handle);
    expect(b.gate.pending).toBe(1);

    const onA = stateFire('off', 'on');
    const runA = counter();
    a.gate.offer('auto.door', onA.fire, runA.handle);
    expect(runA.calls).toBe(1);
    expect(a.gate.counts()).toMatchObject({ ran: 1, handledElsewhere: 0 });

    await until(() => b.gate.pending === 0, 'the mark reaches b');
    expect(b.gate.counts()).toMatchObject({ handledElsewhere: 1, ran: 0, takenOver: 0, unmarked: 0 });
    expect(onB.replies).toEqual([null]);
    expect(runB.calls).toBe(0);
    await marker(a.conn, wire);
    expect(marksOf('a')).toEqual([{ k: fireKey('auto.door', onA.fire), t: T0 }]);
    expect(marksOf('b')).toEqual([]);
  });

  it('the follower’s fire is matched by a mark that came before it (within the clocks’ margin)', async () => {
    const { node, clock } = await setup();
    const a = await node('a', true);
    const b = await node('b', false);
    a.gate.offer('auto.door', stateFire('off', 'on').fire, counter().handle);
    await marker(a.conn, b.conn);

    clock.ms = T0 + 1_500; // b's trigger fires later than a's, within the margin
    const late = stateFire('off', 'on');
    const runB = counter();
    b.gate.offer('auto.door', late.fire, runB.handle);
    expect(b.gate.pending).toBe(0);
    expect(b.gate.counts().handledElsewhere).toBe(1);
    expect(late.replies).toEqual([null]);
    expect(runB.calls).toBe(0);
    // the mark is used up: the same fire again waits for a mark of its own
    b.gate.offer('auto.door', stateFire('off', 'on').fire, runB.handle);
    expect(b.gate.pending).toBe(1);
  });

  it('matches identical fires one to one', async () => {
    const { node } = await setup();
    const a = await node('a', true);
    const b = await node('b', false);
    // two marks for two pending
    for (let i = 0; i < 2; i++) b.gate.offer('auto.btn', mqttFire('single'), counter().handle);
    for (let i = 0; i < 2; i++) a.gate.offer('auto.btn', mqttFire('single'), counter().handle);
    await until(() => b.gate.pending === 0, 'both marks reach b');
    expect(b.gate.counts().handledElsewhere).toBe(2);

    // one mark for two pending: one stays
    for (let i = 0; i < 2; i++) b.gate.offer('auto.btn', mqttFire('double'), counter().handle);
    a.gate.offer('auto.btn', mqttFire('double'), counter().handle);
    await marker(a.conn, b.conn);
    expect(b.gate.pending).toBe(1);
    expect(b.gate.counts().handledElsewhere).toBe(3);
  });

  it('matches a fire whose state before differs on the follower: a newer reading came before the older replica', async () => {
    const { node, clock } = await setup();
    const a = await node('a', true);
    const b = await node('b', false);
    // reading 1 reached a; reading 2 reached b before a's replica of 1 did (which b then did not apply, being older)
    a.gate.offer('relay', stateFire('unknown', '1').fire, counter().handle);
    clock.ms = T0 + 18;
    const onB = stateFire('unknown', '2');
    const runB = counter();
    b.gate.offer('relay', onB.fire, runB.handle);
    // b's own reading reaches a as a replica: a goes 1 → 2 and runs it
    clock.ms = T0 + 31;
    a.gate.offer('relay', stateFire('1', '2').fire, counter().handle);
    await until(() => b.gate.pending === 0, 'the leader’s mark for 2 reaches b');
    expect(b.gate.counts()).toMatchObject({ handledElsewhere: 1 });
    expect(onB.replies).toEqual([null]);
    // so a take-over finds nothing left to run again
    b.leads = true;
    expect(b.gate.takeOver(T0)).toBe(0);
    expect(runB.calls).toBe(0);
  });

  it('does not take its own marks for another instance’s', async () => {
    const { node } = await setup();
    const a = await node('a', true);
    a.gate.offer('auto.door', stateFire('off', 'on').fire, counter().handle);
    await marker(a.conn, a.conn);
    a.leads = false;
    a.gate.offer('auto.door', stateFire('off', 'on').fire, counter().handle);
    expect(a.gate.pending).toBe(1);
    expect(a.gate.counts()).toMatchObject({ ran: 1, handledElsewhere: 0, refused: 0 });
  });

  it('takeOver runs the unmarked fires since the given time once each, marks them, and forgets the older', async () => {
    const { node, clock, wire, marksOf } = await setup();
    await node('a', true); // the leader that never marks these: it has not seen them
    const b = await node('b', false);
    const old = stateFire('on', 'off');
    const runOld = counter();
    b.gate.offer('auto.door', old.fire, runOld.handle);
    clock.ms = T0 + 5_000;
    const first = stateFire('off', 'on');
    const runFirst = counter();
    b.gate.offer('auto.door', first.fire, runFirst.handle);
    clock.ms = T0 + 6_000;
    const second = counter();
    b.gate.offer('auto.btn', mqttFire('single'), second.handle);
    expect(b.gate.pending).toBe(3);

    b.leads = true;
    expect(b.gate.takeOver(T0 + 5_000)).toBe(2);
    expect([runOld.calls, runFirst.calls, second.calls]).toEqual([0, 1, 1]);
    expect(b.gate.pending).toBe(0);
    expect(b.gate.counts()).toMatchObject({ takenOver: 2, unmarked: 1, ran: 0 });
    await marker(b.conn, wire);
    expect(marksOf('b')).toEqual([
      { k: fireKey('auto.door', first.fire), t: T0 + 5_000 },
      { k: fireKey('auto.btn', mqttFire('single')), t: T0 + 6_000 },
    ]);
    // a fire that will never run is told so, as every other one that does not run
    expect(old.replies).toEqual([null]);

    // nothing runs twice
    expect(b.gate.takeOver(0)).toBe(0);
    expect([runOld.calls, runFirst.calls, second.calls]).toEqual([0, 1, 1]);
  });

  it('a new leader does not run a fire the leader before it marked, when its own trigger fires only now', async () => {
    const { node, clock } = await setup();
    const a = await node('a', true);
    const b = await node('b', false);
    a.gate.offer('auto.door', stateFire('off', 'on').fire, counter().handle);
    await marker(a.conn, b.conn);
    // a is gone; b takes over with nothing pending, then its own trigger for the same change fires
    a.leads = false;
    b.leads = true;
    expect(b.gate.takeOver(T0 - 8_000)).toBe(0);
    clock.ms = T0 + 500;
    const late = stateFire('off', 'on');
    const run = counter();
    b.gate.offer('auto.door', late.fire, run.handle);
    expect(run.calls).toBe(0);
    expect(late.replies).toEqual([null]);
    expect(b.gate.counts()).toMatchObject({ handledElsewhere: 1, ran: 0 });
    // the next change of its own it runs
    b.gate.offer('auto.door', stateFire('on', 'off').fire, run.handle);
    expect(run.calls).toBe(1);
  });

  it('drops pending fires and marks older than the horizon, counting the fires unmarked', async () => {
    const { node, clock } = await setup();
    const a = await node('a', true);
    const b = await node('b', false, { horizonMs: 50 });
    // a mark b keeps, and a fire b waits for in vain
    a.gate.offer('auto.door', stateFire('off', 'on').fire, counter().handle);
    await marker(a.conn, b.conn);
    const lonely = stateFire('on', 'off');
    const run = counter();
    b.gate.offer('auto.lonely', lonely.fire, run.handle);
    expect(b.gate.pending).toBe(1);

    clock.ms = T0 + 100; // past the horizon, within the margin of matching
    await until(() => b.gate.pending === 0, 'the sweep drops the fire');
    expect(b.gate.counts()).toMatchObject({ unmarked: 1, handledElsewhere: 0 });
    expect(lonely.replies).toEqual([null]);
    expect(run.calls).toBe(0);
    // the same sweep forgot the mark: the fire it would have matched now waits
    b.gate.offer('auto.door', stateFire('off', 'on').fire, counter().handle);
    expect(b.gate.pending).toBe(1);
  });

  it('keeps at most maxPending fires, dropping and counting the oldest', async () => {
    const { node } = await setup();
    const b = await node('b', false, { maxPending: 3 });
    const fires = Array.from({ length: 5 }, (_, i) => ({ ...stateFire('off', `s${i}`), run: counter() }));
    for (const f of fires) b.gate.offer('auto.door', f.fire, f.run.handle);
    expect(b.gate.pending).toBe(3);
    expect(b.gate.counts().unmarked).toBe(2);
    expect(fires.map((f) => f.replies)).toEqual([[null], [null], [], [], []]);

    b.leads = true;
    expect(b.gate.takeOver(0)).toBe(3);
    expect(fires.map((f) => f.run.calls)).toEqual([0, 0, 1, 1, 1]);
  });

  it('refuses and counts malformed marks, and still matches with a good one', async () => {
    const { node, wire } = await setup();
    const a = await node('a', true);
    const b = await node('b', false);
    const topic = 'switchyard/cluster/c/fired';
    const bad = ['not json', '[]', 'null', JSON.stringify({ k: 1, t: T0 }), JSON.stringify({ k: 'x' })];
    for (const payload of bad) await wire.publishAsync(topic, payload, { qos: 0 });
    await until(() => b.gate.counts().refused === bad.length, 'every malformed mark is refused');
    expect(a.gate.counts().refused).toBe(bad.length);

    b.gate.offer('auto.door', stateFire('off', 'on').fire, counter().handle);
    a.gate.offer('auto.door', stateFire('off', 'on').fire, counter().handle);
    await until(() => b.gate.pending === 0, 'the good mark reaches b');
    expect(b.gate.counts()).toMatchObject({ handledElsewhere: 1, refused: bad.length });
  });
});

describe('fireKey', () => {
  it('keys state-like fires on the state they went to, not from', () => {
    const key = fireKey('auto.door', stateFire('off', 'on').fire);
    expect(fireKey('auto.door', stateFire('off', 'on').fire)).toBe(key); // another context, the same key
    expect(fireKey('auto.door', stateFire('off', 'open').fire)).not.toBe(key);
    expect(fireKey('auto.door', stateFire('off', null).fire)).not.toBe(key);
    // instances may disagree on the state before (a replica that came after a newer reading), never on the new one
    expect(fireKey('auto.door', stateFire('unknown', 'on').fire)).toBe(key);
    expect(fireKey('auto.door', stateFire(null, 'on').fire)).toBe(key);
  });

  it('keys MQTT fires on the payload', () => {
    const key = fireKey('auto.btn', mqttFire('single'));
    expect(fireKey('auto.btn', { ...mqttFire('single'), context: createContext('mqtt') })).toBe(key);
    expect(fireKey('auto.btn', mqttFire('double'))).not.toBe(key);
    expect(fireKey('auto.btn', mqttFire(''))).not.toBe(key);
  });

  it('differs by automation id and trigger idx', () => {
    const keys = [
      fireKey('auto.door', stateFire('off', 'on', 0).fire),
      fireKey('auto.door', stateFire('off', 'on', 1).fire),
      fireKey('auto.other', stateFire('off', 'on', 0).fire),
      fireKey('auto.btn', mqttFire('single', 'zigbee/button', 0)),
      fireKey('auto.btn', mqttFire('single', 'zigbee/button', 1)),
      fireKey('auto.other', mqttFire('single', 'zigbee/button', 0)),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });
});

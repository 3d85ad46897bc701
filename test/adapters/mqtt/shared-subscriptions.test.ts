// Issue 23: several instances share the ingest of state topics through MQTT 5 shared subscriptions
// (`$share/<group>/<filter>`), while plain subscriptions (discovery, the topic index, triggers) stay on every
// instance. Against a real Mosquitto, with real mqtt.js clients publishing; what must hold is counted over many
// messages, and "nothing more came" is shown with markers (test/helpers/markers.ts), not with sleeps.
import type { MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { createMqttConnection, type MqttConnection } from '../../../src/adapters/mqtt/mqtt-connection.js';
import { MAX_SUBSCRIPTION_ID, SubscriptionIds } from '../../../src/adapters/mqtt/subscription-ids.js';
import { TopicRouter } from '../../../src/adapters/mqtt/topic-router.js';
import { ValidationError } from '../../../src/core/errors.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { IncomingMessage, MessageHandler } from '../../../src/core/ports.js';
import { MARKER_PREFIX, marker, until } from '../../helpers/markers.js';
import { createMosquitto, type Mosquitto, mosquittoAvailable, mosquittoRequired } from '../../helpers/mosquitto.js';
import { connectClient } from '../../helpers/mqtt-client.js';

const GROUP = 'switchyard';
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** what a handler received: payloads, and every message whole */
interface Tally {
  readonly payloads: string[];
  readonly messages: IncomingMessage[];
  readonly handler: MessageHandler;
}

/** a handler keeping what it gets on topics under `prefix` (markers and anything else are left out) */
function tally(prefix = ''): Tally {
  const payloads: string[] = [];
  const messages: IncomingMessage[] = [];
  const handler: MessageHandler = (m) => {
    if (!m.topic.startsWith(prefix) || m.topic.startsWith(MARKER_PREFIX)) return;
    payloads.push(m.payload.toString());
    messages.push(m);
  };
  return { payloads, messages, handler };
}

const numbered = (what: string, n: number) => Array.from({ length: n }, (_, i) => `${what}${i}`);
const sorted = (values: readonly string[]) => [...values].sort();

async function broker(): Promise<Mosquitto> {
  const mosquitto = await createMosquitto();
  await mosquitto.start();
  cleanup.push(() => mosquitto.dispose());
  return mosquitto;
}

/** an instance in the share group, or with `shareGroup` null one without a group */
async function instance(port: number, shareGroup: string | null = GROUP): Promise<MqttConnection> {
  const conn = createMqttConnection({
    url: `mqtt://127.0.0.1:${port}`,
    log: silentLogger,
    statusTopic: false,
    ...(shareGroup !== null ? { shareGroup } : {}),
  });
  await conn.start();
  cleanup.push(() => conn.stop());
  return conn;
}

async function publisher(port: number): Promise<MqttClient> {
  const client = await connectClient(port);
  cleanup.push(() => client.end(true));
  return client;
}

async function publishAll(client: MqttClient, topic: (i: number) => string, payloads: readonly string[]) {
  for (const [i, payload] of payloads.entries()) await client.publishAsync(topic(i), payload, { qos: 1 });
}

/** once these have passed, everything `from` published before has reached every instance and its handlers */
async function settled(from: MqttClient, instances: readonly MqttConnection[]): Promise<void> {
  for (const conn of instances) await marker(from, conn);
}

/**
 * The copies of a shared subscription, over its members: each message exactly once, and every member had some
 * (Mosquitto hands a group's messages to its members in turn).
 */
function expectSharedOnce(tallies: readonly Tally[], sent: readonly string[]): void {
  const all = tallies.flatMap((t) => t.payloads);
  expect(sorted(all)).toEqual(sorted(sent));
  for (const t of tallies) expect(t.payloads.length).toBeGreaterThan(0);
}

describe.skipIf(!mosquittoAvailable && !mosquittoRequired)('shared subscriptions on a real Mosquitto', () => {
  it('Mosquitto sends MQTT 5 clients one copy per matching subscription, each with its identifier', async () => {
    // what the routing relies on, measured on the broker itself (MQTT 3.1.1 clients get a single copy)
    const { port } = await broker();
    const copies = async (protocolVersion: 4 | 5) => {
      const client = await connectClient(port, { protocolVersion });
      cleanup.push(() => client.endAsync());
      const ids: (number | number[] | undefined)[] = [];
      client.on('message', (topic, _payload, packet) => {
        if (topic === 'a/b') ids.push(packet.properties?.subscriptionIdentifier);
      });
      const withId = (id: number) => (protocolVersion === 5 ? { properties: { subscriptionIdentifier: id } } : {});
      await client.subscribeAsync('#', { qos: 1, ...withId(7) });
      await client.subscribeAsync('a/b', { qos: 1, ...withId(8) });
      await client.subscribeAsync('a/+', { qos: 1 });
      return { client, ids };
    };
    const v5 = await copies(5);
    const v311 = await copies(4);
    const pub = await publisher(port);
    await pub.publishAsync('a/b', 'x', { qos: 1 });
    await marker(pub, v5.client);
    await marker(pub, v311.client);
    expect(v5.ids.map(String).sort()).toEqual(['7', '8', 'undefined']);
    expect(v311.ids).toHaveLength(1);
  });

  it('hands each message of a shared exact and a shared wildcard filter to exactly one instance', async () => {
    const { port } = await broker();
    const instances = await Promise.all([instance(port), instance(port), instance(port)]);
    const exact = instances.map(() => tally());
    const wildcard = instances.map(() => tally());
    for (const [i, conn] of instances.entries()) {
      await conn.subscribe('share/exact', exact[i]!.handler, { qos: 1, shared: true });
      await conn.subscribe('share/wild/+', wildcard[i]!.handler, { qos: 1, shared: true });
    }
    const pub = await publisher(port);
    const sentExact = numbered('e', 200);
    const sentWild = numbered('w', 200);
    await publishAll(pub, () => 'share/exact', sentExact);
    await publishAll(pub, (i) => `share/wild/${i % 5}`, sentWild);
    await settled(pub, instances);
    expectSharedOnce(exact, sentExact);
    expectSharedOnce(wildcard, sentWild);
    // a copy carries the topic, not the shared filter
    expect(wildcard.flatMap((t) => t.messages.map((m) => m.topic.replace(/\d$/, 'N')))).toEqual(
      Array(200).fill('share/wild/N'),
    );
  });

  it('plain subscriptions overlapping shared ones still get every message on every instance, each once', async () => {
    const { port } = await broker();
    const instances = await Promise.all([instance(port), instance(port)]);
    const everything = instances.map(() => tally('ov/'));
    const plain = instances.map(() => tally());
    const sharedExact = instances.map(() => tally());
    const sharedWild = instances.map(() => tally());
    for (const [i, conn] of instances.entries()) {
      await conn.subscribe('#', everything[i]!.handler, { qos: 1 });
      await conn.subscribe('ov/x', plain[i]!.handler, { qos: 1 });
      await conn.subscribe('ov/x', sharedExact[i]!.handler, { qos: 1, shared: true });
      await conn.subscribe('ov/+', sharedWild[i]!.handler, { qos: 1, shared: true });
    }
    const pub = await publisher(port);
    const sent = numbered('o', 100);
    await publishAll(pub, () => 'ov/x', sent);
    await settled(pub, instances);
    // four copies of each message reach an instance that the group picked twice: each goes to its own handlers
    for (const t of [...everything, ...plain]) expect(t.payloads).toEqual(sent);
    expectSharedOnce(sharedExact, sent);
    expectSharedOnce(sharedWild, sent);
  });

  it('gives a later shared subscription the retained message, and a handler joining it a replay with the topic', async () => {
    const { port } = await broker();
    const [a, b] = [await instance(port), await instance(port)];
    const pub = await publisher(port);
    await pub.publishAsync('ret/1', 'kept', { qos: 1, retain: true });

    const first = tally();
    await a.subscribe('ret/1', first.handler, { qos: 1, shared: true });
    await until(() => first.messages.length === 1, 'the first member did not get the retained message');
    // Mosquitto sends the retained message to every new member of the group, not to the group once
    const second = tally();
    await b.subscribe('ret/1', second.handler, { qos: 1, shared: true });
    await until(() => second.messages.length === 1, 'the second member did not get the retained message');
    // a handler joining a shared subscription already held gets the router's copy, under the topic
    const joining = tally();
    await a.subscribe('ret/1', joining.handler, { qos: 1, shared: true });
    await until(() => joining.messages.length === 1, 'the joining handler had no replay');
    // a plain subscription of the same topic is a new one at the broker: its retained copy carries its own
    // identifier, so it goes to its handler only, not again to the shared handlers
    const plainHandler = tally();
    await a.subscribe('ret/1', plainHandler.handler, { qos: 1 });
    await settled(pub, [a, b]);
    for (const t of [first, second, joining, plainHandler])
      expect(t.messages.map((m) => [m.topic, m.payload.toString(), m.retain])).toEqual([['ret/1', 'kept', true]]);
  });

  it('unsubscribing the shared subscription leaves the plain one of the same filter working, and the other way round', async () => {
    const { port } = await broker();
    const [a, b] = [await instance(port), await instance(port)];
    const pub = await publisher(port);
    const sharedA = tally();
    const sharedB = tally();
    const plainA = tally();
    await a.subscribe('un/x', sharedA.handler, { qos: 1, shared: true });
    await b.subscribe('un/x', sharedB.handler, { qos: 1, shared: true });
    const offPlain = await a.subscribe('un/x', plainA.handler, { qos: 1 });

    // by filter and handler: the handler holds no plain subscription of it, so its shared one goes
    a.unsubscribe('un/x', sharedA.handler);
    // the marker's SUBSCRIBE follows the UNSUBSCRIBE on the same connection: once it is acknowledged, the broker
    // has taken the instance out of the group
    await marker(a, a);
    const batch1 = numbered('u', 20);
    await publishAll(pub, () => 'un/x', batch1);
    await settled(pub, [a, b]);
    expect(plainA.payloads).toEqual(batch1);
    expect(sharedB.payloads).toEqual(batch1); // the group's only member left
    expect(sharedA.payloads).toEqual([]);

    // and the other way round: the plain one goes, the shared one (joined again) keeps getting its share
    offPlain();
    await a.subscribe('un/x', sharedA.handler, { qos: 1, shared: true });
    sharedB.payloads.length = 0;
    const batch2 = numbered('v', 40);
    await publishAll(pub, () => 'un/x', batch2);
    await settled(pub, [a, b]);
    expect(plainA.payloads).toEqual(batch1);
    expectSharedOnce([sharedA, sharedB], batch2);

    // one handler holding both: the plain one by its filter, the shared one by its shared filter
    const both = tally();
    await a.subscribe('un/y', both.handler, { qos: 1, shared: true });
    await a.subscribe('un/y', both.handler, { qos: 1 });
    a.unsubscribe(`$share/${GROUP}/un/y`, both.handler);
    await marker(a, a);
    await publishAll(pub, () => 'un/y', ['p0', 'p1']);
    await settled(pub, [a]);
    expect(both.payloads).toEqual(['p0', 'p1']); // once each: only the plain subscription is left
    a.unsubscribe('un/y', both.handler);
    await marker(a, a);
    await publishAll(pub, () => 'un/y', ['p2']);
    await settled(pub, [a]);
    expect(both.payloads).toEqual(['p0', 'p1']);
  });

  it('after a broker restart subscribes again with identifiers and routes as before', async () => {
    const mosquitto = await broker();
    const instances = [await instance(mosquitto.port), await instance(mosquitto.port)];
    const everything = instances.map(() => tally('rc/'));
    const shared = instances.map(() => tally());
    const plain = tally();
    for (const [i, conn] of instances.entries()) {
      await conn.subscribe('rc/#', everything[i]!.handler, { qos: 1 });
      await conn.subscribe('rc/x', shared[i]!.handler, { qos: 1, shared: true });
    }
    await instances[0]!.subscribe('rc/x', plain.handler, { qos: 1 });

    await mosquitto.stop('SIGKILL');
    await until(() => instances.every((c) => !c.connected), 'the instances did not notice the broker going');
    await mosquitto.start();
    await until(() => instances.every((c) => c.connected), 'the instances did not reconnect', 15_000);
    const pub = await publisher(mosquitto.port);
    // a marker's SUBSCRIBE goes after the ones the reconnect sent, on the same connection: once it has arrived,
    // they have been made
    await settled(pub, instances);
    const sent = numbered('r', 100);
    await publishAll(pub, () => 'rc/x', sent);
    await settled(pub, instances);
    // without identifiers the first instance would hand each of its three copies to all three of its filters
    for (const t of everything) expect(t.payloads).toEqual(sent);
    expect(plain.payloads).toEqual(sent);
    expectSharedOnce(shared, sent);
  });

  it('without a share group, shared is a plain subscription on every instance', async () => {
    const { port } = await broker();
    const instances = [await instance(port, null), await instance(port, null)];
    const got = instances.map(() => tally());
    for (const [i, conn] of instances.entries()) await conn.subscribe('pl/x', got[i]!.handler, { shared: true });
    const pub = await publisher(port);
    const sent = numbered('n', 20);
    await publishAll(pub, () => 'pl/x', sent);
    await settled(pub, instances);
    for (const t of got) expect(t.payloads).toEqual(sent);
    // held under the filter itself
    await instances[0]!.resubscribe?.('pl/x');
    instances[0]!.unsubscribe('pl/x', got[0]!.handler);
    await publishAll(pub, () => 'pl/x', ['late']);
    await settled(pub, instances);
    expect(got[0]!.payloads).toEqual(sent);
    expect(got[1]!.payloads).toEqual([...sent, 'late']);
  });
});

describe('shared subscriptions without a broker', () => {
  it('refuses a share group that is not a valid share name, at creation', () => {
    for (const shareGroup of ['', 'a/b', 'x+', '#', 'nul\u0000']) {
      expect(() => createMqttConnection({ url: 'mqtt://127.0.0.1:1', log: silentLogger, shareGroup })).toThrow(
        ValidationError,
      );
    }
    expect(() => createMqttConnection({ url: 'mqtt://127.0.0.1:1', log: silentLogger, shareGroup: 'a/b' })).toThrow(
      /invalid MQTT share group 'a\/b'/,
    );
  });

  it('refuses a shared filter that is already a shared filter, with or without a share group', async () => {
    for (const shareGroup of [GROUP, undefined]) {
      const conn = createMqttConnection({
        url: 'mqtt://127.0.0.1:1',
        log: silentLogger,
        ...(shareGroup !== undefined ? { shareGroup } : {}),
      });
      await expect(conn.subscribe('$share/other/a', () => {}, { shared: true })).rejects.toThrow(ValidationError);
    }
  });

  it('routes a copy by its subscription key, and one without an identifier by topic, shared keys by their filter', async () => {
    const prefix = `$share/${GROUP}/`;
    const router = new TopicRouter(silentLogger, prefix);
    const got: string[] = [];
    const handler = (name: string) => (m: IncomingMessage) => void got.push(`${name}:${m.topic}`);
    for (const [key, name] of [
      ['a/b', 'plain'],
      [`${prefix}a/b`, 'shared'],
      [`${prefix}a/+`, 'sharedWild'],
      ['#', 'hash'],
    ] as const)
      router.add(key, handler(name));
    const message = (retain: boolean, payload = 'v') => ({
      topic: 'a/b',
      payload: Buffer.from(payload),
      retain,
      qos: 0 as const,
    });

    expect(router.dispatchTo(`${prefix}a/b`, message(false))).toBe(1);
    expect(router.dispatchTo(`${prefix}a/+`, message(false))).toBe(1);
    expect(got).toEqual(['shared:a/b', 'sharedWild:a/b']);
    got.length = 0;
    // the fallback: every filter matching the topic, the shared ones by the filter inside them
    expect(router.dispatch(message(false))).toBe(4);
    expect(got.sort()).toEqual(['hash:a/b', 'plain:a/b', 'shared:a/b', 'sharedWild:a/b']);

    // the retained copy of a shared exact key is replayed under the topic
    router.dispatchTo(`${prefix}a/b`, message(true, 'kept'));
    const replayed: IncomingMessage[] = [];
    const late = (m: IncomingMessage) => void replayed.push(m);
    router.add(`${prefix}a/b`, late);
    router.replayRetained(`${prefix}a/b`, late);
    await until(() => replayed.length === 1, 'no replay');
    expect(replayed[0]).toMatchObject({ topic: 'a/b', retain: true });
    expect(replayed[0]?.payload.toString()).toBe('kept');

    // which subscription a caller naming a filter means
    expect(router.keyFor('a/b', late)).toBe(`${prefix}a/b`);
    expect(router.keyFor('a/b')).toBe('a/b');
    expect(router.keyFor('a/+')).toBe(`${prefix}a/+`);
    expect(router.filters().sort()).toEqual(['#', `${prefix}a/+`, `${prefix}a/b`, 'a/b'].sort());
  });

  it('gives out subscription identifiers counting up, wrapping around past those in use', () => {
    const ids = new SubscriptionIds();
    expect([ids.assign('a'), ids.assign('b'), ids.assign('a')]).toEqual([1, 2, 1]);
    ids.release('a');
    expect(ids.keyOf(1)).toBeUndefined();
    expect(ids.assign('c')).toBe(3); // 1 is free again, but only after a wrap
    (ids as unknown as { last: number }).last = MAX_SUBSCRIPTION_ID - 1;
    expect([ids.assign('d'), ids.assign('e'), ids.assign('f')]).toEqual([MAX_SUBSCRIPTION_ID, 1, 4]);
    expect([ids.idOf('e'), ids.keyOf(4)]).toEqual([1, 'f']);
  });
});

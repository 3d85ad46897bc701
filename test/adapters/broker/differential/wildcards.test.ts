// Differential: topic filter matching (# and + levels, $-topics) and overlapping subscriptions.
import { describe, expect, it } from 'vitest';
import { both, skipDifferential } from '../../../helpers/brokers.js';

const FILTERS = ['#', '+', '+/+', '+/#', 'a/#', 'a/+', 'a/+/c', '/+', '+/b/#', '$test/#', '$test/+', '+/x'];
const TOPICS = ['a', 'a/b', 'a/b/c', 'a/', 'b', '/a', 'x/b/c', '$test/x'];

describe.skipIf(skipDifferential)('differential: topic filters (Mosquitto vs embedded)', () => {
  it('which filter matches which topic: # includes the parent level, + one level, $-topics only by filters starting with $', async () => {
    const r = await both(async (run) => {
      const subs = await Promise.all(FILTERS.map(() => run.connect()));
      const granted = await Promise.all(subs.map((s, i) => s.subscribe(FILTERS[i]!, 1)));
      const pub = await run.connect();
      for (const t of TOPICS) pub.publish(t, `to ${t}`, { qos: 1 });
      await Promise.all(subs.map((s) => pub.flushTo(s)));
      return {
        granted: Object.fromEntries(FILTERS.map((f, i) => [f, granted[i]])),
        matched: Object.fromEntries(FILTERS.map((f, i) => [f, subs[i]!.messages.map((m) => m.topic)])),
      };
    });
    expect(r.mosquitto.matched).toMatchObject({
      '#': ['a', 'a/b', 'a/b/c', 'a/', 'b', '/a', 'x/b/c'],
      'a/#': ['a', 'a/b', 'a/b/c', 'a/'],
      '+': ['a', 'b'],
      '$test/#': ['$test/x'],
    });
    expect(r.embedded).toEqual(r.mosquitto);
  });

  it('a retained message on a $-topic ($test/retained) reaches $test/# but neither a live nor a new # or +/... subscriber', async () => {
    const r = await both(async (run) => {
      const dollar = await run.connect();
      await dollar.subscribe('$test/#', 1);
      const hash = await run.connect();
      await hash.subscribe(['#', '+/retained'], 1);
      const pub = await run.connect();
      pub.publish('$test/retained', 'dollar', { qos: 1, retain: true });
      await pub.flushTo(dollar);
      await pub.flushTo(hash);
      return {
        live: { dollar: dollar.messages.map((m) => m.payload), hash: hash.messages.map((m) => m.topic) },
        retained: {
          dollar: (await run.retainedSet('$test/#', 1)).map((m) => m.payload),
          hash: (await run.retainedSet('#', 0)).map((m) => m.topic),
          plus: (await run.retainedSet('+/retained', 0)).map((m) => m.topic),
        },
      };
    });
    expect(r.mosquitto).toEqual({
      live: { dollar: ['dollar'], hash: [] },
      retained: { dollar: ['dollar'], hash: [], plus: [] },
    });
    expect(r.embedded).toEqual(r.mosquitto);
  });

  it('a client publishing on $SYS/...: whether it is delivered or retained, and whether the publisher stays connected', async () => {
    const r = await both(async (run) => {
      const sys = await run.connect();
      await sys.subscribe('$SYS/test/#', 1);
      const pub = await run.connect();
      pub.publish('$SYS/test/retained', 'sys', { qos: 1, retain: true });
      const publisherStayed = await pub.tryFlushTo(sys);
      const witness = await run.connect();
      await witness.flushTo(sys);
      return {
        publisherStayed,
        live: sys.messages.map((m) => m.payload),
        retained: (await run.retainedSet('$SYS/test/#', 0)).map((m) => m.payload),
      };
    });
    // MQTT 3.1.1 §3.3.5 lets a server either acknowledge and drop an unauthorised PUBLISH or close the connection
    expect(r.mosquitto).toEqual({ publisherStayed: true, live: [], retained: [] });
    expect(r.embedded).toEqual(r.mosquitto);
  });

  it('overlapping subscriptions a/# (QoS 0) and a/+ (QoS 1) on one client: copies of one message (MQTT allows one or two)', async () => {
    const r = await both(async (run) => {
      const c = await run.connect();
      const granted = [await c.subscribe('a/#', 0), await c.subscribe('a/+', 1)];
      const pub = await run.connect();
      pub.publish('a/b', 'once', { qos: 1 });
      pub.publish('a/b/c', 'only #', { qos: 1 });
      await pub.flushTo(c);
      return { granted, copies: c.messages.map((m) => `${m.topic}=${m.payload}@qos${m.qos}`).sort() };
    });
    // one copy, at the highest QoS of the matching subscriptions (MQTT 3.1.1 §3.3.5)
    expect(r.mosquitto).toEqual({ granted: [[0], [1]], copies: ['a/b/c=only #@qos0', 'a/b=once@qos1'] });
    expect(r.embedded).toEqual(r.mosquitto);
  });
});

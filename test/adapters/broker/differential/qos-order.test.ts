// Differential: QoS 0/1/2 delivery, per-topic order and the downgrade to the subscription's QoS.
import { describe, expect, it } from 'vitest';
import { both, perTopicQos, skipDifferential } from '../../../helpers/brokers.js';

describe.skipIf(skipDifferential)('differential: QoS and order (Mosquitto vs embedded)', () => {
  it('500 messages over 5 topics at mixed QoS reach a QoS 2 subscriber complete and in order per topic and QoS', async () => {
    const r = await both(async (run) => {
      const sub = await run.connect();
      await sub.subscribe('q/#', 2);
      const pub = await run.connect();
      for (let i = 0; i < 500; i++) {
        const qos = ((i * 3 + Math.floor(i / 5)) % 3) as 0 | 1 | 2;
        if (qos === 2) await pub.pace(10);
        pub.publish(`q/t${i % 5}`, `m${i}`, { qos });
      }
      await pub.flushTo(sub);
      return {
        count: sub.messages.length,
        sequences: perTopicQos(sub.messages),
        retainFlags: [...new Set(sub.messages.map((m) => m.retain))],
      };
    });
    expect(r.mosquitto.count).toBe(500);
    for (const [key, seq] of Object.entries(r.mosquitto.sequences)) {
      const nums = seq.map((p) => Number(p.slice(1)));
      expect(nums, key).toEqual([...nums].sort((a, b) => a - b));
    }
    expect(r.embedded).toEqual(r.mosquitto);
  });

  it('a message is delivered at the lower of the publish and the subscription QoS', async () => {
    const r = await both(async (run) => {
      const subs = await Promise.all([0, 1, 2].map(() => run.connect()));
      await Promise.all(subs.map((s, q) => s.subscribe('down/t', q as 0 | 1 | 2)));
      const pub = await run.connect();
      for (const q of [0, 1, 2] as const) pub.publish('down/t', `pub${q}`, { qos: q });
      await Promise.all(subs.map((s) => pub.flushTo(s)));
      return subs.map((s, q) => ({ subscribedAt: q, got: s.messages.map((m) => `${m.payload}@qos${m.qos}`).sort() }));
    });
    expect(r.mosquitto).toEqual([
      { subscribedAt: 0, got: ['pub0@qos0', 'pub1@qos0', 'pub2@qos0'] },
      { subscribedAt: 1, got: ['pub0@qos0', 'pub1@qos1', 'pub2@qos1'] },
      { subscribedAt: 2, got: ['pub0@qos0', 'pub1@qos1', 'pub2@qos2'] },
    ]);
    expect(r.embedded).toEqual(r.mosquitto);
  });

  it('SUBACK grants the requested QoS 0, 1 and 2', async () => {
    const r = await both(async (run) => {
      const c = await run.connect();
      return {
        single: [await c.subscribe('g/0', 0), await c.subscribe('g/1', 1), await c.subscribe('g/2', 2)],
        many: await c.subscribe(['g/a', 'g/b'], 2),
      };
    });
    expect(r.mosquitto).toEqual({ single: [[0], [1], [2]], many: [2, 2] });
    expect(r.embedded).toEqual(r.mosquitto);
  });
});

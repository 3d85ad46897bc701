// The commands kept while the broker is away: kept in order, published once when it is back, dropped and reported
// when their time ran out, QoS 0 and a full queue refused with the reason (on an injected clock).
import { describe, expect, it } from 'vitest';
import { Outbox } from '../../../src/adapters/mqtt/outbox.js';
import type { OutboxMessage } from '../../../src/core/ports.js';

const msg = (topic: string, qos: 0 | 1 | 2 = 1): OutboxMessage => ({ topic, payload: 'ON', qos, retain: false });

describe('outbox', () => {
  it('publishes what is still in time, in the order asked, once; reports what ran out', () => {
    let now = 1_000;
    const box = new Outbox(60_000, 10, () => now);
    expect(box.keep([msg('a/set')], 'switch.a: turn_on').getTime()).toBe(61_000);
    now = 30_000;
    box.keep([msg('b/set'), msg('b/brightness/set', 2)], 'light.b: turn_on');
    expect(box.stats()).toEqual({ waiting: 2, delivered_total: 0, expired_total: 0 });
    now = 70_000; // a's minute is over, b's is not
    const sent: string[] = [];
    expect(box.release((m) => sent.push(m.topic))).toEqual(['switch.a: turn_on']);
    expect(sent).toEqual(['b/set', 'b/brightness/set']);
    expect(box.stats()).toEqual({ waiting: 0, delivered_total: 1, expired_total: 1 });
    expect(box.release((m) => sent.push(m.topic))).toEqual([]);
    expect(sent).toHaveLength(2);
  });

  it('refuses QoS 0, a full queue, and everything when keeping is off', () => {
    const box = new Outbox(60_000, 1);
    expect(() => box.keep([msg('a/set', 0)], 'a')).toThrow(/QoS 0 command is not kept/);
    box.keep([msg('a/set')], 'a');
    expect(() => box.keep([msg('b/set')], 'b')).toThrow(/1 commands already wait/);
    expect(() => new Outbox(0, 10).keep([msg('a/set')], 'a')).toThrow(/MQTT is not connected; nothing was published$/);
  });
});

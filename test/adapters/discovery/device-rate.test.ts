// The per-device token bucket on its own (issue 21), on fake timers: a burst passes, then messages are held and
// coalesced to the latest of each topic, which is applied when tokens return; what a newer message replaced is
// counted as dropped; one flood episode is reported once, and ends only when the bucket is full again.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_DEVICE_BURST,
  DEFAULT_DEVICE_RATE,
  DeviceRateLimiter,
  type DeviceBucket,
  type FloodReport,
  type RateGroup,
  type RateMember,
} from '../../../src/adapters/discovery/device-rate.js';
import type { IncomingMessage } from '../../../src/core/ports.js';
import { parseSettings } from '../../../src/config/settings.js';

const msg = (topic: string, payload: string): IncomingMessage => ({
  topic,
  payload: Buffer.from(payload),
  retain: false,
  qos: 0,
});

const group = (key: string): RateGroup => ({ key, label: key, deviceId: key, entityId: `sensor.${key}` });

class Member implements RateMember {
  readonly got: string[] = [];
  constructor(private readonly topics: string[]) {}
  listensTo(topic: string): boolean {
    return this.topics.includes(topic);
  }
  receive(m: IncomingMessage): void {
    this.got.push(`${m.topic}=${m.payload.toString()}`);
  }
}

/** what the router does: the same message object to every handler of its topic */
function dispatch(m: IncomingMessage, members: [Member, ReturnType<DeviceRateLimiter['join']>][]): void {
  for (const [member, gate] of members) if (member.listensTo(m.topic) && gate.admit(m)) member.receive(m);
}

function recorder() {
  const events: string[] = [];
  const report: FloodReport = {
    start: (b: DeviceBucket, topic) => events.push(`start ${b.key} ${topic}`),
    update: (b: DeviceBucket, n) => events.push(`update ${b.key} +${n} =${b.episodeDropped}`),
    end: (b: DeviceBucket) => events.push(`end ${b.key} ${b.episodeDropped}`),
  };
  return { events, report };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('per-device rate limit', () => {
  it('passes a burst, holds the rest coalesced per topic, applies the latest when tokens return, counts the rest', () => {
    const { events, report } = recorder();
    // 10 per second (one token per 100 ms), 3 at once
    const limiter = new DeviceRateLimiter(10, 3, report, () => Date.now());
    const member = new Member(['a/state', 'a/attr']);
    const gate = limiter.join(group('a'), member);
    for (let i = 1; i <= 10; i++) dispatch(msg('a/state', String(i)), [[member, gate]]);
    dispatch(msg('a/attr', 'x'), [[member, gate]]);
    // the burst went through; 4…10 and x are held, 4…9 replaced by newer ones on their topic
    expect(member.got).toEqual(['a/state=1', 'a/state=2', 'a/state=3']);
    expect(limiter.dropped).toBe(6);
    expect(events).toEqual(['start a a/state']);
    // the first flush comes once a token is back (100 ms): the oldest topic first, one per token
    vi.advanceTimersByTime(100);
    expect(member.got.slice(3)).toEqual(['a/state=10']);
    vi.advanceTimersByTime(100);
    expect(member.got.slice(4)).toEqual(['a/attr=x']);
    expect(events).toEqual(['start a a/state', 'update a +6 =6']);
    // while messages wait, a new one waits too (nothing overtakes), then is applied in turn
    dispatch(msg('a/state', '11'), [[member, gate]]);
    expect(member.got).toHaveLength(5);
    vi.advanceTimersByTime(100);
    expect(member.got.at(-1)).toBe('a/state=11');
    // quiet: the episode ends once the bucket is full again (3 tokens at 10/s), reported once
    vi.advanceTimersByTime(1_000);
    expect(events).toEqual(['start a a/state', 'update a +6 =6', 'end a 6']);
    // a new flood is a new episode
    for (let i = 0; i < 5; i++) dispatch(msg('a/state', `n${i}`), [[member, gate]]);
    expect(events.at(-1)).toBe('start a a/state');
    expect(events.filter((e) => e.startsWith('start'))).toHaveLength(2);
    limiter.stop();
  });

  it('charges one token per message however many entities of the device hear it', () => {
    const { report } = recorder();
    const limiter = new DeviceRateLimiter(1, 4, report, () => Date.now());
    // a Zigbee2MQTT device: three entities on one state topic
    const members = [1, 2, 3].map(() => new Member(['z2m/plug']));
    const gates = members.map((m) => [m, limiter.join(group('plug'), m)] as [Member, ReturnType<typeof limiter.join>]);
    for (let i = 1; i <= 4; i++) dispatch(msg('z2m/plug', String(i)), gates);
    for (const m of members) expect(m.got).toEqual(['z2m/plug=1', 'z2m/plug=2', 'z2m/plug=3', 'z2m/plug=4']);
    // the fifth is over the burst, for all three, and is delivered to all three when a token is back
    dispatch(msg('z2m/plug', '5'), gates);
    for (const m of members) expect(m.got).toHaveLength(4);
    vi.advanceTimersByTime(1_000);
    for (const m of members) expect(m.got.at(-1)).toBe('z2m/plug=5');
    expect(limiter.dropped).toBe(0);
    limiter.stop();
  });

  it('keeps devices apart: one flooding leaves the others their whole rate', () => {
    const { events, report } = recorder();
    const limiter = new DeviceRateLimiter(10, 5, report, () => Date.now());
    const flooder = new Member(['f']);
    const other = new Member(['o']);
    const f = limiter.join(group('f'), flooder);
    const o = limiter.join(group('o'), other);
    for (let i = 0; i < 1_000; i++) {
      dispatch(msg('f', String(i)), [[flooder, f]]);
      if (i % 250 === 0) dispatch(msg('o', String(i)), [[other, o]]);
    }
    expect(other.got).toEqual(['o=0', 'o=250', 'o=500', 'o=750']);
    expect(flooder.got).toHaveLength(5);
    vi.advanceTimersByTime(100);
    expect(flooder.got.at(-1)).toBe('f=999');
    expect(limiter.dropped).toBe(1_000 - flooder.got.length);
    expect(events).toEqual(['start f f', 'update f +994 =994']);
    limiter.stop();
  });

  it('drops and reports what is held when the last entity of a device leaves', () => {
    const { events, report } = recorder();
    const limiter = new DeviceRateLimiter(10, 1, report, () => Date.now());
    const member = new Member(['t']);
    const gate = limiter.join(group('d'), member);
    for (let i = 0; i < 3; i++) dispatch(msg('t', String(i)), [[member, gate]]);
    limiter.leave(gate, member);
    expect(limiter.dropped).toBe(2);
    expect(events).toEqual(['start d t', 'update d +2 =2', 'end d 2']);
    vi.advanceTimersByTime(1_000);
    expect(member.got).toEqual(['t=0']);
  });

  it('lets everything through at rate 0, and the settings default to the limiter defaults', () => {
    const limiter = new DeviceRateLimiter(0, 1, recorder().report, () => Date.now());
    const member = new Member(['t']);
    const gate = limiter.join(group('d'), member);
    for (let i = 0; i < 100; i++) dispatch(msg('t', String(i)), [[member, gate]]);
    expect(member.got).toHaveLength(100);
    const settings = parseSettings({});
    expect([settings.device_rate_limit, settings.device_rate_burst]).toEqual([
      DEFAULT_DEVICE_RATE,
      DEFAULT_DEVICE_BURST,
    ]);
  });
});

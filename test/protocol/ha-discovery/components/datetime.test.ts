// MQTT datetime, with the facts of tests/components/mqtt/test_datetime.py and the datetime service
// (cv.datetime; a value without offset is taken in the local zone).
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  datetimePlatform as DT,
  type DatetimeConfig,
} from '../../../../src/protocol/ha-discovery/components/datetime.js';
import { parse, UNKNOWN } from './helpers.js';

const config = (extra: Record<string, unknown> = {}): DatetimeConfig =>
  parse(DT, { name: 'test', state_topic: 'state-topic', command_topic: 'command-topic', ...extra });
const receive = (c: DatetimeConfig, payload: string) => DT.onMessage(c, 'state-topic', payload, UNKNOWN);
const set = (c: DatetimeConfig, datetime: unknown) => DT.command(c, 'set_value', { datetime }, UNKNOWN);

afterEach(() => {
  vi.useRealTimers();
});

describe('datetime', () => {
  it('accepts the config; timezone must be a string', () => {
    const c = config({ timezone: 'Europe/Amsterdam' });
    expect([c.timezone, DT.optimistic(c)]).toEqual(['Europe/Amsterdam', false]);
    expect(DT.initialState(c)).toEqual({ state: 'unknown', attributes: {} });
    expect(DT.schema.safeParse({ command_topic: 'c', timezone: 1 }).success).toBe(false);
    expect(DT.schema.safeParse({ state_topic: 's' }).success).toBe(false);
  });

  it('needs the offset in the payload and shows the value in UTC to the second', () => {
    const c = config();
    expect(receive(c, '1/12/2025 3:00 +00:00')?.state).toBe('2025-01-12T03:00:00+00:00');
    expect(receive(c, '2025-12-02 03:12:10 +00:00')?.state).toBe('2025-12-02T03:12:10+00:00');
    expect(receive(c, '2025-05-02 03:12:10 +0000')?.state).toBe('2025-05-02T03:12:10+00:00');
    expect(receive(c, '2025-12-01T10:12:00.999-05:30')?.state).toBe('2025-12-01T15:42:00+00:00');
    expect(receive(c, '2025-12-01T10:12:00Z')?.state).toBe('2025-12-01T10:12:00+00:00');
    expect(receive(c, 'None')?.state).toBe('unknown');
    for (const ignored of ['', 'No valid date/time', '2025-05-02 03:12:10']) expect(receive(c, ignored)).toBeNull();
  });

  it('reads payloads without offset in the configured zone, and refuses those with one', () => {
    const ams = config({ timezone: 'Europe/Amsterdam' });
    expect(receive(ams, '1/12/2025 4:00')?.state).toBe('2025-01-12T03:00:00+00:00');
    expect(receive(ams, '2025-04-02 04:12:10')?.state).toBe('2025-04-02T02:12:10+00:00');
    expect(receive(ams, '2025-05-02 05:12:10')?.state).toBe('2025-05-02T03:12:10+00:00');
    // fold 0: the repeated hour takes summer time, the skipped one winter time
    expect(receive(ams, '2025-10-26 02:30:00')?.state).toBe('2025-10-26T00:30:00+00:00');
    expect(receive(ams, '2025-03-30 02:30:00')?.state).toBe('2025-03-30T01:30:00+00:00');
    const london = config({ timezone: 'Europe/London' });
    expect(receive(london, '1 March 2025')?.state).toBe('2025-03-01T00:00:00+00:00');
    expect(receive(london, '2025.03.01')?.state).toBe('2025-03-01T00:00:00+00:00');
    const withOffset = ['2025-03-01T00:00:00+00:00', '2025-03-01 00:00:00 +0000', '1 March 2025 00:00:00 +0000'];
    for (const payload of withOffset) expect(receive(london, payload)).toBeNull();
  });

  it('attaches today to a time alone', () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-04-01T10:00:00Z') });
    expect(receive(config({ timezone: 'Europe/London' }), '00:05:10')?.state).toBe('2026-03-31T23:05:10+00:00');
  });

  it('ignores an unknown timezone, as HA does after its warning', () => {
    const c = config({ timezone: 'Invalid' });
    expect(receive(c, '2025-05-02 03:12:10')).toBeNull();
    expect(receive(c, '2025-05-02 03:12:10 +0200')?.state).toBe('2025-05-02T01:12:10+00:00');
    // zone names are case-sensitive
    expect(receive(config({ timezone: 'europe/amsterdam' }), '2025-05-02 03:12')).toBeNull();
  });

  it('publishes set_value as datetime.isoformat() with its own offset, optimistic in UTC', () => {
    const opt = parse(DT, { name: 'test', command_topic: 'command-topic', qos: '2', timezone: 'Europe/Amsterdam' });
    expect(set(opt, '2025-12-01T10:12:00+00:00')).toEqual({
      publish: [{ topic: 'command-topic', payload: '2025-12-01T10:12:00+00:00', qos: 2, retain: false }],
      optimistic: { state: '2025-12-01T10:12:00+00:00' },
    });
    expect(set(opt, '2025-12-01T10:12:00.5+01:00')).toEqual({
      publish: [{ topic: 'command-topic', payload: '2025-12-01T10:12:00.500000+01:00', qos: 2, retain: false }],
      optimistic: { state: '2025-12-01T09:12:00+00:00' },
    });
    expect(set(opt, '2025-12-01T10:12Z').publish[0]?.payload).toBe('2025-12-01T10:12:00+00:00');
    expect(set(opt, '2025-1-5 3:04+0530').publish[0]?.payload).toBe('2025-01-05T03:04:00+05:30'); // DATETIME_RE
    // no offset: the local zone (HA's configured zone), not the entity's timezone option
    const minutes = -new Date(2025, 11, 1, 10, 12).getTimezoneOffset();
    const hhmm = [Math.floor(Math.abs(minutes) / 60), Math.abs(minutes) % 60].map((n) => String(n).padStart(2, '0'));
    const offset = `${minutes < 0 ? '-' : '+'}${hhmm.join(':')}`;
    expect(set(opt, '2025-12-01 10:12').publish[0]?.payload).toBe(`2025-12-01T10:12:00${offset}`);
    expect(set(opt, '2025-12-01').publish[0]?.payload).toBe(`2025-12-01T00:00:00${offset}`);
    expect(set(config(), '2025-12-01T10:12:00Z').optimistic).toBeNull();
  });

  it('refuses what cv.datetime refuses and gives command_template the datetime as `value`', () => {
    const c = config({ command_template: '{{ value }}|{{ value.hour }}' });
    for (const bad of ['tomorrow', '1/12/2025 3:00', '2025-12-01T25:00', '2025-12-01T10:12+24:00', '2025-W49-1']) {
      expect(() => set(c, bad)).toThrow(/'datetime' must be a date and time/);
    }
    expect(set(c, '2025-12-01T10:12:00+01:00').publish[0]?.payload).toBe('2025-12-01 10:12:00+01:00|10');
    expect(DT.actions(c).set_value?.params).toEqual({ datetime: { type: 'string', required: true } });
  });

  it('gives each config the clock of its own zone, made once at parse, however many zones there are', () => {
    // 2025-01-15 12:00 (naive) in each zone, in UTC
    const zones: [string, string][] = [
      ['Asia/Tokyo', '15T03:00'],
      ['America/New_York', '15T17:00'],
      ['Asia/Kolkata', '15T06:30'],
      ['Australia/Adelaide', '15T01:30'],
      ['Pacific/Chatham', '14T22:15'],
      ['Europe/Amsterdam', '15T11:00'],
    ];
    const configs = zones.map(([zone]) => config({ timezone: zone }));
    for (let round = 0; round < 3; round++) {
      configs.forEach((c, i) => {
        const [zone, utc] = zones[i] as [string, string];
        expect(c.zoneClock?.zone).toBe(zone);
        expect(receive(c, '2025-01-15 12:00:00')?.state).toBe(`2025-01-${utc}:00+00:00`);
      });
    }
    // no clock without a zone, or for one the zone database does not have
    expect([config().zoneClock, config({ timezone: 'europe/amsterdam' }).zoneClock]).toEqual([undefined, undefined]);
  });
});

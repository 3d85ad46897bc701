// MQTT date, with the configuration of Home Assistant's documentation ("Scheduled task") and the facts of
// tests/components/mqtt/test_date.py; set_value follows the date service schema (cv.date).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { datePlatform as D, type DateConfig } from '../../../../src/protocol/ha-discovery/components/date.js';
import { parse, UNKNOWN } from './helpers.js';

const DOC = {
  name: 'Scheduled task',
  icon: 'mdi:ab-testing',
  command_topic: 'date_selector/set',
  state_topic: 'date_selector/state',
};
const c = parse(D, DOC);
const receive = (payload: string, config = c) => D.onMessage(config, 'date_selector/state', payload, UNKNOWN);
const set = (config: DateConfig, date: unknown) => D.command(config, 'set_value', { date }, UNKNOWN);

afterEach(() => {
  vi.useRealTimers();
});

describe('date', () => {
  it('accepts the documented config and refuses one without command_topic', () => {
    expect(D.initialState(c)).toEqual({ state: 'unknown', attributes: {} });
    expect(D.optimistic(c)).toBe(false);
    expect(D.stateTopics(c)).toEqual(['date_selector/state']);
    expect(D.schema.safeParse({ state_topic: 's' }).success).toBe(false);
    const minimal = parse(D, { command_topic: 'c', qos: '2', name: null });
    expect([minimal.qos, minimal.retain, D.optimistic(minimal)]).toEqual([2, false, true]);
    expect(D.schema.safeParse({ command_topic: 'c', value_template: '{{ value' }).success).toBe(false);
  });

  it('reads the date part of what dateutil parses, month first', () => {
    expect(receive('1/12/2025')?.state).toBe('2025-01-12');
    expect(receive('2025-12-02')?.state).toBe('2025-12-02');
    expect(receive('1 March 2025')?.state).toBe('2025-03-01');
    expect(receive('2025.03.01')?.state).toBe('2025-03-01');
    expect(receive('2025-03-01 00:00:00')?.state).toBe('2025-03-01');
    expect(receive('Sat, 01 Mar 2025 23:30:00 -0500')?.state).toBe('2025-03-01'); // as written, not converted
    expect(receive('None')?.state).toBe('unknown');
    for (const ignored of ['', 'No valid date', '2025-02-30']) expect(receive(ignored)).toBeNull();
  });

  it('fills what the payload lacks from today (dateutil default)', () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date(2026, 3, 24, 14, 52) });
    expect(receive('10:12')?.state).toBe('2026-04-24');
    expect(receive('March 5')?.state).toBe('2026-03-05');
    expect(receive('Monday')?.state).toBe('2026-04-27'); // the next Monday
  });

  it('renders value_template; a Jinja error passes the payload on, a Python error drops it', () => {
    const t = parse(D, { ...DOC, value_template: '{{ value_json.date }}' });
    expect(receive('{"date": "2025-12-24"}', t)?.state).toBe('2025-12-24');
    expect(receive('2025-12-25', t)?.state).toBe('2025-12-25'); // value_json undefined: HA keeps the payload
    expect(receive('{"day": null}', parse(D, { ...DOC, value_template: '{{ value_json.day * 1 }}' }))).toBeNull();
  });

  it('publishes set_value as date.isoformat(), optimistic without state topic', () => {
    const opt = parse(D, { command_topic: 'command-topic', qos: '2' });
    expect(set(opt, '2025-12-01')).toEqual({
      publish: [{ topic: 'command-topic', payload: '2025-12-01', qos: 2, retain: false }],
      optimistic: { state: '2025-12-01' },
    });
    expect(set(opt, '2025-1-5').publish[0]?.payload).toBe('2025-01-05');
    expect(set(c, '2025-12-02').optimistic).toBeNull();
  });

  it('gives a command template its value as a date object, with strftime() and isoformat()', () => {
    const t = parse(D, {
      command_topic: 'c',
      command_template: "{{ value.strftime('%d/%m/%Y') }} {{ value.isoformat() }} {{ value.year }}",
    });
    expect(set(t, '2025-12-01').publish[0]?.payload).toBe('01/12/2025 2025-12-01 2025');
  });

  it('refuses what cv.date refuses', () => {
    expect(D.actions(c)).toEqual({
      set_value: {
        description: "Set the date (a date like '2025-12-01')",
        params: { date: { type: 'string', required: true } },
      },
    });
    for (const bad of ['2025-13-01', '2025-02-29', '01/12/2025', '2025-12-01T10:00', ' 2025-12-01']) {
      expect(() => set(c, bad)).toThrow(/'date' must be a date like '2025-12-01'/);
    }
    expect(() => D.command(c, 'set_value', {}, UNKNOWN)).toThrow(/'date' is required/);
    expect(() => D.command(c, 'set_value', { value: '2025-12-01' }, UNKNOWN)).toThrow(/unknown parameter 'value'/);
  });

  it('gives command_template the date itself as `value`', () => {
    const template = '{{ value.day }}/{{ value.month }}/{{ value.year }} ({{ value }})';
    const t = parse(D, { ...DOC, command_template: template });
    expect(set(t, '2025-12-01').publish[0]?.payload).toBe('1/12/2025 (2025-12-01)');
  });
});

// MQTT valve with the documentation's configurations and the facts of Home Assistant's tests
// (tests/components/mqtt/test_valve.py): plain and positioning valves, ranges, JSON states, optimism.
import { describe, expect, it } from 'vitest';
import type { EntityState } from '../../../../src/protocol/ha-discovery/components/platform.js';
import { applyUpdate } from '../../../../src/protocol/ha-discovery/components/shared.js';
import { valvePlatform as valve, type ValveConfig } from '../../../../src/protocol/ha-discovery/components/valve.js';
import { parse, state, UNKNOWN } from './helpers.js';

const PLAIN = { name: 'test', state_topic: 'state-topic', command_topic: 'command-topic' };
const POSITION = { ...PLAIN, reports_position: true };
const START_POSITION = state('unknown', { current_position: null });
const payloads = (c: ValveConfig, action: string, data = {}) =>
  valve.command(c, action, data, UNKNOWN).publish.map((p) => p.payload);

/** Feeds messages one after another and returns [state, current_position] after each. */
function feed(c: ValveConfig, messages: string[], start: EntityState = START_POSITION) {
  let current = start;
  return messages.map((m) => {
    current = applyUpdate(current, valve.onMessage(c, 'state-topic', m, current));
    return [current.state, current.attributes.current_position ?? null];
  });
}

describe('valve config', () => {
  it('refuses open/close payloads and states on a positioning valve, the payloads even as null', () => {
    const cases = [
      ['payload_open', 'x'],
      ['payload_close', 'x'],
      ['state_open', 'x'],
      ['state_closed', 'x'],
      ['payload_open', null],
      ['payload_close', null],
    ] as const;
    for (const [key, value] of cases) {
      const r = valve.schema.safeParse({ ...POSITION, [key]: value });
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.message).toMatch(/are not allowed if the valve reports a position/);
    }
    // states are never null (cv.string)
    expect(valve.schema.safeParse({ ...PLAIN, state_open: null }).success).toBe(false);
    expect(valve.schema.safeParse({ ...POSITION, payload_stop: 'STOP', state_opening: 'up' }).success).toBe(true);
  });

  it('takes the device classes water and gas in any case, and integer positions only', () => {
    expect(parse(valve, { ...PLAIN, device_class: 'Water' }).device_class).toBe('water');
    expect(valve.schema.safeParse({ ...PLAIN, device_class: 'abc123' }).success).toBe(false);
    expect(valve.schema.safeParse({ ...PLAIN, position_open: '100' }).success).toBe(false);
    expect(valve.schema.safeParse({ ...PLAIN, command_topic: 'test_topic#' }).success).toBe(false);
  });

  it('offers actions as its supported features', () => {
    const names = (extra: Record<string, unknown>, base: Record<string, unknown> = PLAIN) =>
      Object.keys(valve.actions(parse(valve, { ...base, ...extra })));
    expect(names({})).toEqual(['open_valve', 'close_valve', 'toggle']);
    expect(names({ payload_close: null })).toEqual(['open_valve']);
    expect(names({ payload_open: null })).toEqual(['close_valve']);
    expect(names({ payload_stop: 'STOP' })).toEqual(['open_valve', 'close_valve', 'stop_valve', 'toggle']);
    expect(names({ payload_stop: 'STOP' }, POSITION)).toEqual([
      'open_valve',
      'close_valve',
      'stop_valve',
      'set_valve_position',
      'toggle',
    ]);
    expect(names({ command_topic: undefined, payload_stop: 'STOP' })).toEqual([]);
  });

  it('starts unknown, with current_position only on positioning valves', () => {
    expect(valve.initialState(parse(valve, PLAIN))).toEqual(UNKNOWN);
    expect(valve.initialState(parse(valve, POSITION))).toEqual(START_POSITION);
    expect(valve.optimistic(parse(valve, PLAIN))).toBe(false);
    expect(valve.optimistic(parse(valve, { command_topic: 'c' }))).toBe(true);
  });
});

describe('valve states', () => {
  it('takes plain and JSON states on a plain valve, None resets', () => {
    const c = parse(valve, PLAIN);
    for (const s of ['open', 'closed', 'closing', 'opening']) {
      expect(valve.onMessage(c, 'state-topic', s, UNKNOWN)).toEqual({ state: s });
      expect(valve.onMessage(c, 'state-topic', `{"state" : "${s}"}`, UNKNOWN)).toEqual({ state: s });
    }
    expect(valve.onMessage(c, 'state-topic', 'None', state('open'))).toEqual({ state: 'unknown' });
    expect(valve.onMessage(c, 'state-topic', '', state('open'))).toBeNull();
    expect(valve.onMessage(c, 'state-topic', '{"position": 0}', UNKNOWN)).toBeNull();
    expect(valve.onMessage(c, 'state-topic', 'OPEN', UNKNOWN)).toBeNull();
    const t = parse(valve, { ...PLAIN, value_template: '{{ value_json.state }}' });
    expect(valve.onMessage(t, 'state-topic', '{"state":"closing"}', UNKNOWN)).toEqual({ state: 'closing' });
  });

  it('reads positions, opening/closing and clamps on a positioning valve', () => {
    const c = parse(valve, POSITION);
    const cases: [string, string, number | null][] = [
      ['invalid', 'unknown', null],
      ['0', 'closed', 0],
      ['opening', 'opening', null],
      ['50', 'open', 50],
      ['closing', 'closing', null],
      ['100', 'open', 100],
      ['open', 'unknown', null],
      ['closed', 'unknown', null],
      ['-10', 'closed', 0],
      ['110', 'open', 100],
      ['{"position": 0, "state": "opening"}', 'opening', 0],
      ['{"position": 10, "state": "opening"}', 'opening', 10],
      ['{"position": 50, "state": "open"}', 'open', 50],
      ['{"position": 100, "state": "closing"}', 'closing', 100],
      ['{"position": 90, "state": "closing"}', 'closing', 90],
      ['{"position": 0, "state": "closed"}', 'closed', 0],
      ['{"position": -10, "state": "closed"}', 'closed', 0],
      ['{"position": 110, "state": "open"}', 'open', 100],
      ['{"state": "opening"}', 'unknown', null],
    ];
    for (const [message, s, position] of cases) expect(feed(c, [message])).toEqual([[s, position]]);
  });

  it('keeps opening/closing until the valve is fully open or closed', () => {
    const c = parse(valve, POSITION);
    const messages = [
      '{"position": 0, "state": "opening"}',
      '{"position": 50, "state": "opening"}',
      '{"position": 60}',
      '{"position": 100, "state": "opening"}',
      '{"position": 100, "state": null}',
      '{"position": 90, "state": "closing"}',
      '{"position": 40}',
      '{"position": 0}',
      '{"position": 10}',
      '{"position": 0, "state": "opening"}',
      '{"position": 0, "state": "closing"}',
      '{"position": 0}',
      'None',
    ];
    expect(feed(c, messages)).toEqual([
      ['opening', 0],
      ['opening', 50],
      ['opening', 60],
      ['opening', 100],
      ['open', 100],
      ['closing', 90],
      ['closing', 40],
      ['closed', 0],
      ['open', 10],
      ['opening', 0],
      ['closing', 0],
      ['closed', 0],
      ['unknown', null],
    ]);
  });

  it('scales positions from position_closed..position_open', () => {
    const c = parse(valve, { ...POSITION, position_closed: -128, position_open: 127 });
    const cases: [string, string, number][] = [
      ['-128', 'closed', 0],
      ['0', 'open', 50],
      ['127', 'open', 100],
      ['-130', 'closed', 0],
      ['130', 'open', 100],
      ['{"position": -30, "state": "opening"}', 'opening', 38],
      ['{"position": 30, "state": "open"}', 'open', 61],
      ['{"position": 100, "state": "closing"}', 'closing', 89],
    ];
    for (const [message, s, position] of cases) expect(feed(c, [message])).toEqual([[s, position]]);
  });

  it('renders value_template with position_open/position_closed; None from JSON null resets', () => {
    const c = parse(valve, { ...POSITION, value_template: '{{ value_json.position }}' });
    expect(feed(c, ['{"position":50.0}', '{"position":null}'])).toEqual([
      ['open', 50],
      ['unknown', null],
    ]);
    expect(feed(c, ['{"ignored":12}', '{"position":"non_numeric"}'])).toEqual([
      ['unknown', null],
      ['unknown', null],
    ]);
    const scaled = parse(valve, {
      ...POSITION,
      position_open: 200,
      value_template: '{{ value | int * position_open // 100 }}',
    });
    expect(feed(scaled, ['50'])).toEqual([['open', 50]]);
  });
});

describe('valve actions', () => {
  it('publishes the payloads of a plain valve through command_template', () => {
    const c = parse(valve, { ...PLAIN, payload_stop: 'SToP', payload_open: 'OPeN', payload_close: 'CLOsE' });
    expect(valve.command(c, 'close_valve', {}, UNKNOWN)).toEqual({
      publish: [{ topic: 'command-topic', payload: 'CLOsE', qos: 0, retain: false }],
      optimistic: null,
    });
    expect(payloads(c, 'open_valve')).toEqual(['OPeN']);
    expect(payloads(c, 'stop_valve')).toEqual(['SToP']);
    // the documentation's full configuration
    const doc = parse(valve, {
      ...PLAIN,
      command_template: '{"x": {{ value }} }',
      payload_open: 'OPEN',
      payload_stop: 'STOP',
      retain: true,
    });
    expect(valve.command(doc, 'open_valve', {}, UNKNOWN).publish).toEqual([
      { topic: 'command-topic', payload: '{"x": OPEN }', qos: 0, retain: true },
    ]);
  });

  it('updates a plain valve optimistically without a state topic or with optimistic', () => {
    for (const c of [parse(valve, { ...PLAIN, optimistic: true }), parse(valve, { command_topic: 'command-topic' })]) {
      expect(valve.command(c, 'close_valve', {}, UNKNOWN).optimistic).toEqual({ state: 'closed' });
      expect(valve.command(c, 'open_valve', {}, UNKNOWN).optimistic).toEqual({ state: 'open' });
    }
  });

  it('moves a positioning valve by position, scaled to its range', () => {
    const c = parse(valve, { ...POSITION, payload_stop: '-1' });
    expect(payloads(c, 'close_valve')).toEqual(['0']);
    expect(payloads(c, 'open_valve')).toEqual(['100']);
    expect(payloads(c, 'stop_valve')).toEqual(['-1']);
    expect(payloads(c, 'set_valve_position', { position: 30 })).toEqual(['30']);
    expect(valve.command(c, 'set_valve_position', { position: 30 }, UNKNOWN).optimistic).toBeNull();
    const alt = parse(valve, { ...POSITION, position_closed: -128, position_open: 127 });
    expect([0, 30, 80, 100].map((position) => payloads(alt, 'set_valve_position', { position })[0])).toEqual([
      '-128',
      '-52',
      '76',
      '127',
    ]);
    expect(payloads(alt, 'close_valve')).toEqual(['-128']);
    expect(payloads(alt, 'open_valve')).toEqual(['127']);
    expect(() => valve.command(c, 'set_valve_position', { position: 101 }, UNKNOWN)).toThrow(/from 0 to 100/);
  });

  it('passes position, position_open and position_closed to command_template', () => {
    const c = parse(valve, {
      ...POSITION,
      position_open: 40,
      command_template: '{{ value }}/{{ position }}/{{ position_closed }}-{{ position_open }}',
    });
    expect(payloads(c, 'set_valve_position', { position: 50 })).toEqual(['20/50/0-40']);
  });

  it('sets position and state optimistically on a positioning valve', () => {
    const c = parse(valve, { ...POSITION, optimistic: true, position_closed: -128, position_open: 127 });
    expect(valve.command(c, 'set_valve_position', { position: 0 }, UNKNOWN).optimistic).toEqual({
      state: 'closed',
      attributes: { current_position: 0 },
    });
    expect(valve.command(c, 'set_valve_position', { position: 50 }, state('closing')).optimistic).toEqual({
      state: 'open',
      attributes: { current_position: 50 },
    });
    expect(valve.command(c, 'open_valve', {}, UNKNOWN).optimistic).toEqual({
      state: 'open',
      attributes: { current_position: 100 },
    });
  });

  it('toggles: stop when moving and stoppable, open when closed, else close', () => {
    const c = parse(valve, { ...PLAIN, payload_stop: 'STOP' });
    expect(payloads(c, 'toggle')).toEqual(['CLOSE']);
    expect(valve.command(c, 'toggle', {}, state('closed')).publish[0]?.payload).toBe('OPEN');
    expect(valve.command(c, 'toggle', {}, state('opening')).publish[0]?.payload).toBe('STOP');
    const p = parse(valve, POSITION);
    expect(valve.command(p, 'toggle', {}, state('closing')).publish[0]?.payload).toBe('0');
    expect(valve.command(p, 'toggle', {}, state('closed')).publish[0]?.payload).toBe('100');
  });
});

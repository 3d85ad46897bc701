import { describe, expect, it } from 'vitest';
import { coverPlatform } from '../../../../src/protocol/ha-discovery/components/cover.js';
import { parseEntityConfig } from '../../../../src/protocol/ha-discovery/components/index.js';
import { parse, state, UNKNOWN } from './helpers.js';

describe('cover', () => {
  const c = parse(coverPlatform, {
    command_topic: 'c/set',
    state_topic: 'c/state',
    position_topic: 'c/pos',
    set_position_topic: 'c/pos/set',
  });

  it('applies HA defaults', () => {
    expect(c).toMatchObject({
      payload_open: 'OPEN',
      payload_close: 'CLOSE',
      payload_stop: 'STOP',
      position_open: 100,
      position_closed: 0,
      state_open: 'open',
      state_closed: 'closed',
      state_opening: 'opening',
      state_closing: 'closing',
      state_stopped: 'stopped',
    });
    expect(coverPlatform.optimistic(c)).toBe(false);
  });

  it('publishes open/close/stop payloads', () => {
    expect(coverPlatform.command(c, 'open_cover', {}, UNKNOWN).publish).toEqual([
      { topic: 'c/set', payload: 'OPEN', qos: 0, retain: false },
    ]);
    expect(coverPlatform.command(c, 'close_cover', {}, UNKNOWN).publish[0]?.payload).toBe('CLOSE');
    expect(coverPlatform.command(c, 'stop_cover', {}, UNKNOWN).publish[0]?.payload).toBe('STOP');
  });

  it('maps set_position onto the position_closed..position_open range', () => {
    expect(coverPlatform.command(c, 'set_cover_position', { position: 42 }, UNKNOWN).publish[0]).toMatchObject({
      topic: 'c/pos/set',
      payload: '42',
    });
    const byte = parse(coverPlatform, {
      command_topic: 'c',
      position_topic: 'p',
      set_position_topic: 'sp',
      position_open: 255,
      position_closed: 0,
    });
    expect(coverPlatform.command(byte, 'set_cover_position', { position: 50 }, UNKNOWN).publish[0]?.payload).toBe(
      '128',
    );
    const inverted = parse(coverPlatform, {
      position_topic: 'p',
      set_position_topic: 'sp',
      position_open: 0,
      position_closed: 100,
    });
    expect(coverPlatform.command(inverted, 'set_cover_position', { position: 30 }, UNKNOWN).publish[0]?.payload).toBe(
      '70',
    );
    expect(coverPlatform.onMessage(byte, 'p', '255', UNKNOWN)).toEqual({
      state: 'open',
      attributes: { current_position: 100 },
    });
  });

  it('renders set_position_template with position variables', () => {
    const t = parse(coverPlatform, {
      position_topic: 'p',
      set_position_topic: 'sp',
      set_position_template: '{"pos": {{ value }}, "pct": {{ position }}}',
    });
    expect(coverPlatform.command(t, 'set_cover_position', { position: 60 }, UNKNOWN).publish[0]?.payload).toBe(
      '{"pos": 60, "pct": 60}',
    );
  });

  it('rejects positions outside 0–100', () => {
    expect(() => coverPlatform.command(c, 'set_cover_position', { position: 120 }, UNKNOWN)).toThrow(
      /'position' must be from 0 to 100 %/,
    );
  });

  it('parses state and position messages', () => {
    expect(coverPlatform.onMessage(c, 'c/state', 'opening', UNKNOWN)).toEqual({ state: 'opening' });
    expect(coverPlatform.onMessage(c, 'c/state', 'None', UNKNOWN)).toEqual({ state: 'unknown' });
    expect(coverPlatform.onMessage(c, 'c/state', 'bogus', UNKNOWN)).toBeNull();
    expect(coverPlatform.onMessage(c, 'c/state', 'stopped', state('closing', { current_position: 0 }))).toEqual({
      state: 'closed',
    });
    expect(coverPlatform.onMessage(c, 'c/pos', '37', UNKNOWN)).toEqual({ attributes: { current_position: 37 } });
    const json = parse(coverPlatform, {
      position_topic: 'p',
      tilt_status_topic: 't',
      position_template: '{{ value }}',
    });
    expect(coverPlatform.onMessage(json, 'p', '{"position": 0, "tilt_position": 50}', UNKNOWN)).toEqual({
      state: 'closed',
      attributes: { current_tilt_position: 50, current_position: 0 },
    });
  });

  it('is optimistic without state feedback', () => {
    const o = parse(coverPlatform, { command_topic: 'c/set' });
    expect(coverPlatform.optimistic(o)).toBe(true);
    expect(coverPlatform.command(o, 'open_cover', {}, UNKNOWN).optimistic).toEqual({ state: 'open' });
    expect(coverPlatform.actions(o)).not.toHaveProperty('set_cover_position');
  });

  it('drops features whose payload is null and validates template/topic pairs', () => {
    const noStop = parse(coverPlatform, { command_topic: 'c', payload_stop: null });
    expect(coverPlatform.actions(noStop)).not.toHaveProperty('stop_cover');
    const bad = parseEntityConfig('cover', { set_position_topic: 'x' });
    expect(bad.ok === false && bad.reason).toContain("'set_position_topic' must be set together with 'position_topic'");
  });

  it('handles tilt commands on the tilt range', () => {
    const t = parse(coverPlatform, { tilt_command_topic: 'tilt/set', tilt_min: 0, tilt_max: 180 });
    expect(coverPlatform.command(t, 'set_cover_tilt_position', { tilt_position: 50 }, UNKNOWN)).toEqual({
      publish: [{ topic: 'tilt/set', payload: '90', qos: 0, retain: false }],
      optimistic: { attributes: { current_tilt_position: 50 } },
    });
    expect(coverPlatform.command(t, 'open_cover_tilt', {}, UNKNOWN).publish[0]?.payload).toBe('100');
  });
});

import { describe, expect, it } from 'vitest';
import { numberPlatform } from '../../../../src/protocol/ha-discovery/components/number.js';
import { parse, UNKNOWN } from './helpers.js';

describe('number', () => {
  it('defaults to min 0, max 100, step 1, mode auto', () => {
    const c = parse(numberPlatform, { command_topic: 'n/set' });
    expect(c).toMatchObject({ min: 0, max: 100, step: 1, mode: 'auto', payload_reset: 'None' });
    expect(numberPlatform.schema.safeParse({ command_topic: 'x', min: 5, max: 5 }).success).toBe(false);
    expect(numberPlatform.schema.safeParse({ state_topic: 'x' }).success).toBe(false);
  });

  const c = parse(numberPlatform, {
    command_topic: 'n/set',
    state_topic: 'n',
    min: '-10',
    max: 40,
    step: 0.5,
    unit_of_measurement: '°C',
  });

  it('publishes ints for integral values and floats otherwise', () => {
    expect(numberPlatform.command(c, 'set_value', { value: 20 }, UNKNOWN).publish[0]?.payload).toBe('20');
    expect(numberPlatform.command(c, 'set_value', { value: 20.5 }, UNKNOWN).publish[0]?.payload).toBe('20.5');
    expect(() => numberPlatform.command(c, 'set_value', { value: 50 }, UNKNOWN)).toThrow(
      /'value' must be from -10 to 40 °C, got 50/,
    );
    expect(() => numberPlatform.command(c, 'set_value', {}, UNKNOWN)).toThrow(/'value' is required/);
  });

  it('parses numbers and ignores out-of-range or non-numeric states', () => {
    expect(numberPlatform.onMessage(c, 'n', '21', UNKNOWN)).toEqual({ state: '21' });
    expect(numberPlatform.onMessage(c, 'n', '21.50', UNKNOWN)).toEqual({ state: '21.5' });
    expect(numberPlatform.onMessage(c, 'n', '-3', UNKNOWN)).toEqual({ state: '-3.0' });
    expect(numberPlatform.onMessage(c, 'n', '99', UNKNOWN)).toBeNull();
    expect(numberPlatform.onMessage(c, 'n', 'abc', UNKNOWN)).toBeNull();
    expect(numberPlatform.onMessage(c, 'n', 'None', UNKNOWN)).toEqual({ state: 'unknown' });
  });

  it('is optimistic without a state topic', () => {
    const o = parse(numberPlatform, { command_topic: 'n/set', command_template: '{"v": {{ value }}}' });
    expect(numberPlatform.command(o, 'set_value', { value: 7 }, UNKNOWN)).toEqual({
      publish: [{ topic: 'n/set', payload: '{"v": 7}', qos: 0, retain: false }],
      optimistic: { state: '7' },
    });
  });
});

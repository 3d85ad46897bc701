import { describe, expect, it } from 'vitest';
import { selectPlatform } from '../../../../src/protocol/ha-discovery/components/select.js';
import { parse, UNKNOWN } from './helpers.js';

describe('select', () => {
  const c = parse(selectPlatform, { command_topic: 's/set', state_topic: 's', options: ['low', 'high'] });

  it('requires command_topic and options', () => {
    expect(selectPlatform.schema.safeParse({ command_topic: 'x' }).success).toBe(false);
    expect(selectPlatform.schema.safeParse({ options: ['a'] }).success).toBe(false);
  });

  it('accepts only listed options in both directions', () => {
    expect(selectPlatform.onMessage(c, 's', 'high', UNKNOWN)).toEqual({ state: 'high' });
    expect(selectPlatform.onMessage(c, 's', 'NONE', UNKNOWN)).toEqual({ state: 'unknown' });
    expect(selectPlatform.onMessage(c, 's', 'medium', UNKNOWN)).toBeNull();
    expect(selectPlatform.command(c, 'select_option', { option: 'low' }, UNKNOWN).publish[0]?.payload).toBe('low');
    expect(() => selectPlatform.command(c, 'select_option', { option: 'medium' }, UNKNOWN)).toThrow(
      /one of 'low', 'high'/,
    );
  });
});

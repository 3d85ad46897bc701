import { describe, expect, it } from 'vitest';
import { lockPlatform } from '../../../../src/protocol/ha-discovery/components/lock.js';
import { parse, UNKNOWN } from './helpers.js';

describe('lock', () => {
  const c = parse(lockPlatform, { command_topic: 'l/set', state_topic: 'l/state' });

  it('uses HA payload and state defaults', () => {
    expect(lockPlatform.command(c, 'lock', {}, UNKNOWN).publish[0]?.payload).toBe('LOCK');
    expect(lockPlatform.command(c, 'unlock', {}, UNKNOWN).publish[0]?.payload).toBe('UNLOCK');
    expect(lockPlatform.actions(c)).not.toHaveProperty('open');
    for (const [payload, s] of [
      ['LOCKED', 'locked'],
      ['UNLOCKED', 'unlocked'],
      ['JAMMED', 'jammed'],
      ['LOCKING', 'locking'],
      ['OPEN', 'open'],
      ['None', 'unknown'],
    ]) {
      expect(lockPlatform.onMessage(c, 'l/state', payload ?? '', UNKNOWN)).toEqual({ state: s });
    }
  });

  it('offers open only with payload_open and checks code_format', () => {
    const o = parse(lockPlatform, {
      command_topic: 'l/set',
      payload_open: 'OPEN',
      code_format: '^\\d{4}$',
      command_template: '{{ value }}:{{ code }}',
    });
    expect(lockPlatform.command(o, 'open', { code: '1234' }, UNKNOWN)).toEqual({
      publish: [{ topic: 'l/set', payload: 'OPEN:1234', qos: 0, retain: false }],
      optimistic: { state: 'open' },
    });
    expect(() => lockPlatform.command(o, 'lock', { code: '12' }, UNKNOWN)).toThrow(/must match the code format/);
  });
});

import { describe, expect, it } from 'vitest';
import { buttonPlatform } from '../../../../src/protocol/ha-discovery/components/button.js';
import { parse, UNKNOWN } from './helpers.js';

describe('button', () => {
  it('requires command_topic and presses with payload_press PRESS', () => {
    expect(buttonPlatform.schema.safeParse({}).success).toBe(false);
    const c = parse(buttonPlatform, { command_topic: 'b/press', device_class: 'restart' });
    expect(buttonPlatform.stateTopics(c)).toEqual([]);
    expect(buttonPlatform.command(c, 'press', {}, UNKNOWN)).toEqual({
      publish: [{ topic: 'b/press', payload: 'PRESS', qos: 0, retain: false }],
      optimistic: null,
    });
  });
});

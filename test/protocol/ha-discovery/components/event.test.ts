import { describe, expect, it } from 'vitest';
import { eventPlatform } from '../../../../src/protocol/ha-discovery/components/event.js';
import { parse, UNKNOWN } from './helpers.js';

describe('event', () => {
  const c = parse(eventPlatform, { state_topic: 'btn/action', event_types: ['press', 'hold'], device_class: 'Button' });

  it('requires state_topic and event_types', () => {
    expect(eventPlatform.schema.safeParse({ state_topic: 'x' }).success).toBe(false);
    expect(c.device_class).toBe('button');
  });

  it('takes event_type from a JSON object, the rest as attributes, the time as state', () => {
    const u = eventPlatform.onMessage(c, 'btn/action', '{"event_type":"press","count":2}', UNKNOWN);
    expect(u?.attributes).toEqual({ count: 2, event_type: 'press' });
    expect(u?.state).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
  });

  it('ignores unknown event types, non-JSON, empty and "None" payloads', () => {
    for (const p of ['{"event_type":"double"}', 'press', '', 'None', '{}', '{"count":1}']) {
      expect(eventPlatform.onMessage(c, 'btn/action', p, UNKNOWN)).toBeNull();
    }
  });

  it('supports a value_template that builds the JSON', () => {
    const t = parse(eventPlatform, {
      state_topic: 'z2m/btn',
      event_types: ['single'],
      value_template: '{ "event_type": "{{ value_json.action }}" }',
    });
    expect(eventPlatform.onMessage(t, 'z2m/btn', '{"action":"single"}', UNKNOWN)?.attributes).toEqual({
      event_type: 'single',
    });
    expect(eventPlatform.actions(t)).toEqual({});
  });
});

import { describe, expect, it } from 'vitest';
import { notifyPlatform as p, pyIsoformat } from '../../../../src/protocol/ha-discovery/components/notify.js';
import { parse, UNKNOWN } from './helpers.js';

const TOPIC = 'home/living_room/status_screen/notifications';
const SCREEN = { name: 'Living room status screen', command_topic: TOPIC, qos: 0, retain: false };

describe('notify', () => {
  it('needs command_topic and applies HA defaults', () => {
    expect(p.schema.safeParse({ name: 'x' }).success).toBe(false);
    expect(p.schema.safeParse({ command_topic: 'a/#' }).success).toBe(false);
    expect(parse(p, { command_topic: 'n' })).toMatchObject({ command_topic: 'n', retain: false, qos: 0 });
    expect(p.stateTopics(parse(p, SCREEN))).toEqual([]);
    expect(p.initialState(parse(p, SCREEN))).toEqual(UNKNOWN);
    expect(p.optimistic(parse(p, SCREEN))).toBe(false);
  });

  it('publishes the message as it is and records when it was sent', () => {
    const before = Date.now();
    const r = p.command(parse(p, SCREEN), 'send_message', { message: 'Dinner is ready', title: 'ignored' }, UNKNOWN);
    expect(r.publish).toEqual([{ topic: TOPIC, payload: 'Dinner is ready', qos: 0, retain: false }]);
    const sent = r.optimistic?.state ?? '';
    expect(sent).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/);
    expect(Date.parse(sent)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
  });

  it('renders command_template with the message as value, honouring qos and retain', () => {
    const c = parse(p, { command_topic: 'n', command_template: '{"text": "{{ value }}"}', qos: 1, retain: true });
    expect(p.command(c, 'send_message', { message: 'Hi' }, UNKNOWN).publish).toEqual([
      { topic: 'n', payload: '{"text": "Hi"}', qos: 1, retain: true },
    ]);
  });

  it('validates the action data like notify.send_message', () => {
    const c = parse(p, SCREEN);
    expect(() => p.command(c, 'send_message', {}, UNKNOWN)).toThrow(/'message' is required/);
    expect(() => p.command(c, 'send_message', { message: 'x', target: ['a'] }, UNKNOWN)).toThrow(
      /unknown parameter 'target'/,
    );
    expect(() => p.command(c, 'press', {}, UNKNOWN)).toThrow(/does not support the action 'press'/);
  });

  it("formats times like Python's isoformat", () => {
    expect(pyIsoformat(Date.UTC(2026, 0, 2, 3, 4, 5, 678))).toBe('2026-01-02T03:04:05.678000+00:00');
    expect(pyIsoformat(Date.UTC(2026, 0, 2, 3, 4, 5, 0))).toBe('2026-01-02T03:04:05+00:00');
  });
});

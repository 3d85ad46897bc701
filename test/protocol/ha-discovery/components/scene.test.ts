// MQTT scene with the configuration of Home Assistant's documentation ("Living room Blue").
import { describe, expect, it } from 'vitest';
import { scenePlatform } from '../../../../src/protocol/ha-discovery/components/scene.js';
import { parse, UNKNOWN } from './helpers.js';

describe('scene', () => {
  it('publishes payload_on on turn_on with the qos and retain of its config', () => {
    const c = parse(scenePlatform, {
      unique_id: 'living_room_blue_scene',
      name: 'Blue',
      command_topic: 'living_room/scene/activate',
      payload_on: 'activate_blue',
      qos: 1,
      retain: true,
    });
    expect(scenePlatform.command(c, 'turn_on', {}, UNKNOWN)).toEqual({
      publish: [{ topic: 'living_room/scene/activate', payload: 'activate_blue', qos: 1, retain: true }],
      optimistic: null,
    });
    const plain = parse(scenePlatform, { command_topic: 'scene/set' });
    expect(scenePlatform.command(plain, 'turn_on', {}, UNKNOWN).publish).toEqual([
      { topic: 'scene/set', payload: 'ON', qos: 0, retain: false },
    ]);
    expect(scenePlatform.stateTopics(plain)).toEqual([]);
  });

  it('requires a command topic without wildcards', () => {
    expect(scenePlatform.schema.safeParse({ name: 'x' }).success).toBe(false);
    expect(scenePlatform.schema.safeParse({ command_topic: 'scene/+/set' }).success).toBe(false);
    expect(() => scenePlatform.command(parse(scenePlatform, { command_topic: 's' }), 'turn_off', {}, UNKNOWN)).toThrow(
      /does not support the action 'turn_off'/,
    );
  });
});

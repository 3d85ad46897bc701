// MQTT text, with the configuration of Home Assistant's documentation ("Remote LCD screen") and the
// validation rules of mqtt/text.py and its tests (min ≤ max ≤ 255; the set_value checks of TextEntity).
import { describe, expect, it } from 'vitest';
import { textPlatform } from '../../../../src/protocol/ha-discovery/components/text.js';
import { parse, UNKNOWN } from './helpers.js';

const LCD = {
  name: 'Remote LCD screen',
  icon: 'mdi:ab-testing',
  mode: 'text',
  command_topic: 'txt/cmd',
  state_topic: 'txt/state',
  min: 2,
  max: 20,
};

describe('text', () => {
  it('accepts the documented config and refuses what Home Assistant refuses', () => {
    const c = parse(textPlatform, LCD);
    expect(textPlatform.initialState(c)).toEqual({
      state: 'unknown',
      attributes: { min: 2, max: 20, mode: 'text', pattern: null },
    });
    expect(textPlatform.schema.safeParse({ state_topic: 'x' }).success).toBe(false); // no command_topic
    const issues = (config: Record<string, unknown>) => {
      const r = textPlatform.schema.safeParse(config);
      return r.success ? [] : r.error.issues.map((i) => i.message);
    };
    expect(issues({ command_topic: 'c', min: 20, max: 10 })).toEqual(['text length min must be <= max']);
    expect(issues({ command_topic: 'c', min: 20, max: 257 })).toEqual(['max text length must be <= 255']);
    expect(issues({ command_topic: 'c', mode: 'secret' })).not.toEqual([]);
    expect(issues({ command_topic: 'c', pattern: '([a-z' })).not.toEqual([]);
    expect(issues({ command_topic: 'c', min: 5, max: 5 })).toEqual([]);
  });

  it('takes states within min–max and at most 255 characters', () => {
    const c = parse(textPlatform, LCD);
    expect(textPlatform.onMessage(c, 'txt/state', 'Hello', UNKNOWN)).toEqual({ state: 'Hello' });
    expect(textPlatform.onMessage(c, 'txt/state', 'H', UNKNOWN)).toBeNull();
    expect(textPlatform.onMessage(c, 'txt/state', 'x'.repeat(21), UNKNOWN)).toBeNull();
    const wide = parse(textPlatform, { command_topic: 'c', state_topic: 's' });
    expect(textPlatform.onMessage(wide, 's', 'x'.repeat(255), UNKNOWN)).toEqual({ state: 'x'.repeat(255) });
    expect(textPlatform.onMessage(wide, 's', 'x'.repeat(256), UNKNOWN)).toBeNull();
    const templated = parse(textPlatform, {
      command_topic: 'c',
      state_topic: 's',
      value_template: "{{ value_json.label | default('', True) | string | truncate(254, True, '', 0) }}",
    });
    expect(textPlatform.onMessage(templated, 's', JSON.stringify({ label: 'y'.repeat(300) }), UNKNOWN)).toEqual({
      state: 'y'.repeat(254),
    });
  });

  it('publishes set_value as Home Assistant would, after checking min, max and pattern', () => {
    const c = parse(textPlatform, {
      ...LCD,
      pattern: '[A-Z][a-z]+',
      command_template: '{"text": "{{ value }}"}',
      retain: true,
      qos: 1,
    });
    const result = textPlatform.command(c, 'set_value', { value: 'Hello' }, UNKNOWN);
    expect(result.publish).toEqual([{ topic: 'txt/cmd', payload: '{"text": "Hello"}', qos: 1, retain: true }]);
    expect(result.optimistic).toBeNull();
    expect(() => textPlatform.command(c, 'set_value', { value: 'H' }, UNKNOWN)).toThrow(
      /too short \(minimum length 2\)/,
    );
    expect(() => textPlatform.command(c, 'set_value', { value: 'Hello'.repeat(5) }, UNKNOWN)).toThrow(
      /too long \(maximum length 20\)/,
    );
    expect(() => textPlatform.command(c, 'set_value', { value: 'hello' }, UNKNOWN)).toThrow(
      /does not match the pattern/,
    );
    // re.match: anchored at the start only
    expect(textPlatform.command(c, 'set_value', { value: 'Hello world 1' }, UNKNOWN).publish).toHaveLength(1);
    const optimistic = parse(textPlatform, { command_topic: 'c' });
    expect(textPlatform.command(optimistic, 'set_value', { value: 'abc' }, UNKNOWN).optimistic).toEqual({
      state: 'abc',
    });
  });
});

describe('text through the app', () => {
  it('a discovered text entity takes states and publishes set_value from REST, refusing a value out of range', async () => {
    const { startTestApp } = await import('../../../helpers/app.js');
    const { eventually } = await import('../../../helpers/net.js');
    const t = await startTestApp();
    try {
      const seen: string[] = [];
      t.client.on('message', (topic, payload) => topic === 'txt/cmd' && seen.push(payload.toString()));
      await t.client.subscribeAsync('txt/cmd', { qos: 1 });
      await t.client.publishAsync('homeassistant/text/lcd/config', JSON.stringify({ ...LCD, unique_id: 'lcd1' }), {
        qos: 1,
        retain: true,
      });
      await eventually(async () => (await t.get('/api/entities/text.remote_lcd_screen')).status === 200);
      await t.client.publishAsync('txt/state', 'Good morning', { qos: 1 });
      await eventually(async () => (await t.get('/api/entities/text.remote_lcd_screen')).body.state === 'Good morning');
      expect(
        (await t.post('/api/actions/text/set_value', { entity_id: 'text.remote_lcd_screen', data: { value: 'Bye' } }))
          .status,
      ).toBeLessThan(300);
      await eventually(() => seen.includes('Bye'));
      const refused = await t.post('/api/actions/text/set_value', {
        entity_id: 'text.remote_lcd_screen',
        data: { value: 'x' },
      });
      expect(refused.status).toBe(400);
      expect(refused.body.message).toMatch(/too short/);
    } finally {
      await t.close();
    }
  });
});

// Discovery templates have Home Assistant's time functions (now(), utcnow(), as_datetime(), timedelta(), …),
// and the templates Zigbee2MQTT sends for text sensors and thermostats render.
import { describe, expect, it } from 'vitest';
import {
  parseEntityConfig,
  renderValue,
  type BaseConfig,
} from '../../../../src/protocol/ha-discovery/components/index.js';

function valueTemplate(component: string, config: Record<string, unknown>, key = 'value_template') {
  const parsed = parseEntityConfig(component, config);
  if (!parsed.ok) throw new Error(parsed.reason);
  return (parsed.config as BaseConfig).templates[key];
}

describe('discovery config templates', () => {
  it('use time functions as filters too', () => {
    const t = valueTemplate('sensor', {
      state_topic: 's',
      value_template: "{{ (value | as_datetime).year }} {{ '10:15' | today_at is not none }}",
    });
    expect(renderValue(t, '2026-03-01T10:00:00+00:00')).toBe('2026 True');
  });

  it('give the payload itself on a Jinja error, and nothing on a Python error, as MqttValueTemplate does', () => {
    // the light.mqtt docs' template: 'off' has no third field, so .split on the undefined value is a Jinja error
    const jinja = valueTemplate('sensor', {
      state_topic: 's',
      value_template: "{{ value.split(',')[2].split('-')[0] }}",
    });
    expect(renderValue(jinja, 'on,255,120-80')).toBe('120');
    expect(renderValue(jinja, 'off')).toBe('off');
    // int + str is Python's TypeError: Home Assistant drops the message
    const python = valueTemplate('sensor', { state_topic: 's', value_template: "{{ (value | int) + 'a' }}" });
    expect(renderValue(python, '3')).toBeUndefined();
  });

  it('call now(), utcnow(), as_datetime() and timedelta()', () => {
    const t = valueTemplate('sensor', {
      state_topic: 's',
      value_template:
        '{{ ((now() - as_datetime(value_json.seen)).total_seconds() / 3600) | round(0) | int > 1 }} {{ utcnow().year >= 2026 }} {{ (as_datetime(value_json.seen) + timedelta(hours=1)).isoformat() }}',
    });
    expect(renderValue(t, JSON.stringify({ seen: '2026-01-01T10:00:00+00:00' }))).toBe(
      'True True 2026-01-01T11:00:00+00:00',
    );
  });

  it("render Zigbee2MQTT's text sensor and thermostat running-state templates", () => {
    const text = valueTemplate('sensor', {
      state_topic: 's',
      value_template: "{{ value_json.action_code | default('',True) | string | truncate(254, True, '', 0) }}",
    });
    expect(renderValue(text, JSON.stringify({ action_code: 'x'.repeat(300) }))).toBe('x'.repeat(254));
    expect(renderValue(text, JSON.stringify({}))).toBe('');
    const action = valueTemplate(
      'climate',
      {
        temperature_command_topic: 'c',
        action_topic: 'zigbee2mqtt/trv',
        action_template:
          "{% set values = {None:None,'idle':'idle','heat':'heating','cool':'cooling','fan_only':'fan'} %}{{ values[value_json.running_state] }}",
      },
      'action_template',
    );
    expect(renderValue(action, JSON.stringify({ running_state: 'heat' }))).toBe('heating');
    expect(renderValue(action, JSON.stringify({ running_state: null }))).toBe('None');
    expect(renderValue(action, JSON.stringify({ running_state: 'defrost' }))).toBe('');
  });
});

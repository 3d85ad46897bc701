// End-to-end: templates as they appear in real Home Assistant MQTT discovery configs.
import { describe, expect, it } from 'vitest';
import { TemplateError, compileTemplate, payloadVariables } from '../../../src/protocol/template/index.js';

const render = (src: string, vars: Readonly<Record<string, unknown>> = {}): string => compileTemplate(src).render(vars);
const renderPayload = (src: string, payload: string, extra: Readonly<Record<string, unknown>> = {}): string =>
  compileTemplate(src).render(payloadVariables(payload, extra));

describe('value_template', () => {
  it('reads a JSON attribute', () => {
    expect(renderPayload('{{ value_json.temperature }}', '{"temperature": 21.5}')).toBe('21.5');
    expect(render('{{ value_json.temperature }}', { value_json: { temperature: 21.5 } })).toBe('21.5');
  });

  it('keeps JSON floats floats when the payload is parsed with payloadVariables', () => {
    expect(renderPayload('{{ value_json.temperature }}', '{"temperature": 21.0}')).toBe('21.0');
    // A plain JS number has lost that information: integral means int.
    expect(render('{{ value_json.temperature }}', { value_json: JSON.parse('{"temperature": 21.0}') })).toBe('21');
  });

  it('converts and rounds', () => {
    expect(renderPayload("{{ value_json['temp'] | float | round(1) }}", '{"temp": "21.456"}')).toBe('21.5');
    expect(renderPayload("{{ value_json['temp'] | float }}", '{"temp": 21}')).toBe('21.0');
    expect(renderPayload('{{ value_json.temp | round(2) }}', '{"temp": 19.125}')).toBe('19.12');
  });

  it('parses plain payloads', () => {
    expect(renderPayload('{{ value | int }}', '42')).toBe('42');
    expect(renderPayload('{{ value | float }}', '42')).toBe('42.0');
    expect(renderPayload('{{ (value | float / 10) | round(1) }}', '215')).toBe('21.5');
    expect(renderPayload('{{ value_json }}', '42')).toBe('42');
    expect(renderPayload('{{ value_json }}', '"text"')).toBe('text');
    expect(renderPayload('{{ value_json is defined }}', 'not json')).toBe('False');
  });

  it('maps states with the inline if', () => {
    const t = "{{ 'on' if value_json.state == 'ON' else 'off' }}";
    expect(renderPayload(t, '{"state": "ON"}')).toBe('on');
    expect(renderPayload(t, '{"state": "OFF"}')).toBe('off');
    expect(renderPayload(t, '{}')).toBe('off');
  });

  it('falls back with default', () => {
    expect(renderPayload('{{ value_json.battery | default(0) }}', '{}')).toBe('0');
    expect(renderPayload('{{ value_json.battery | default(0) }}', '{"battery": 87}')).toBe('87');
    expect(renderPayload("{{ value_json.battery | d('unknown') }}", '{"battery": null}')).toBe('None');
    expect(renderPayload("{{ value_json.battery | default('unknown', true) }}", '{"battery": null}')).toBe('unknown');
  });

  it('renders the Zigbee2MQTT door sensor template', () => {
    const t = '{% if value_json.contact %}OFF{% else %}ON{% endif %}';
    expect(renderPayload(t, '{"contact": true, "battery": 100}')).toBe('OFF');
    expect(renderPayload(t, '{"contact": false, "battery": 100}')).toBe('ON');
  });

  it('reads nested objects and scales brightness', () => {
    const payload = '{"color": {"r": 255, "g": 128, "b": 0}, "brightness": 128}';
    expect(renderPayload('{{ value_json.color.r }},{{ value_json.color.g }},{{ value_json.color.b }}', payload)).toBe(
      '255,128,0',
    );
    expect(renderPayload('{{ (value_json.brightness / 2.55) | round(0) | int }}', payload)).toBe('50');
    expect(renderPayload('{{ value_json.brightness / 255 * 100 }}', payload)).toBe('50.19607843137255');
  });

  it('renders Tasmota style nested keys and list indexes', () => {
    const payload = '{"StatusSNS": {"DS18B20-1": {"Temperature": 22.9}, "Readings": [1.5, 2, 3]}}';
    expect(renderPayload("{{ value_json.StatusSNS['DS18B20-1'].Temperature }}", payload)).toBe('22.9');
    expect(renderPayload('{{ value_json.StatusSNS.Readings[1] }}', payload)).toBe('2');
    expect(renderPayload('{{ value_json.StatusSNS.Readings.0 }}', payload)).toBe('1.5');
    expect(renderPayload('{{ value_json.StatusSNS.Readings[-1] }}', payload)).toBe('3');
    expect(renderPayload('{{ value_json.StatusSNS.Readings | max }}', payload)).toBe('3');
  });

  it('splits delimited payloads', () => {
    expect(renderPayload("{{ value.split(',')[1] | float }}", '12,23.5,40')).toBe('23.5');
    expect(renderPayload("{{ value.split(';') | length }}", 'a;b;c')).toBe('3');
    expect(renderPayload('{{ value[0:3] }}', 'ON:123')).toBe('ON:');
  });

  it('uses iif as filter and function', () => {
    expect(renderPayload("{{ value | iif('ON', 'OFF') }}", 'x')).toBe('ON');
    expect(renderPayload("{{ value | iif('ON', 'OFF') }}", '')).toBe('OFF');
    expect(renderPayload("{{ iif(value_json.on, 'ON', 'OFF') }}", '{"on": false}')).toBe('OFF');
    expect(renderPayload("{{ value_json.v | iif('yes', 'no', 'none') }}", '{"v": null}')).toBe('none');
    expect(render('{{ iif(1 == 1) }}')).toBe('True');
  });

  it('reports definedness', () => {
    expect(renderPayload('{{ value_json.x is defined }}', '{"y": 1}')).toBe('False');
    expect(renderPayload('{{ value_json.y is defined }}', '{"y": 1}')).toBe('True');
    expect(renderPayload('{{ value_json.x is not defined }}', '{"y": 1}')).toBe('True');
    expect(renderPayload('{{ value_json.y | is_defined }}', '{"y": 1}')).toBe('1');
  });

  it('raises for is_defined on a missing key, as HA does', () => {
    const compiled = compileTemplate('{{ value_json.x | is_defined }}');
    expect(() => compiled.render(payloadVariables('{"y": 1}'))).toThrow(TemplateError);
    expect(() => compiled.render(payloadVariables('{"y": 1}'))).toThrow("'dict object' has no attribute 'x'");
  });

  it('renders undefined values as empty strings, and fails on a lookup in one, as Jinja does', () => {
    expect(renderPayload('[{{ value_json.missing }}]', '{}')).toBe('[]');
    expect(render('[{{ nothing }}]')).toBe('[]');
    expect(() => renderPayload('[{{ value_json.missing.deeper[0] }}]', '{}')).toThrow(
      "'dict object' has no attribute 'missing' at column 23",
    );
  });
});

describe('json_attributes_template', () => {
  it('builds a JSON object', () => {
    expect(renderPayload("{{ {'state': value} | tojson }}", 'ON')).toBe('{"state": "ON"}');
    expect(renderPayload('{{ value_json.attrs | tojson }}', '{"attrs": {"b": 1.0, "a": [true, null]}}')).toBe(
      '{"a": [true, null], "b": 1.0}',
    );
    expect(renderPayload('{{ value_json.attrs | to_json }}', '{"attrs": {"b": 1.0, "a": "é"}}')).toBe(
      '{"b":1.0,"a":"é"}',
    );
  });

  it('round-trips through from_json', () => {
    expect(renderPayload('{{ value | from_json }}', '{"a": [1, 2.5, "x"], "b": null}')).toBe(
      "{'a': [1, 2.5, 'x'], 'b': None}",
    );
    expect(renderPayload('{{ (value | from_json).a[1] }}', '{"a": [1, 2.5]}')).toBe('2.5');
  });
});

describe('command_template', () => {
  it('fills JSON command payloads', () => {
    expect(render('{"brightness": {{ brightness | int }}}', { brightness: 128 })).toBe('{"brightness": 128}');
    expect(render('{"state": "{{ value }}"}', { value: 'ON' })).toBe('{"state": "ON"}');
    expect(render('{"temp": {{ value }}}', { value: 21.5 })).toBe('{"temp": 21.5}');
  });

  it('formats hex colours and percentages', () => {
    expect(render("{{ '%02x%02x%02x' | format(red, green, blue) }}", { red: 255, green: 0, blue: 10 })).toBe('ff000a');
    expect(render('{{ (brightness / 255 * 100) | round(0) }}', { brightness: 128 })).toBe('50');
    expect(render("{{ '%.1f' | format(value) }}", { value: 21.25 })).toBe('21.2');
  });

  it('builds a multi-line payload with whitespace control', () => {
    const t = `{
  "state": "{{ value }}"
  {%- if brightness is defined -%}
  , "brightness": {{ brightness }}
  {%- endif %}
}`;
    expect(render(t, { value: 'ON', brightness: 100 })).toBe('{\n  "state": "ON", "brightness": 100\n}');
    expect(render(t, { value: 'OFF' })).toBe('{\n  "state": "OFF"\n}');
  });
});

describe('availability_template and this', () => {
  it('maps availability', () => {
    const t = "{{ 'online' if value_json.availability == 'online' else 'offline' }}";
    expect(renderPayload(t, '{"availability": "online"}')).toBe('online');
    expect(renderPayload(t, '{"availability": "lost"}')).toBe('offline');
  });

  it('reads the entity through this', () => {
    const self = { state: '21.5', attributes: { unit: '°C' } };
    expect(render('{{ this.state | float + 1 }} {{ this.attributes.unit }}', { this: self })).toBe('22.5 °C');
    expect(render("{{ this.state if value == '' else value }}", { this: self, value: '' })).toBe('21.5');
  });
});

describe('HA output handling', () => {
  it('strips surrounding whitespace from the result', () => {
    expect(render('\n  {{ value }}  \n', { value: 'x' })).toBe('x');
    expect(render('{{ "  padded  " }}')).toBe('padded');
  });

  it('returns static text as is', () => {
    expect(render('ON')).toBe('ON');
    expect(render('a { b } c')).toBe('a { b } c');
  });

  it('can be rendered many times with different variables', () => {
    const compiled = compileTemplate('{{ value_json.t | float(0) }}');
    expect(compiled.source).toBe('{{ value_json.t | float(0) }}');
    expect(compiled.render(payloadVariables('{"t": "1.5"}'))).toBe('1.5');
    expect(compiled.render(payloadVariables('{"t": "bad"}'))).toBe('0');
  });
});

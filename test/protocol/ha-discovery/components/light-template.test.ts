// MQTT light, schema template: the configurations of Home Assistant's documentation (simple string payload,
// JSON payload, Shelly CCT bulb) and the facts of tests/components/mqtt/test_light_template.py.
import { describe, expect, it } from 'vitest';
import { lightPlatform as L, type LightConfig } from '../../../../src/protocol/ha-discovery/components/light.js';
import { parseEntityConfig } from '../../../../src/protocol/ha-discovery/components/index.js';
import { applyUpdate } from '../../../../src/protocol/ha-discovery/components/shared.js';
import type { EntityState } from '../../../../src/protocol/ha-discovery/components/platform.js';
import { parse, state, UNKNOWN } from './helpers.js';

const split = (i: number, j?: number): string =>
  j === undefined ? `{{ value.split(",")[${i}] }}` : `{{ value.split(",")[${i}].split("-")[${j}] }}`;
/** The smallest template light, plus `extra`. */
const light = (extra: Record<string, unknown> = {}): LightConfig =>
  parse(L, {
    schema: 'template',
    command_topic: 'l',
    command_on_template: 'on',
    command_off_template: 'off',
    ...extra,
  });
const ALL = {
  schema: 'template',
  effect_list: ['rainbow', 'colorloop'],
  state_topic: 'rgb',
  command_topic: 'rgb/set',
  command_on_template: 'on,{{ brightness|d }},{{ color_temp|d }},{{ red|d }}-{{ green|d }}-{{ blue|d }},{{ effect|d }}',
  command_off_template: 'off',
  state_template: split(0),
  brightness_template: split(1),
  color_temp_template: split(2),
  red_template: split(3, 0),
  green_template: split(3, 1),
  blue_template: split(3, 2),
  effect_template: split(4),
};
const attrs = (extra: Record<string, unknown>): Record<string, unknown> => L.initialState(light(extra)).attributes;
/** The payloads one action publishes. */
const sent = (c: LightConfig, action: string, data: Record<string, unknown> = {}, s = UNKNOWN): string[] =>
  L.command(c, action, data, s).publish.map((p) => p.payload);

describe('light, schema template: configuration', () => {
  it('needs command_topic, command_on_template and command_off_template', () => {
    const reason = (config: Record<string, unknown>): string | false => {
      const r = parseEntityConfig('light', { schema: 'template', ...config });
      return r.ok === false && r.reason;
    };
    expect(reason({ name: 'test' })).toContain("required key 'command_topic' not provided");
    expect(reason({ command_topic: 't', command_on_template: 'on' })).toContain("'command_off_template' not provided");
    expect(reason({ command_topic: 't', command_off_template: 'off' })).toContain("'command_on_template' not provided");
    expect(reason({ command_topic: 't', command_on_template: 'on', command_off_template: 'off' })).toBe(false);
    // vol.Lower: the schema name is not case-sensitive
    expect(light({ schema: 'Template' }).schema).toBe('template');
    expect(
      reason({ command_topic: 't', command_on_template: 'on', command_off_template: 'off', schema: 'tmpl' }),
    ).toContain("expected 'basic', 'json' or 'template'");
  });

  it('derives the colour modes from the templates, as filter_supported_color_modes reduces them', () => {
    expect(attrs({})).toMatchObject({ supported_color_modes: ['onoff'], color_mode: 'onoff' });
    expect(attrs({ brightness_template: '{{ value }}' })).toMatchObject({ supported_color_modes: ['brightness'] });
    // test_rgb_light: red, green and blue templates give hs; test_single_color_mode: brightness + colour temperature
    const rgb = { red_template: 'r', green_template: 'g', blue_template: 'b' };
    expect(attrs(rgb)).toMatchObject({ supported_color_modes: ['hs'], color_mode: 'hs' });
    expect(attrs({ red_template: 'r', green_template: 'g' })).toMatchObject({ supported_color_modes: ['onoff'] });
    expect(attrs({ brightness_template: 'b', color_temp_template: 'c' })).toEqual({
      supported_color_modes: ['color_temp'],
      color_mode: 'color_temp',
      min_color_temp_kelvin: 2000,
      max_color_temp_kelvin: 6535,
    });
    const all = L.initialState(parse(L, ALL)).attributes;
    expect([all.supported_color_modes, all.color_mode]).toEqual([['color_temp', 'hs'], undefined]);
    // test_max_mireds: max_mireds 370 → 2702 K at the warm end; kelvin limits otherwise
    expect(attrs({ color_temp_template: '{{ value }}', max_mireds: 370 })).toMatchObject({
      min_color_temp_kelvin: 2702,
      max_color_temp_kelvin: 6535,
    });
    expect(attrs({ color_temp_template: '{{ value }}', min_kelvin: 2500, max_kelvin: 5000 })).toMatchObject({
      min_color_temp_kelvin: 2500,
      max_color_temp_kelvin: 5000,
    });
  });

  it('always offers flash and transition, effects only with effect_list', () => {
    expect(Object.keys(L.actions(light()).turn_on?.params ?? {})).toEqual(['flash', 'transition']);
    expect(Object.keys(L.actions(light()).turn_off?.params ?? {})).toEqual(['flash', 'transition']);
    expect(L.actions(parse(L, ALL)).turn_on?.params.effect).toEqual({
      type: 'string',
      options: ['rainbow', 'colorloop'],
    });
  });

  it('is optimistic without state topic, without state template, or when asked', () => {
    const { state_template: _s, ...noStateTemplate } = ALL;
    const { state_topic: _t, ...noStateTopic } = ALL;
    expect(L.optimistic(parse(L, ALL))).toBe(false);
    expect(L.optimistic(parse(L, noStateTemplate))).toBe(true);
    expect(L.optimistic(parse(L, noStateTopic))).toBe(true);
    expect(L.optimistic(parse(L, { ...ALL, optimistic: true }))).toBe(true);
    expect(L.stateTopics(parse(L, ALL))).toEqual(['rgb']);
  });
});

describe('light, schema template: state messages', () => {
  const c = parse(L, ALL);
  const feed = (messages: string[], start: EntityState = L.initialState(c)): EntityState =>
    messages.reduce((s, m) => applyUpdate(s, L.onMessage(c, 'rgb', m, s)), start);
  const receive = (payload: string, s = UNKNOWN, config = c) => L.onMessage(config, 'rgb', payload, s);

  it('reads state, brightness, colour temperature (mired), colour and effect from one payload', () => {
    const on = feed(['on,255,145,255-128-64,']);
    expect(on.state).toBe('on');
    // 145 mired = 6896 K; the colour is kept as hs and, with both modes, wins the colour mode
    expect(on.attributes).toMatchObject({
      brightness: 255,
      color_temp_kelvin: 6896,
      hs_color: [20.105, 74.902],
      color_mode: 'hs',
    });
    const temp = feed(['on,255,145,None-None-None,'], on);
    expect(temp.attributes).toMatchObject({ hs_color: null, color_mode: 'color_temp', color_temp_kelvin: 6896 });
    expect(feed(['None'], on).state).toBe('unknown');
    expect(feed(['off'], on).state).toBe('off');
    expect(feed(['on,100'], on).attributes.brightness).toBe(100);
    expect(feed(['on,0'], on).attributes.brightness).toBe(255); // a zero brightness is ignored
    expect(feed(['on,,195'], on).attributes.color_temp_kelvin).toBe(5128);
    expect(feed(['on,,,41-42-43'], on).attributes.hs_color).toEqual([210, 4.651]);
    expect(feed(['on,,,41-42-43,rainbow'], on).attributes.effect).toBe('rainbow');
  });

  it('ignores invalid values and keeps the rest of the message (test_invalid_values)', () => {
    const on = feed(['on,255,215,255-255-255,rainbow']);
    expect(on.attributes).toMatchObject({
      brightness: 255,
      hs_color: [0, 0],
      effect: 'rainbow',
      color_temp_kelvin: 4651,
    });
    expect(receive('offf', on)).toBeNull();
    expect(receive('on,off,255-255-255', on)).toEqual({ state: 'on' });
    expect(receive('on,255,a-b-c', on)).toEqual({ state: 'on', attributes: { brightness: 255 } });
    expect(feed(['on,,215,None-None-None'], on).attributes).toMatchObject({
      color_mode: 'color_temp',
      color_temp_kelvin: 4651,
    });
    expect(receive('on,,off,', on)).toEqual({ state: 'on' });
    expect(feed(['on,255,a-b-c,white'], on).attributes.effect).toBe('rainbow'); // not in effect_list
  });

  it('reads the documented JSON payload, and takes colour temperatures in kelvin with color_temp_kelvin', () => {
    const json = parse(L, {
      schema: 'template',
      effect_list: ['rainbow', 'colorloop'],
      command_topic: 'home/rgb1/set',
      state_topic: 'home/rgb1/status',
      command_on_template: '{"state": "on"}',
      command_off_template: '{"state": "off"}',
      state_template: '{{ value_json.state }}',
      brightness_template: '{{ value_json.brightness }}',
      red_template: '{{ value_json.color[0] }}',
      green_template: '{{ value_json.color[1] }}',
      blue_template: '{{ value_json.color[2] }}',
      effect_template: '{{ value_json.effect }}',
    });
    const payload = '{"state": "on", "brightness": 255, "color": [255, 255, 255], "effect": "rainbow"}';
    expect(L.onMessage(json, 'home/rgb1/status', payload, UNKNOWN)).toEqual({
      state: 'on',
      attributes: { brightness: 255, hs_color: [0, 0], effect: 'rainbow' },
    });
    const kelvin = parse(L, { ...ALL, color_temp_kelvin: true });
    expect(receive('on,,2700', UNKNOWN, kelvin)?.attributes).toEqual({ color_temp_kelvin: 2700 });
    expect(receive('on,,None', UNKNOWN, kelvin)).toEqual({ state: 'on' });
  });

  it('drops the whole message where Home Assistant raises', () => {
    // a Python error in a template (TypeError: None * 1)
    const typed = parse(L, { ...ALL, brightness_template: '{{ value_json.b * 1 }}' });
    expect(receive('{"b": null}', UNKNOWN, typed)).toBeNull();
    // an effect without effect_list (KeyError), and colour temperature 0 mired (ZeroDivisionError)
    const { effect_list: _e, ...noList } = ALL;
    expect(receive('on,,,,rainbow', UNKNOWN, parse(L, noList))).toBeNull();
    expect(receive('on,,0')).toBeNull();
  });
});

describe('light, schema template: actions', () => {
  const HS = {
    schema: 'template',
    command_topic: 'rgb/set',
    qos: 2,
    optimistic: true,
    effect_list: ['colorloop', 'random'],
    command_on_template:
      'on,{{ brightness|d }},{{ color_temp|d }},{{ red|d }}-{{ green|d }}-{{ blue|d }},' + '{{ hue|d }}-{{ sat|d }}',
    command_off_template: 'off',
    state_template: split(0),
    color_temp_template: split(2),
    red_template: split(3, 0),
    green_template: split(3, 1),
    blue_template: split(3, 2),
    effect_template: split(4),
  };

  it('renders the templates as HA does and updates optimistically (test_sending_mqtt_commands_and_optimistic)', () => {
    const c = parse(L, HS);
    let s = state('on', { brightness: 95, hs_color: [100, 100], effect: 'random' });
    const run = (action: string, data: Record<string, unknown> = {}): string => {
      const r = L.command(c, action, data, s);
      expect(r.publish.map((p) => [p.topic, p.qos, p.retain])).toEqual([['rgb/set', 2, false]]);
      s = applyUpdate(s, r.optimistic);
      return r.publish[0]?.payload ?? '';
    };
    expect(run('turn_off')).toBe('off');
    expect(s.state).toBe('off');
    expect(run('turn_on')).toBe('on,,,--,-');
    expect(s.state).toBe('on');
    expect(run('turn_on', { color_temp_kelvin: 4000 })).toBe('on,,250,--,-');
    expect(s.attributes).toMatchObject({ color_temp_kelvin: 4000, hs_color: null, color_mode: 'color_temp' });
    expect(run('turn_on', { brightness: 255 })).toBe('on,255,,--,-');
    expect(run('turn_on', { rgb_color: [255, 128, 0] })).toBe('on,,,255-128-0,30.118-100.0');
    expect(s.attributes).toMatchObject({ hs_color: [30.118, 100], color_temp_kelvin: null, color_mode: 'hs' });
    expect(run('turn_on', { rgb_color: [128, 64, 0] })).toBe('on,,,255-127-0,30.0-100.0');
    expect(run('turn_on', { brightness: 128 })).toBe('on,128,,--,-');
    // without a brightness template the colour is sent at the light's brightness
    expect(run('turn_on', { rgb_color: [0, 255, 128] })).toBe('on,,,0-128-64,150.118-100.0');
    expect(run('turn_on', { rgb_color: [0, 32, 16] })).toBe('on,,,0-128-64,150.0-100.0');
    expect(run('turn_on', { hs_color: [300, 50], brightness: 255 })).toBe('on,255,,255-127-255,300.0-50.0');
  });

  it('sends the colour unscaled with a brightness template, and does not update a non-optimistic light', () => {
    const c = parse(L, { ...HS, optimistic: false, state_topic: 'rgb', brightness_template: split(1) });
    const on = state('on', { brightness: 128 });
    const r = L.command(c, 'turn_on', { rgb_color: [0, 255, 128] }, on);
    expect([r.publish[0]?.payload, r.optimistic]).toEqual(['on,,,0-255-128,150.118-100.0', null]);
    expect(sent(c, 'turn_on', { rgb_color: [0, 32, 16] }, on)).toEqual(['on,,,0-255-127,150.0-100.0']);
    expect(L.command(c, 'turn_off', {}, on).optimistic).toBeNull();
  });

  it('passes effect, flash and transition (transition as a float)', () => {
    const fx = light({ effect_list: ['rainbow', 'colorloop'], command_on_template: 'on,{{ effect }}' });
    expect(sent(fx, 'turn_on')).toEqual(['on,']);
    const r = L.command(fx, 'turn_on', { effect: 'rainbow' }, UNKNOWN);
    expect([r.publish[0]?.payload, r.optimistic]).toEqual([
      'on,rainbow',
      { state: 'on', attributes: { effect: 'rainbow' } },
    ]);
    expect(() => sent(fx, 'turn_on', { effect: 'strobe' })).toThrow(/one of 'rainbow', 'colorloop'/);
    expect(sent(light({ command_on_template: 'on,{{ flash }}' }), 'turn_on', { flash: 'long' })).toEqual(['on,long']);
    const tr = light({
      qos: 1,
      command_on_template: 'on,{{ transition }}',
      command_off_template: 'off,{{ transition|int|d }}',
    });
    expect(sent(tr, 'turn_on', { transition: 10 })).toEqual(['on,10.0']);
    expect(sent(tr, 'turn_off', { transition: 20 })).toEqual(['off,20']);
    // `int` of an undefined value is an UndefinedError in Jinja: HA's action fails as well
    expect(() => sent(tr, 'turn_off')).toThrow(/'transition' is undefined/);
  });

  it('turns off on brightness 0 and on toggle of a lit light; sends kelvin with color_temp_kelvin', () => {
    const c = parse(L, {
      ...ALL,
      color_temp_kelvin: true,
      command_off_template: 'off,{{ state }},{{ transition|d }}',
      command_on_template: 'on,{{ state }},{{ color_temp }}',
    });
    expect(sent(c, 'turn_on', { brightness_pct: 0, transition: 1.5 })).toEqual(['off,False,1.5']);
    expect(sent(c, 'toggle', {}, state('on'))).toEqual(['off,False,']);
    expect(sent(c, 'toggle', { color_temp_kelvin: 2700 }, state('off'))).toEqual(['on,True,2700']);
  });

  it('renders the documented JSON command template', () => {
    const json = light({
      effect_list: ['rainbow', 'colorloop'],
      command_topic: 'home/rgb1/set',
      command_off_template: '{"state": "off"}',
      red_template: 'r',
      green_template: 'g',
      blue_template: 'b',
      brightness_template: 'x',
      command_on_template: [
        '{"state": "on"',
        '{%- if brightness is defined -%}',
        ', "brightness": {{ brightness }}',
        '{%- endif -%}',
        '{%- if red is defined and green is defined and blue is defined -%}',
        ', "color": [{{ red }}, {{ green }}, {{ blue }}]',
        '{%- endif -%}',
        '{%- if hue is defined and sat is defined -%}',
        ', "huesat": [{{ hue }}, {{ sat }}]',
        '{%- endif -%}',
        '{%- if effect is defined -%}',
        ', "effect": "{{ effect }}"',
        '{%- endif -%}',
        '}',
        '',
      ].join('\n'),
    });
    expect(sent(json, 'turn_on')).toEqual(['{"state": "on"}']);
    expect(sent(json, 'turn_on', { brightness: 128, hs_color: [30, 50] })).toEqual([
      '{"state": "on", "brightness": 128, "color": [255, 191, 127], "huesat": [30.0, 50.0]}',
    ]);
  });

  it('works with the documented Shelly CCT bulb (brightness 0–100, temperature in kelvin)', () => {
    const shelly = parse(L, {
      schema: 'template',
      name: 'Bulb-white',
      command_topic: 'shellies/bulb/color/0/set',
      state_topic: 'shellies/bulb/color/0/status',
      max_mireds: 334,
      min_mireds: 153,
      qos: 1,
      command_on_template: [
        '{"turn": "on", "mode": "white"',
        '{%- if brightness is defined -%}',
        ', "brightness": {{brightness | float | multiply(0.39215686) | round(0)}}',
        '{%- endif -%}',
        '{%- if color_temp is defined -%}',
        ', "temp": {{ [[(1000000 / color_temp | float) | round(0), 3000] | max, 6500] | min }}',
        '{%- endif -%}',
        '}',
        '',
      ].join('\n'),
      command_off_template: '{"turn":"off", "mode": "white"}',
      state_template: "{% if value_json.ison and value_json.mode == 'white' %}on{% else %}off{% endif %}",
      brightness_template: '{{ value_json.brightness | float | multiply(2.55) | round(0) }}',
      color_temp_template: '{{ (1000000 / value_json.temp | float) | round(0) }}',
    });
    expect(L.actions(shelly).turn_on?.params.color_temp_kelvin).toMatchObject({ min: 2994, max: 6535 });
    expect(L.command(shelly, 'turn_on', { brightness: 128, color_temp_kelvin: 4000 }, UNKNOWN).publish).toEqual([
      {
        topic: 'shellies/bulb/color/0/set',
        qos: 1,
        retain: false,
        payload: '{"turn": "on", "mode": "white", "brightness": 50, "temp": 4000}',
      },
    ]);
    const status = '{"ison": true, "mode": "white", "brightness": 40, "temp": 4000}';
    expect(L.onMessage(shelly, 'shellies/bulb/color/0/status', status, UNKNOWN)).toEqual({
      state: 'on',
      attributes: { brightness: 102, color_temp_kelvin: 4000 },
    });
  });

  it('refuses what the light does not support', () => {
    expect(() => sent(light(), 'turn_on', { brightness: 10 })).toThrow(/unknown parameter 'brightness'/);
    expect(() => sent(light(), 'turn_on', { effect: 'rainbow' })).toThrow(/unknown parameter 'effect'/);
    expect(() => sent(parse(L, ALL), 'turn_on', { color_temp_kelvin: 1500 })).toThrow(/from 2000 to 6535 K/);
  });
});

import { describe, expect, it } from 'vitest';
import { lightPlatform, type LightConfig } from '../../../../src/protocol/ha-discovery/components/light.js';
import { parseEntityConfig } from '../../../../src/protocol/ha-discovery/components/index.js';
import { parse, state, UNKNOWN } from './helpers.js';

const payloads = (r: { publish: readonly { topic: string; payload: string }[] }): [string, string][] =>
  r.publish.map((p) => [p.topic, p.payload]);

describe('light, schema json', () => {
  const z2m: LightConfig = parse(lightPlatform, {
    schema: 'json',
    command_topic: 'z2m/lamp/set',
    state_topic: 'z2m/lamp',
    brightness_scale: 254,
    supported_color_modes: ['xy', 'color_temp'],
    max_mireds: 454,
    min_mireds: 250,
  });

  it('scales brightness to brightness_scale: 255 → 254', () => {
    const r = lightPlatform.command(z2m, 'turn_on', { brightness: 255 }, UNKNOWN);
    expect(payloads(r)).toEqual([['z2m/lamp/set', '{"state":"ON","brightness":254}']]);
    expect(r.optimistic).toBeNull();
  });

  it('publishes colour temperature in mired and converts rgb to xy for an xy light', () => {
    expect(
      payloads(lightPlatform.command(z2m, 'turn_on', { color_temp_kelvin: 2500, transition: 2 }, UNKNOWN)),
    ).toEqual([['z2m/lamp/set', '{"state":"ON","transition":2.0,"color_temp":400}']]);
    expect(payloads(lightPlatform.command(z2m, 'turn_on', { rgb_color: [255, 0, 0] }, UNKNOWN))).toEqual([
      ['z2m/lamp/set', '{"state":"ON","color":{"x":0.701,"y":0.299}}'],
    ]);
  });

  it('limits colour temperature to the light range (max_mireds 454 → 2202 K, min_mireds 250 → 4000 K)', () => {
    expect(lightPlatform.actions(z2m).turn_on?.params.color_temp_kelvin).toMatchObject({ min: 2202, max: 4000 });
    expect(() => lightPlatform.command(z2m, 'turn_on', { color_temp_kelvin: 6500 }, UNKNOWN)).toThrow(
      /from 2202 to 4000 K/,
    );
  });

  it('turns off with brightness 0 and sends transition on off', () => {
    expect(payloads(lightPlatform.command(z2m, 'turn_on', { brightness_pct: 0 }, UNKNOWN))).toEqual([
      ['z2m/lamp/set', '{"state":"OFF"}'],
    ]);
    expect(payloads(lightPlatform.command(z2m, 'turn_off', { transition: 1.5 }, UNKNOWN))).toEqual([
      ['z2m/lamp/set', '{"state":"OFF","transition":1.5}'],
    ]);
  });

  it('parses JSON state: brightness back to 0–255, colour by color_mode', () => {
    expect(
      lightPlatform.onMessage(
        z2m,
        'z2m/lamp',
        '{"state":"ON","brightness":254,"color_mode":"color_temp","color_temp":370}',
        UNKNOWN,
      ),
    ).toEqual({
      state: 'on',
      attributes: { color_temp_kelvin: 2702, color_mode: 'color_temp', brightness: 255 },
    });
    expect(lightPlatform.onMessage(z2m, 'z2m/lamp', '{"state":"OFF","brightness":0}', UNKNOWN)).toEqual({
      state: 'off',
    });
    expect(lightPlatform.onMessage(z2m, 'z2m/lamp', '{"brightness":10}', UNKNOWN)).toBeNull();
    expect(lightPlatform.onMessage(z2m, 'z2m/lamp', 'ON', UNKNOWN)).toBeNull();
    expect(lightPlatform.onMessage(z2m, 'z2m/lamp', '{"state":null}', UNKNOWN)).toEqual({ state: 'unknown' });
  });

  it('is optimistic without state topic; rgb light folds brightness into the colour', () => {
    const rgb = parse(lightPlatform, { schema: 'json', command_topic: 'l/set', supported_color_modes: ['rgb'] });
    const r = lightPlatform.command(rgb, 'turn_on', { hex_color: '#ff8000', brightness: 128 }, UNKNOWN);
    expect(payloads(r)).toEqual([['l/set', '{"state":"ON","color":{"r":128,"g":64,"b":0}}']]);
    expect(r.optimistic).toMatchObject({ state: 'on', attributes: { color_mode: 'rgb', rgb_color: [128, 64, 0] } });
  });

  it('turns hs into rgb as color_hs_to_RGB does (truncating), and keeps light attributes out of json_attributes', () => {
    const rgb = parse(lightPlatform, {
      schema: 'json',
      command_topic: 'l/set',
      supported_color_modes: ['rgb'],
      json_attributes_topic: 'l/attr',
    });
    // colorsys.hsv_to_rgb(30/360, 1, 1) = (1, 0.5, 0): int(127.5) is 127
    expect(payloads(lightPlatform.command(rgb, 'turn_on', { hs_color: [30, 100] }, UNKNOWN))).toEqual([
      ['l/set', '{"state":"ON","color":{"r":255,"g":127,"b":0}}'],
    ]);
    expect(
      lightPlatform.onMessage(rgb, 'l/attr', '{"brightness": 10, "rgb_color": [1, 2, 3], "room": "hall"}', UNKNOWN),
    ).toEqual({ attributes: { room: 'hall' }, jsonKeys: ['room'] });
  });

  it('uses the legacy brightness flag and rejects invalid colour mode sets', () => {
    const legacy = parse(lightPlatform, { schema: 'json', command_topic: 'l/set', brightness: true });
    expect(lightPlatform.initialState(legacy).attributes.supported_color_modes).toEqual(['brightness']);
    const bad = parseEntityConfig('light', {
      schema: 'json',
      command_topic: 'x',
      supported_color_modes: ['onoff', 'rgb'],
    });
    expect(bad.ok === false && bad.reason).toContain('invalid supported_color_modes');
  });

  it('rejects brightness on an on/off light and data outside the ranges', () => {
    const onoff = parse(lightPlatform, { schema: 'json', command_topic: 'l/set' });
    expect(() => lightPlatform.command(onoff, 'turn_on', { brightness: 10 }, UNKNOWN)).toThrow(
      /unknown parameter 'brightness'/,
    );
    expect(() => lightPlatform.command(z2m, 'turn_on', { brightness: 300 }, UNKNOWN)).toThrow(
      /'brightness' must be from 0 to 255/,
    );
    expect(() => lightPlatform.command(z2m, 'turn_on', { brightness_pct: 101 }, UNKNOWN)).toThrow(/from 0 to 100 %/);
  });
});

describe('light.turn_on brightness steps (light/__init__.py process_turn_on_params)', () => {
  const lamp: LightConfig = parse(lightPlatform, {
    schema: 'json',
    command_topic: 'z/set',
    state_topic: 'z',
    supported_color_modes: ['brightness'],
  });
  const sent = (data: Record<string, unknown>, brightness: number | undefined, on = true): string | undefined =>
    lightPlatform.command(lamp, 'turn_on', data, state(on ? 'on' : 'off', { brightness }))?.publish[0]?.payload;

  it("takes HA's test_light_brightness_step cases: ±brightness_step on 100 and 50, -126 on 100 turns off", () => {
    expect(sent({ brightness_step: -10 }, 100)).toBe('{"state":"ON","brightness":90}');
    expect(sent({ brightness_step: -10 }, 50)).toBe('{"state":"ON","brightness":40}');
    expect(sent({ brightness_step: -126 }, 100)).toBe('{"state":"OFF"}');
  });

  it('steps in whole percent (core#143786): +1 % from off reaches every percentage from 1 to 100', () => {
    let brightness: number | undefined;
    let on = false;
    const reached: number[] = [];
    for (let i = 0; i < 100; i++) {
      const payload = JSON.parse(sent({ brightness_step_pct: 1 }, brightness, on) ?? '{}') as { brightness: number };
      brightness = payload.brightness;
      on = true;
      reached.push(Math.round((brightness / 255) * 100));
    }
    expect(reached).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    // 100 → 39 % + 10 % → round(49 / 100 * 255) = 125; an off light counts as 0
    expect(sent({ brightness_step_pct: 10 }, 100)).toBe('{"state":"ON","brightness":125}');
    expect(sent({ brightness_step_pct: 20 }, 200, false)).toBe('{"state":"ON","brightness":51}');
    expect(sent({ brightness_step_pct: -20 }, 30)).toBe('{"state":"OFF"}');
    expect(sent({ brightness_step_pct: 50 }, 250)).toBe('{"state":"ON","brightness":255}');
  });

  it('refuses a step with another brightness, out of range, or on an on/off light', () => {
    expect(() => sent({ brightness_step_pct: 10, brightness: 3 }, 100)).toThrow(/use only one of brightness/);
    expect(() => lightPlatform.command(lamp, 'turn_on', { brightness_step_pct: 101 }, UNKNOWN)).toThrow(/-100 to 100/);
    const onoff = parse(lightPlatform, { schema: 'json', command_topic: 'o/set', supported_color_modes: ['onoff'] });
    expect(lightPlatform.actions(onoff).turn_on?.params.brightness_step_pct).toBeUndefined();
    expect(lightPlatform.actions(lamp).turn_on?.params.brightness_step_pct).toMatchObject({ min: -100, max: 100 });
  });
});

describe('light, schema basic', () => {
  const basic = parse(lightPlatform, {
    command_topic: 'l/set',
    state_topic: 'l/state',
    brightness_command_topic: 'l/bri/set',
    brightness_state_topic: 'l/bri',
    brightness_scale: 100,
    rgb_command_topic: 'l/rgb/set',
    color_temp_command_topic: 'l/ct/set',
  });

  it('defaults to schema basic and derives colour modes from the command topics', () => {
    expect(basic.schema).toBe('basic');
    expect(lightPlatform.initialState(basic).attributes.supported_color_modes).toEqual(['color_temp', 'rgb']);
  });

  it('publishes brightness scaled, then payload_on last (on_command_type last)', () => {
    expect(payloads(lightPlatform.command(basic, 'turn_on', { brightness: 128 }, UNKNOWN))).toEqual([
      ['l/bri/set', '50'],
      ['l/set', 'ON'],
    ]);
  });

  it('publishes rgb as r,g,b and colour temperature in mired', () => {
    expect(payloads(lightPlatform.command(basic, 'turn_on', { rgb_color: [255, 128, 0] }, UNKNOWN))).toEqual([
      ['l/rgb/set', '255,128,0'],
      ['l/set', 'ON'],
    ]);
    expect(payloads(lightPlatform.command(basic, 'turn_on', { color_temp_kelvin: 4000 }, UNKNOWN))[0]).toEqual([
      'l/ct/set',
      '250',
    ]);
  });

  it('honours on_command_type first and brightness', () => {
    const first = parse(lightPlatform, {
      command_topic: 'l/set',
      brightness_command_topic: 'l/b',
      on_command_type: 'first',
    });
    expect(payloads(lightPlatform.command(first, 'turn_on', { brightness: 255 }, UNKNOWN))).toEqual([
      ['l/set', 'ON'],
      ['l/b', '255'],
    ]);
    const bri = parse(lightPlatform, {
      command_topic: 'l/set',
      brightness_command_topic: 'l/b',
      on_command_type: 'brightness',
    });
    expect(payloads(lightPlatform.command(bri, 'turn_on', {}, state('off', { brightness: 100 })))).toEqual([
      ['l/b', '100'],
    ]);
  });

  it('without a brightness topic scales the rgb colour by the brightness', () => {
    const rgbOnly = parse(lightPlatform, {
      command_topic: 'l/set',
      rgb_command_topic: 'l/rgb',
      rgb_command_template: '{{ red }}-{{ green }}-{{ blue }}',
    });
    expect(
      payloads(
        lightPlatform.command(rgbOnly, 'turn_on', { brightness: 128 }, state('on', { rgb_color: [255, 255, 255] })),
      ),
    ).toEqual([
      ['l/rgb', '128-128-128'],
      ['l/set', 'ON'],
    ]);
  });

  it('parses state, brightness (scaled back) and rgb topics', () => {
    expect(lightPlatform.stateTopics(basic)).toEqual(['l/state', 'l/bri']);
    expect(lightPlatform.onMessage(basic, 'l/state', 'ON', UNKNOWN)).toEqual({ state: 'on' });
    expect(lightPlatform.onMessage(basic, 'l/bri', '50', UNKNOWN)).toEqual({ attributes: { brightness: 128 } });
    expect(lightPlatform.onMessage(basic, 'l/bri', '0', UNKNOWN)).toBeNull();
    const rgb = parse(lightPlatform, {
      command_topic: 'l/set',
      rgb_state_topic: 'l/rgb',
      rgb_command_topic: 'l/rgb/set',
    });
    expect(lightPlatform.onMessage(rgb, 'l/rgb', '128,64,0', UNKNOWN)).toEqual({
      attributes: { color_mode: 'rgb', brightness: 128, rgb_color: [255, 128, 0] },
    });
  });

  it('accepts the template schema and names a missing required key', () => {
    const r = parseEntityConfig('light', {
      schema: 'template',
      command_on_template: 'on',
      command_off_template: 'off',
      command_topic: 'x',
    });
    expect(r.ok).toBe(true);
    const missing = parseEntityConfig('light', { schema: 'json' });
    expect(missing.ok === false && missing.reason).toContain("required key 'command_topic' not provided");
  });
});

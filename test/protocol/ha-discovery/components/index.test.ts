import { describe, expect, it } from 'vitest';
import { parseEntityConfig, platforms } from '../../../../src/protocol/ha-discovery/components/index.js';

describe('platform registry', () => {
  it('registers every entity platform', () => {
    expect([...platforms.keys()].sort()).toEqual([
      'alarm_control_panel',
      'binary_sensor',
      'button',
      'camera',
      'climate',
      'cover',
      'date',
      'datetime',
      'device_tracker',
      'event',
      'fan',
      'humidifier',
      'image',
      'infrared',
      'lawn_mower',
      'light',
      'lock',
      'notify',
      'number',
      'scene',
      'select',
      'sensor',
      'siren',
      'switch',
      'text',
      'time',
      'update',
      'vacuum',
      'valve',
      'water_heater',
    ]);
  });

  it('reports problems naming the key', () => {
    const missing = parseEntityConfig('switch', { state_topic: 's' });
    expect(missing).toEqual({
      ok: false,
      code: 'config',
      reason: "switch config is invalid: required key 'command_topic' not provided",
    });
    const both = parseEntityConfig('sensor', {
      state_topic: 's',
      availability_topic: 'a',
      availability: [{ topic: 'b' }],
    });
    expect(both.ok === false && both.reason).toContain(
      "'availability_topic' and 'availability' cannot be used together",
    );
    const device = parseEntityConfig('sensor', { state_topic: 's', device: { identifiers: ['x'], foo: 1 } });
    expect(device.ok === false && device.reason).toContain("extra keys not allowed in 'device': 'foo'");
    const qos = parseEntityConfig('sensor', { state_topic: 's', qos: 7 });
    expect(qos.ok === false && qos.reason).toContain("invalid value for 'qos': expected QoS 0, 1 or 2, got 7");
    expect(parseEntityConfig('no_such_platform', {})).toEqual({
      ok: false,
      code: 'unsupported_platform',
      reason: expect.stringContaining("The MQTT platform 'no_such_platform' is not supported here"),
    });
  });

  it('rejects templates with a syntax error, naming the key', () => {
    const r = parseEntityConfig('sensor', { state_topic: 's', value_template: '{{ value_json.x ' });
    expect(r.ok === false && r.reason).toContain("'value_template'");
  });

  it('accepts templates using a construct this engine lacks, listing them as problems that fail when rendered', () => {
    const r = parseEntityConfig('sensor', { state_topic: 's', value_template: '{{ value_json.x | no_such_filter }}' });
    if (!r.ok) throw new Error(r.reason);
    const config = r.config as {
      templateProblems: { key: string; message: string }[];
      templates: Record<string, { render(v: object): string }>;
    };
    expect(config.templateProblems).toEqual([
      { key: 'value_template', message: expect.stringContaining("unsupported filter 'no_such_filter'") },
    ]);
    expect(() => config.templates.value_template?.render({ value: '1' })).toThrow(/no_such_filter/);
  });
});

describe('availabilitySources', () => {
  it('lists the single topic or the availability list with compiled templates', async () => {
    const { availabilitySources } = await import('../../../../src/protocol/ha-discovery/components/index.js');
    const single = parseEntityConfig('sensor', {
      state_topic: 's',
      availability_topic: 'dev/status',
      availability_template: '{{ value_json.state }}',
    });
    if (!single.ok) throw new Error(single.reason);
    const [src] = availabilitySources(single.config as never);
    expect(src).toMatchObject({ topic: 'dev/status', payloadAvailable: 'online', payloadNotAvailable: 'offline' });
    expect(src?.template?.render({ value: '{"state":"online"}', value_json: { state: 'online' } })).toBe('online');
    const list = parseEntityConfig('sensor', {
      state_topic: 's',
      availability: [{ topic: 'a', payload_available: 'Online' }, { topic: 'b' }],
      availability_mode: 'all',
    });
    if (!list.ok) throw new Error(list.reason);
    expect(availabilitySources(list.config as never).map((x) => [x.topic, x.payloadAvailable])).toEqual([
      ['a', 'Online'],
      ['b', 'online'],
    ]);
  });
});

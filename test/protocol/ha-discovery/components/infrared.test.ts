import { describe, expect, it } from 'vitest';
import { infraredPlatform as p } from '../../../../src/protocol/ha-discovery/components/infrared.js';
import { CommandError } from '../../../../src/protocol/ha-discovery/components/platform.js';
import { parse, UNKNOWN } from './helpers.js';

const EMITTER = {
  name: 'My Infrared emitter',
  schema: 'emitter',
  icon: 'mdi:ab-testing',
  command_topic: 'ir/send-signal',
};
const RECEIVER = {
  name: 'My Infrared receiver',
  schema: 'receiver',
  icon: 'mdi:ab-testing',
  state_topic: 'ir/receive-signal',
};
const NEC = [9000, -4500, 562, -1687, 562, -562, 562];
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/;
const problems = (config: Record<string, unknown>): string => {
  const r = p.schema.safeParse(config);
  return r.success ? 'valid' : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
};

describe('infrared config', () => {
  it('needs a schema, emitter or receiver in any case, with the keys of that schema', () => {
    expect(problems({ command_topic: 'c' })).toBe('schema: required key not provided');
    expect(problems({ schema: 'blaster', command_topic: 'c' })).toBe("schema: expected 'emitter' or 'receiver'");
    expect(problems({ schema: 'emitter', state_topic: 's' })).toBe('command_topic: required key not provided');
    expect(problems({ schema: 'receiver', command_topic: 'c' })).toBe('state_topic: required key not provided');
    expect(parse(p, { ...EMITTER, schema: 'Emitter' })).toMatchObject({ schema: 'emitter', retain: false, qos: 0 });
    const receiver = parse(p, { ...RECEIVER, command_topic: 'dropped', retain: true });
    expect(receiver).toMatchObject({ schema: 'receiver', state_topic: 'ir/receive-signal' });
    expect(receiver).not.toHaveProperty('command_topic');
    expect(receiver).not.toHaveProperty('retain');
  });

  it('shows the device class; only the receiver listens', () => {
    expect(p.initialState(parse(p, EMITTER))).toEqual({ state: 'unknown', attributes: { device_class: 'emitter' } });
    expect(p.initialState(parse(p, RECEIVER))).toEqual({ state: 'unknown', attributes: { device_class: 'receiver' } });
    expect(p.stateTopics(parse(p, EMITTER))).toEqual([]);
    expect(p.stateTopics(parse(p, RECEIVER))).toEqual(['ir/receive-signal']);
    expect(p.actions(parse(p, RECEIVER))).toEqual({});
    expect(Object.keys(p.actions(parse(p, EMITTER)))).toEqual(['send_command']);
  });
});

describe('infrared receiver', () => {
  const c = parse(p, RECEIVER);

  it('records the time of a valid signal', () => {
    const u = p.onMessage(c, 'ir/receive-signal', JSON.stringify({ timings: NEC, modulation: 38000 }), UNKNOWN);
    expect(u?.state).toMatch(TIMESTAMP);
    expect(p.onMessage(c, 'ir/receive-signal', '{"timings":[9000,-4500],"other":1}', UNKNOWN)?.state).toMatch(
      TIMESTAMP,
    );
    expect(p.onMessage(c, 'ir/receive-signal', '{"timings":[9000],"modulation":null}', UNKNOWN)?.state).toMatch(
      TIMESTAMP,
    );
  });

  it('ignores empty, None, null and invalid signals', () => {
    for (const payload of [
      '',
      'None',
      'null',
      '""',
      'invalid',
      '{"timings":null}',
      '{"timings":[]}',
      '{"timings":["1","2"],"modulation":38000}',
      '{"timings":[1],"modulation":"38000"}',
      '[1,2]',
    ]) {
      expect(p.onMessage(c, 'ir/receive-signal', payload, UNKNOWN)).toBeNull();
    }
  });

  it('reads the signal through value_template', () => {
    const t = parse(p, { ...RECEIVER, value_template: '{{ value_json.ir | tojson }}' });
    expect(p.onMessage(t, 'ir/receive-signal', '{"ir": {"timings": [9000, -4500]}}', UNKNOWN)?.state).toMatch(
      TIMESTAMP,
    );
    expect(p.onMessage(t, 'ir/receive-signal', '{"ir": null}', UNKNOWN)).toBeNull();
  });
});

describe('infrared emitter', () => {
  const c = parse(p, EMITTER);

  it('publishes the command as compact JSON, as HA does, and records when it was sent', () => {
    const r = p.command(c, 'send_command', { timings: NEC.join(','), modulation: 38000 }, UNKNOWN);
    expect(r.publish).toEqual([
      {
        topic: 'ir/send-signal',
        payload: '{"timings":[9000,-4500,562,-1687,562,-562,562],"modulation":38000,"repeat_count":0}',
        qos: 0,
        retain: false,
      },
    ]);
    expect(r.optimistic?.state).toMatch(TIMESTAMP);
    expect(
      p.command(c, 'send_command', { timings: [9000, -4500], modulation: 38000 }, UNKNOWN).publish[0]?.payload,
    ).toBe('{"timings":[9000,-4500],"modulation":38000,"repeat_count":0}');
    expect(() => p.command(c, 'send_command', { timings: [9000, 1.5], modulation: 38000 }, UNKNOWN)).toThrow(
      /list of integers/,
    );
    const data = { timings: '[9000, -4500]', modulation: '36000', repeat_count: 2 };
    const listed = p.command(c, 'send_command', data, UNKNOWN);
    expect(listed.publish[0]?.payload).toBe('{"timings":[9000,-4500],"modulation":36000,"repeat_count":2}');
  });

  it('renders command_template with value, timings, modulation and repeat_count', () => {
    const t = parse(p, {
      ...EMITTER,
      qos: 1,
      retain: true,
      command_template: '{{ modulation }}/{{ repeat_count }}/{{ timings | join(" ") }}/{{ value_json is defined }}',
    });
    expect(p.command(t, 'send_command', { timings: '9000 -4500', modulation: 38000 }, UNKNOWN).publish).toEqual([
      { topic: 'ir/send-signal', payload: '38000/0/9000 -4500/False', qos: 1, retain: true },
    ]);
  });

  it('refuses timings that are not integers and a missing modulation', () => {
    expect(() => p.command(c, 'send_command', { timings: '9000,abc', modulation: 38000 }, UNKNOWN)).toThrow(
      CommandError,
    );
    expect(() => p.command(c, 'send_command', { timings: '', modulation: 38000 }, UNKNOWN)).toThrow(/list of integers/);
    expect(() => p.command(c, 'send_command', { timings: '1,2' }, UNKNOWN)).toThrow(/'modulation' is required/);
    expect(() => p.command(c, 'send_command', { timings: '1', modulation: 38000, repeat_count: -1 }, UNKNOWN)).toThrow(
      CommandError,
    );
  });
});

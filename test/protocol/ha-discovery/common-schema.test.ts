import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import {
  availabilityShape,
  checkAvailabilityExclusive,
  deviceSchema,
  entityCommonShape,
  formatIssues,
  haBoolean,
  haFloat,
  haInt,
  haString,
  originSchema,
  publishTopic,
  qosSchema,
  subscribeTopic,
} from '../../../src/protocol/ha-discovery/common-schema.js';

const ok = <T>(schema: z.ZodType<T, unknown>, v: unknown): T => schema.parse(v);
const bad = (schema: z.ZodType<unknown, unknown>, v: unknown): string => {
  const r = schema.safeParse(v);
  if (r.success) throw new Error(`accepted ${JSON.stringify(v)}`);
  return formatIssues(r.error.issues);
};

describe('scalar coercion like HA config_validation', () => {
  it('cv.string turns numbers and booleans into Python text', () => {
    expect(ok(haString, 5)).toBe('5');
    expect(ok(haString, 1.5)).toBe('1.5');
    expect(ok(haString, true)).toBe('True');
    expect(bad(haString, ['a'])).toContain('expected a string');
  });

  it('cv.boolean accepts the usual words', () => {
    for (const v of [true, 'true', 'on', 'YES', '1', 1, 'enable']) expect(ok(haBoolean, v)).toBe(true);
    for (const v of [false, 'false', 'off', 'no', '0', 0, 'disable']) expect(ok(haBoolean, v)).toBe(false);
    expect(bad(haBoolean, 'maybe')).toContain("expected a boolean, got 'maybe'");
  });

  it('vol.Coerce(int/float) accept numeric strings', () => {
    expect(ok(haFloat, '35')).toBe(35);
    expect(ok(haFloat, ' 2.5e1 ')).toBe(25);
    expect(ok(haInt, '7')).toBe(7);
    expect(ok(haInt, 7.9)).toBe(7);
    expect(bad(haInt, '7.5')).toContain('expected an integer');
    expect(ok(qosSchema, '1')).toBe(1);
    expect(bad(qosSchema, 3)).toContain('QoS 0, 1 or 2');
  });

  it('validates subscribe and publish topics', () => {
    expect(ok(subscribeTopic, 'a/+/b/#')).toBe('a/+/b/#');
    expect(bad(subscribeTopic, 'a/b#')).toContain('subscribe topic');
    expect(bad(subscribeTopic, '')).toContain('subscribe topic');
    expect(bad(publishTopic, 'a/+/b')).toContain('without wildcards');
    expect(ok(subscribeTopic, 'zigbee2mqtt/smart vent')).toBe('zigbee2mqtt/smart vent');
  });
});

describe('device block (strict)', () => {
  it('normalises identifiers and connections and coerces values to strings', () => {
    expect(ok(deviceSchema, { identifiers: 'abc', connections: [['mac', '00:11']], sw_version: 2, name: 'Kitchen' })).toEqual({
      identifiers: ['abc'], connections: [['mac', '00:11']], sw_version: '2', name: 'Kitchen',
    });
  });

  it('accepts the deprecated via_hub as via_device', () => {
    expect(ok(deviceSchema, { identifiers: ['a'], via_hub: 'bridge' })).toMatchObject({ via_device: 'bridge' });
  });

  it('rejects unknown keys, missing identifiers and bad URLs', () => {
    expect(bad(deviceSchema, { identifiers: ['a'], support_url: 'https://x' })).toBe("extra keys not allowed: 'support_url'");
    expect(bad(deviceSchema, { name: 'x' })).toContain("at least one value in 'identifiers' or 'connections'");
    expect(bad(deviceSchema, { identifiers: ['a'], configuration_url: 'ftp://x' })).toContain("invalid value for 'configuration_url'");
    expect(ok(deviceSchema, { identifiers: ['a'], configuration_url: 'homeassistant://config/x' })).toMatchObject({ configuration_url: 'homeassistant://config/x' });
  });
});

describe('origin block (strict)', () => {
  it('requires name', () => {
    expect(ok(originSchema, { name: 'z2m', sw_version: '2.0' })).toEqual({ name: 'z2m', sw_version: '2.0' });
    expect(bad(originSchema, { sw_version: '1' })).toBe("required key 'name' not provided");
  });
});

describe('entity common options', () => {
  const schema = z.object({ ...entityCommonShape }).superRefine(checkAvailabilityExclusive);

  it('applies HA defaults and drops unknown keys', () => {
    expect(schema.parse({ name: null, unknown_key: 1 })).toEqual({
      name: null, payload_available: 'online', payload_not_available: 'offline', availability_mode: 'latest',
      enabled_by_default: true, visible_by_default: true, qos: 0, encoding: 'utf-8', platform: 'mqtt',
    });
  });

  it('validates entity_category, icon and availability entries', () => {
    expect(bad(schema, { entity_category: 'system' })).toContain("invalid value for 'entity_category'");
    expect(bad(schema, { icon: 'lightbulb' })).toContain("'prefix:name'");
    expect(schema.parse({ availability: { topic: 'a' } }).availability).toEqual([{ topic: 'a', payload_available: 'online', payload_not_available: 'offline' }]);
    expect(bad(schema, { availability: [{ payload_available: 'x' }] })).toBe("required key 'availability[0].topic' not provided");
  });

  it('makes availability_topic and availability mutually exclusive', () => {
    expect(bad(schema, { availability_topic: 'a', availability: [{ topic: 'b' }] })).toContain('cannot be used together');
    expect(z.object(availabilityShape).parse({ availability_mode: 'all' }).availability_mode).toBe('all');
  });
});

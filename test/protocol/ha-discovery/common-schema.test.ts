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
  isHttpUrl,
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
    expect(ok(subscribeTopic, 'zigbee2mqtt/smart vent')).toBe('zigbee2mqtt/smart vent');
    expect(ok(subscribeTopic, 42)).toBe('42');
    expect(bad(subscribeTopic, ['a'])).toBe('expected a valid MQTT subscribe topic, got a list');
    expect(ok(publishTopic, '$SYS/x')).toBe('$SYS/x');
  });
});

// Home Assistant's valid_topic / valid_subscribe_topic / valid_publish_topic (homeassistant/components/mqtt/util.py)
describe('MQTT topics as Home Assistant checks them', () => {
  const TEXT = 'MQTT topic name/filter must';
  it.each([
    ['', `${TEXT} not be empty.`],
    ['a/\uD800', `${TEXT} be valid UTF-8 string.`],
    ['a\u0000b', `${TEXT} not contain null character.`],
    ['a\u0001b', `${TEXT} not contain control characters.`],
    ['a\u001Fb', `${TEXT} not contain control characters.`],
    ['a\u007Fb', `${TEXT} not contain control characters.`],
    ['a\u0085b', `${TEXT} not contain control characters.`],
    ['a\u009Fb', `${TEXT} not contain control characters.`],
    ['a\u0001\u0000', `${TEXT} not contain control characters.`],
    ['a\u0000\u0001', `${TEXT} not contain null character.`],
    ['a\uFDD0b', `${TEXT} not contain non-characters.`],
    ['a\uFDEF', `${TEXT} not contain non-characters.`],
    ['a\uFFFE', `${TEXT} not contain non-characters.`],
    ['a\uFFFF', `${TEXT} not contain non-characters.`],
    ['a/\u{1FFFE}', `${TEXT} not contain non-characters.`],
    ['a/\u{10FFFF}', `${TEXT} not contain non-characters.`],
    ['a\uFFFE\u0001', `${TEXT} not contain non-characters.`],
    ['sport+', 'Single-level wildcard must occupy an entire level of the filter'],
    ['a/+b/#', 'Single-level wildcard must occupy an entire level of the filter'],
    ['a/#/+x', 'Single-level wildcard must occupy an entire level of the filter'],
    ['sport/tennis/#/ranking', 'Multi-level wildcard must be the last character in the topic filter.'],
    ['#/#', 'Multi-level wildcard must be the last character in the topic filter.'],
    ['sport/tennis#', 'Multi-level wildcard must be after a topic level separator.'],
  ])('refuses the subscribe topic %j: %s', (topic, message) => {
    expect(bad(subscribeTopic, topic)).toBe(message);
  });

  it.each([
    ['a/+', 'Wildcards cannot be used in topic names'],
    ['a#', 'Wildcards cannot be used in topic names'],
    ['', `${TEXT} not be empty.`],
    ['a/\u0002/+', `${TEXT} not contain control characters.`],
  ])('refuses the publish topic %j: %s', (topic, message) => {
    expect(bad(publishTopic, topic)).toBe(message);
  });

  it('accepts spaces and any other Unicode character, up to 65,535 bytes of UTF-8', () => {
    for (const topic of ['a b/c', '/', 'a//b', '$SYS/#', '+', '#', 'a/\u00A0/\uFDCF/\uFFFD/😀', 'x'.repeat(65_535)]) {
      expect(ok(subscribeTopic, topic)).toBe(topic);
    }
    const tooLong = `${TEXT} not be longer than 65535 encoded bytes.`;
    expect(bad(subscribeTopic, 'x'.repeat(65_536))).toBe(tooLong);
    // é is two bytes in UTF-8
    expect(ok(publishTopic, 'é'.repeat(32_767))).toHaveLength(32_767);
    expect(bad(publishTopic, 'é'.repeat(32_768))).toBe(tooLong);
  });

  it('names the key in a config', () => {
    const schema = z.object(availabilityShape);
    const r = schema.safeParse({ availability_topic: 'a/b#' });
    expect(r.success).toBe(false);
    expect(formatIssues(r.error?.issues ?? [])).toBe(
      "invalid value for 'availability_topic': Multi-level wildcard must be after a topic level separator.",
    );
  });
});

describe('device block (strict)', () => {
  it('normalises identifiers and connections and coerces values to strings', () => {
    expect(
      ok(deviceSchema, { identifiers: 'abc', connections: [['mac', '00:11']], sw_version: 2, name: 'Kitchen' }),
    ).toEqual({
      identifiers: ['abc'],
      connections: [['mac', '00:11']],
      sw_version: '2',
      name: 'Kitchen',
    });
  });

  it('accepts the deprecated via_hub as via_device', () => {
    expect(ok(deviceSchema, { identifiers: ['a'], via_hub: 'bridge' })).toMatchObject({ via_device: 'bridge' });
  });

  it('rejects unknown keys, missing identifiers and bad URLs', () => {
    expect(bad(deviceSchema, { identifiers: ['a'], support_url: 'https://x' })).toBe(
      "extra keys not allowed: 'support_url'",
    );
    expect(bad(deviceSchema, { name: 'x' })).toContain("at least one value in 'identifiers' or 'connections'");
    expect(bad(deviceSchema, { identifiers: ['a'], configuration_url: 'ftp://x' })).toContain(
      "invalid value for 'configuration_url'",
    );
    expect(ok(deviceSchema, { identifiers: ['a'], configuration_url: 'homeassistant://config/x' })).toMatchObject({
      configuration_url: 'homeassistant://config/x',
    });
  });

  it('tells an http(s) URL the same each time it is asked (the last answer is kept)', () => {
    const urls = ['http://z2m:8080/#/device/0x1', 'http://z2m:8080/#/device/0x1', 'ftp://x', 'ftp://x', '', 'https:'];
    expect(urls.map(isHttpUrl)).toEqual([true, true, false, false, false, false]);
    expect(isHttpUrl('http://z2m:8080/#/device/0x1')).toBe(true);
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
      name: null,
      payload_available: 'online',
      payload_not_available: 'offline',
      availability_mode: 'latest',
      enabled_by_default: true,
      visible_by_default: true,
      qos: 0,
      encoding: 'utf-8',
      platform: 'mqtt',
    });
  });

  it('validates entity_category, icon and availability entries', () => {
    expect(bad(schema, { entity_category: 'system' })).toContain("invalid value for 'entity_category'");
    expect(bad(schema, { icon: 'lightbulb' })).toContain("'prefix:name'");
    expect(schema.parse({ availability: { topic: 'a' } }).availability).toEqual([
      { topic: 'a', payload_available: 'online', payload_not_available: 'offline' },
    ]);
    expect(bad(schema, { availability: [{ payload_available: 'x' }] })).toBe(
      "required key 'availability[0].topic' not provided",
    );
  });

  it('makes availability_topic and availability mutually exclusive', () => {
    expect(bad(schema, { availability_topic: 'a', availability: [{ topic: 'b' }] })).toContain(
      'cannot be used together',
    );
    expect(z.object(availabilityShape).parse({ availability_mode: 'all' }).availability_mode).toBe('all');
  });
});

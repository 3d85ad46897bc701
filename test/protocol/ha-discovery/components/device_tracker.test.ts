import { describe, expect, it } from 'vitest';
import { deviceTrackerPlatform } from '../../../../src/protocol/ha-discovery/components/device_tracker.js';
import { parse, UNKNOWN } from './helpers.js';

describe('device_tracker', () => {
  it('needs state_topic or json_attributes_topic', () => {
    expect(deviceTrackerPlatform.schema.safeParse({}).success).toBe(false);
    expect(deviceTrackerPlatform.schema.safeParse({ json_attributes_topic: 'gps' }).success).toBe(true);
  });

  const c = parse(deviceTrackerPlatform, {
    state_topic: 'phone/state',
    json_attributes_topic: 'phone/gps',
    payload_home: 'in',
    payload_not_home: 'out',
  });

  it('maps payload_home / payload_not_home / payload_reset and zone names', () => {
    expect(deviceTrackerPlatform.onMessage(c, 'phone/state', 'in', UNKNOWN)).toEqual({ state: 'home' });
    expect(deviceTrackerPlatform.onMessage(c, 'phone/state', 'out', UNKNOWN)).toEqual({ state: 'not_home' });
    expect(deviceTrackerPlatform.onMessage(c, 'phone/state', 'None', UNKNOWN)).toEqual({ state: 'unknown' });
    expect(deviceTrackerPlatform.onMessage(c, 'phone/state', 'Office', UNKNOWN)).toEqual({ state: 'Office' });
  });

  it('reads latitude/longitude/gps_accuracy from the JSON attributes', () => {
    expect(
      deviceTrackerPlatform.onMessage(
        c,
        'phone/gps',
        '{"latitude":52.1,"longitude":4.3,"gps_accuracy":12,"battery":80}',
        UNKNOWN,
      ),
    ).toEqual({
      state: 'not_home',
      attributes: { battery: 80, latitude: 52.1, longitude: 4.3, gps_accuracy: 12 },
      // the keys these JSON attributes set, which replace the ones the message before set
      jsonKeys: ['battery', 'latitude', 'longitude', 'gps_accuracy'],
    });
    expect(deviceTrackerPlatform.onMessage(c, 'phone/gps', '{"latitude":"x"}', UNKNOWN)).toEqual({
      state: 'unknown',
      attributes: { latitude: null, longitude: null, gps_accuracy: 0 },
      jsonKeys: ['latitude', 'longitude', 'gps_accuracy'],
    });
    expect(deviceTrackerPlatform.initialState(c)).toEqual({ state: 'unknown', attributes: { source_type: 'gps' } });
  });
});

// MQTT update with the configurations of Home Assistant's documentation (a JSON state, and separate
// installed/latest topics) and the update config Zigbee2MQTT announces for every OTA-capable device.
import { describe, expect, it } from 'vitest';
import { updatePlatform, versionIsNewer } from '../../../../src/protocol/ha-discovery/components/update.js';
import type { EntityState } from '../../../../src/protocol/ha-discovery/components/platform.js';
import { parse } from './helpers.js';

const apply = (current: EntityState, update: ReturnType<typeof updatePlatform.onMessage>): EntityState =>
  update === null
    ? current
    : { state: update.state ?? current.state, attributes: { ...current.attributes, ...update.attributes } };

describe('update', () => {
  it('takes a JSON state with both versions and the release notes (documentation example)', () => {
    const c = parse(updatePlatform, {
      name: 'Amazing Device Update',
      title: 'Device Firmware',
      state_topic: 'amazing-device/state-topic',
      device_class: 'firmware',
      command_topic: 'amazing-device/command',
      payload_install: 'install',
    });
    let s = updatePlatform.initialState(c);
    expect(s.state).toBe('unknown');
    s = apply(
      s,
      updatePlatform.onMessage(
        c,
        'amazing-device/state-topic',
        JSON.stringify({
          installed_version: '1.21.0',
          latest_version: '1.22.0',
          title: 'Not taken: the config has a title',
          release_summary: 'Bug fixes',
          release_url: 'https://example.com/release',
        }),
        s,
      ),
    );
    expect(s).toMatchObject({
      state: 'on',
      attributes: {
        installed_version: '1.21.0',
        latest_version: '1.22.0',
        title: 'Device Firmware',
        release_summary: 'Bug fixes',
        release_url: 'https://example.com/release',
      },
    });
    s = apply(
      s,
      updatePlatform.onMessage(
        c,
        'amazing-device/state-topic',
        JSON.stringify({ installed_version: '1.22.0', in_progress: false }),
        s,
      ),
    );
    expect(s.state).toBe('off');
    expect(updatePlatform.command(c, 'install', {}, s)).toEqual({
      publish: [{ topic: 'amazing-device/command', payload: 'install', qos: 0, retain: false }],
      optimistic: null,
    });
  });

  it('takes a plain installed version and a separate latest version topic', () => {
    const c = parse(updatePlatform, { state_topic: 'dev/installed', latest_version_topic: 'dev/latest' });
    let s = updatePlatform.initialState(c);
    s = apply(s, updatePlatform.onMessage(c, 'dev/installed', 'v2.0.1', s));
    expect(s).toMatchObject({ state: 'unknown', attributes: { installed_version: 'v2.0.1' } });
    s = apply(s, updatePlatform.onMessage(c, 'dev/latest', 'v2.0.10', s));
    expect(s.state).toBe('on');
    expect(updatePlatform.onMessage(c, 'dev/installed', '', s)).toBeNull();
    expect(updatePlatform.onMessage(c, 'dev/installed', '{}', s)).toBeNull();
    // without a command topic there is nothing to install
    expect(() => updatePlatform.command(c, 'install', {}, s)).toThrow(/does not support the action 'install'/);
  });

  it("reads Zigbee2MQTT's OTA update config", () => {
    const c = parse(updatePlatform, {
      name: null,
      object_id: 'hall_light_update',
      unique_id: '0x00158d0001_update_zigbee2mqtt',
      device_class: 'firmware',
      entity_category: 'config',
      command_topic: 'zigbee2mqtt/bridge/request/device/ota_update/update',
      payload_install: '{"id": "0x00158d0001"}',
      state_topic: 'zigbee2mqtt/Hall light',
      value_template: "{{ value_json['update']['installed_version'] }}",
      latest_version_topic: 'zigbee2mqtt/Hall light',
      latest_version_template: "{{ value_json['update']['latest_version'] }}",
      json_attributes_topic: 'zigbee2mqtt/Hall light',
      json_attributes_template: "{{ value_json['update'] | tojson }}",
    });
    const s = apply(
      updatePlatform.initialState(c),
      updatePlatform.onMessage(
        c,
        'zigbee2mqtt/Hall light',
        JSON.stringify({
          state: 'ON',
          update: { state: 'available', installed_version: 16777241, latest_version: 16843033 },
        }),
        updatePlatform.initialState(c),
      ),
    );
    expect(s).toMatchObject({ state: 'on', attributes: { installed_version: '16777241', latest_version: '16843033' } });
    // 'state' of the JSON attributes is one Home Assistant blocks
    expect(s.attributes).not.toHaveProperty('state');
    expect(updatePlatform.command(c, 'install', {}, s).publish[0]).toEqual({
      topic: 'zigbee2mqtt/bridge/request/device/ota_update/update',
      payload: '{"id": "0x00158d0001"}',
      qos: 0,
      retain: false,
    });
  });

  it('compares versions as numbers where they are dotted numbers', () => {
    expect(versionIsNewer('1.10.0', '1.9.3')).toBe(true);
    expect(versionIsNewer('1.9.3', '1.10.0')).toBe(false);
    expect(versionIsNewer('2.0', '2.0.0')).toBe(false);
    expect(versionIsNewer('beta-2', 'beta-1')).toBe(true);
  });
});

// Device triggers, conditions and actions as Home Assistant's automation editor writes them load; what their
// domain's schema refuses (device_trigger.py / device_condition.py / device_action.py) is reported at its line.
import { describe, expect, it } from 'vitest';
import { loadAutomations } from '../../../src/adapters/automations/loader.js';
import { tempTree, where } from '../../adapters/automations/helpers.js';

// an automation as the editor saves it (HA 2024.x): registry ids for device and entity, `metadata: {}`
const EDITOR = `
- id: '1700000000000'
  alias: Hall light on motion
  description: ''
  triggers:
  - type: motion
    device_id: 8f0d1c2e3b4a59687766554433221100
    entity_id: 0e4d1c2b3a5f46a7b8c9d0e1f2a3b4c5
    domain: binary_sensor
    trigger: device
    metadata: {secondary: false}
  - type: temperature
    device_id: 8f0d1c2e3b4a59687766554433221100
    entity_id: 1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6
    domain: sensor
    trigger: device
    above: 25
    for: {hours: 0, minutes: 5, seconds: 0}
  conditions:
  - condition: device
    type: is_off
    device_id: 2b3c4d5e6f7a48b9c0d1e2f3a4b5c6d7
    entity_id: 3c4d5e6f7a8b49c0d1e2f3a4b5c6d7e8
    domain: light
  - condition: device
    type: is_position
    device_id: 2b3c4d5e6f7a48b9c0d1e2f3a4b5c6d7
    entity_id: cover.blinds
    domain: cover
    below: 50
  actions:
  - type: turn_on
    device_id: 2b3c4d5e6f7a48b9c0d1e2f3a4b5c6d7
    entity_id: 3c4d5e6f7a8b49c0d1e2f3a4b5c6d7e8
    domain: light
    brightness_pct: 40
  - device_id: 2b3c4d5e6f7a48b9c0d1e2f3a4b5c6d7
    domain: cover
    entity_id: cover.blinds
    type: set_position
    position: 30
  - device_id: 2b3c4d5e6f7a48b9c0d1e2f3a4b5c6d7
    domain: select
    entity_id: select.mode
    type: select_next
  mode: single
`;

describe('device automations in the schema', () => {
  it("loads what Home Assistant's editor writes", () => {
    const result = loadAutomations(tempTree({ 'automations.yaml': EDITOR }));
    expect(result.diagnostics.map(where)).toEqual([]);
    const [a] = result.automations;
    expect(a?.config.triggers[1]).toMatchObject({
      trigger: 'device',
      domain: 'sensor',
      type: 'temperature',
      entity_id: '1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6',
      above: 25,
      for: { kind: 'fixed', ms: 300_000 },
    });
    expect(a?.config.conditions[1]).toMatchObject({ condition: 'device', type: 'is_position', below: 50 });
    expect(a?.config.actions.map((s) => (s.kind === 'device' ? [s.device.type, s.device] : s.kind))).toEqual([
      ['turn_on', expect.objectContaining({ brightness_pct: 40, domain: 'light' })],
      ['set_position', expect.objectContaining({ position: 30 })],
      ['select_next', expect.objectContaining({ entity_id: 'select.mode' })],
    ]);
  });

  it('keeps MQTT device triggers as they were', () => {
    const text = [
      'id: remote',
      'triggers:',
      '  - trigger: device',
      '    domain: mqtt',
      '    device_id: abc',
      '    type: action',
      '    subtype: single',
      '    discovery_id: 0x00158d0001 action_single',
      'actions: [{event: pressed}]',
      '',
    ].join('\n');
    const result = loadAutomations(tempTree({ 'a.yaml': text }));
    expect(result.diagnostics.map(where)).toEqual([]);
    expect(result.automations[0]?.config.triggers[0]).toMatchObject({ domain: 'mqtt', subtype: 'single' });
  });

  it('reports each problem at its key, with the reason', () => {
    const text = [
      'id: a', // 1
      'triggers:',
      '  - trigger: device', // 3
      '    domain: binary_sensor',
      '    device_id: d1',
      '    entity_id: binary_sensor.hall',
      '    type: motoin', // 7
      '  - trigger: device', // 8
      '    domain: sensor',
      '    device_id: d1',
      '    entity_id: sensor.temp',
      '    type: temperature',
      '  - trigger: device', // 13
      '    domain: zha',
      '    device_id: d1',
      '    type: remote_button_short_press',
      'conditions:',
      '  - condition: device', // 18
      '    domain: light',
      '    device_id: d1',
      '    entity_id: not an id', // 21
      '    type: is_on',
      '  - condition: device', // 23
      '    domain: climate',
      '    device_id: d1',
      '    entity_id: climate.hall',
      '    type: is_hvac_mode',
      'actions:',
      '  - device_id: d1', // 29
      '    domain: light',
      '    entity_id: light.hall',
      '    type: turn_on',
      '    position: 30', // 33
      '  - device_id: d1', // 34
      '    domain: cover',
      '    entity_id: cover.blinds',
      '    type: set_position',
      '    position: 130', // 38
      '',
    ].join('\n');
    const result = loadAutomations(tempTree({ 'a.yaml': text }));
    expect(result.automations).toEqual([]);
    expect(result.diagnostics.map(where)).toEqual([
      "a.yaml:7:11 triggers[0].type: unknown binary_sensor device trigger type 'motoin'",
      'a.yaml:8:5 triggers[1]: must contain at least one of above, below',
      "a.yaml:14:13 triggers[2].domain: device triggers of the 'zha' integration are not supported",
      'a.yaml:21:16 conditions[0].entity_id: Entity not an id is neither a valid entity ID nor a valid UUID',
      "a.yaml:23:5 missing required key 'hvac_mode' in conditions[1]",
      "a.yaml:33:5 'position' is not a key of the light device action 'turn_on' (at actions[0])",
      'a.yaml:38:15 actions[1].position: expected 0–100, got 130',
    ]);
    expect(result.diagnostics[0]?.hint).toBe("did you mean 'motion'?");
  });
});

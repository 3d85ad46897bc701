// homeassistant.update_entity: an MQTT entity re-reads the retained messages of its topics (the broker sends
// them again on a second SUBSCRIBE), an entity without a state topic says why nothing was read, and a missing
// entity is reported in the trace without failing the run (Home Assistant logs it as missing).
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, until, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const AUTOMATION = `
id: refresh
triggers: [{trigger: event, event_type: refresh}]
actions:
  - action: homeassistant.update_entity
    target:
      entity_id: [sensor.temperature, switch.pump, sensor.nowhere]
`;

describe('homeassistant.update_entity', () => {
  it('re-reads the retained state of an MQTT entity and says what it did for each target', async () => {
    h = await startHarness({ 'refresh.yaml': AUTOMATION });
    await h.t.client.publishAsync('st/temperature', '21.5', { qos: 1, retain: true });
    await until(() => h!.t.app.states.get('sensor.temperature')?.state === '21.5');
    const before = h.t.app.states.get('sensor.temperature')!;
    const reported: string[] = [];
    h.t.app.bus.on('state_reported', (e) => {
      if (e.entity_id === 'sensor.temperature') reported.push(e.state.last_reported);
    });

    await h.engine.trigger('refresh');
    await until(() => reported.length > 0);
    await h.flush();

    // the same value again: Home Assistant's rules move last_reported only
    const after = h.t.app.states.get('sensor.temperature')!;
    expect(after.state).toBe('21.5');
    expect(after.last_changed).toBe(before.last_changed);
    expect(reported).toHaveLength(1);
    const [trace] = h.fullTraces('refresh');
    expect(trace?.error).toBeNull();
    expect(trace?.steps[0]?.result).toMatchObject({
      action: 'homeassistant.update_entity',
      results: [
        { entity_id: 'sensor.temperature', refreshed: true, how: expect.stringContaining('st/temperature') },
        { entity_id: 'switch.pump', refreshed: false, how: expect.stringMatching(/no state topic/) },
        { entity_id: 'sensor.nowhere', refreshed: false, how: 'no such entity' },
      ],
    });
  });
});

// Acceptance: a numeric_state automation (above: 25) on a real MQTT sensor publishes its action on
// the switch's command topic once when the value crosses 25, not again while it stays above;
// with `for: "00:00:02"` only after 2 s above, and not at all if it drops below before.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeTime, startHarness, until, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const fanOn = (extra = '') => `
id: fan_when_warm
alias: Fan when warm
triggers:
  - trigger: numeric_state
    entity_id: sensor.temperature
    above: 25
${extra}
actions:
  - action: switch.turn_on
    target:
      entity_id: switch.fan
`;

describe('numeric_state trigger', () => {
  it('fires once when the value crosses 25, not again while it stays above, and again after it dropped', async () => {
    h = await startHarness({ 'fan.yaml': fanOn() });
    await h.setState('sensor.temperature', 'st/temperature', '24');
    await h.setState('sensor.temperature', 'st/temperature', '26');
    await until(() => h!.on('cmd/fan').length === 1);
    await h.setState('sensor.temperature', 'st/temperature', '27');
    await h.setState('sensor.temperature', 'st/temperature', '28.5');
    await h.flush();
    expect(h.on('cmd/fan')).toEqual(['ON']);
    // 25 itself is not above 25: dropping to it re-arms
    await h.setState('sensor.temperature', 'st/temperature', '25');
    await h.setState('sensor.temperature', 'st/temperature', '25.1');
    await until(() => h!.on('cmd/fan').length === 2);
    await h.engine.whenIdle();
    const [latest] = h.fullTraces('fan_when_warm');
    expect(latest?.outcome).toBe('finished');
    expect(latest?.trigger?.description).toBe('numeric state of sensor.temperature');
    expect(latest?.trigger?.variables).toMatchObject({
      platform: 'numeric_state',
      entity_id: 'sensor.temperature',
      above: 25,
      to_state: { state: '25.1' },
    });
    expect(latest?.steps[0]).toMatchObject({
      path: 'action/0',
      kind: 'call switch.turn_on',
      result: { target: ['switch.fan'], results: [{ published: [{ topic: 'cmd/fan', payload: 'ON' }] }] },
    });
  });

  it('a value that is already above when the automation starts does not fire; unavailable re-arms', async () => {
    h = await startHarness({});
    await h.setState('sensor.temperature', 'st/temperature', '30');
    h.write('fan.yaml', fanOn());
    await h.engine.reload();
    await h.setState('sensor.temperature', 'st/temperature', '31');
    await h.flush();
    expect(h.on('cmd/fan')).toEqual([]);
    await h.setState('sensor.temperature', 'st/temperature', 'unavailable');
    await h.setState('sensor.temperature', 'st/temperature', '32');
    await until(() => h!.on('cmd/fan').length === 1);
  });

  it('with for: 00:00:02 fires only after two seconds above, and not when the value drops before', async () => {
    h = await startHarness({ 'fan.yaml': fanOn('    for: "00:00:02"') });
    await h.setState('sensor.temperature', 'st/temperature', '20');
    fakeTime();
    await h.setState('sensor.temperature', 'st/temperature', '26');
    await advance(1_900);
    expect(h.on('cmd/fan')).toEqual([]);
    await h.setState('sensor.temperature', 'st/temperature', '24');
    await advance(5_000);
    expect(h.on('cmd/fan')).toEqual([]);

    await h.setState('sensor.temperature', 'st/temperature', '26');
    await advance(1_000);
    // still above (a new value in range keeps the hold)
    await h.setState('sensor.temperature', 'st/temperature', '27');
    await advance(999);
    expect(h.on('cmd/fan')).toEqual([]);
    await advance(1);
    await until(() => h!.on('cmd/fan').length === 1);
    const [trace] = h.fullTraces('fan_when_warm');
    expect(trace?.trigger?.variables['for']).toBe('0:00:02');
  });
});

async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  await h?.flush();
}

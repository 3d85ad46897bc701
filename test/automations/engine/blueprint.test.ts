// An automation made from Home Assistant's own motion_light blueprint (test/fixtures/blueprints), run by the
// engine on real parts: motion on turns the light on, and it goes off once motion has stopped for the wait.
// (A short wait: faked minutes would also run the MQTT clients' keepalive timers.)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeTime, startHarness, until, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const BLUEPRINT = 'blueprints/automation/homeassistant/motion_light.yaml';
const MOTION_LIGHT = readFileSync('test/fixtures/blueprints/motion_light.yaml', 'utf8');
const HALL = `id: hall
alias: Hall light
use_blueprint:
  path: homeassistant/motion_light.yaml
  input:
    motion_entity: binary_sensor.door
    light_target:
      entity_id: light.lamp
    no_motion_wait: 3
`;

describe('an automation from a blueprint', () => {
  it('turns the light on at motion and off after the wait', async () => {
    h = await startHarness({ [BLUEPRINT]: MOTION_LIGHT, 'hall.yaml': HALL });
    expect(h.engine.diagnostics()).toEqual([]);
    fakeTime();
    const step = async (ms = 0) => {
      await vi.advanceTimersByTimeAsync(ms);
      await h!.flush({ runs: false }); // the run waits for motion to stop, then for the delay
    };
    await h.setState('binary_sensor.door', 'st/door', 'OFF', 'off');
    await h.setState('binary_sensor.door', 'st/door', 'ON', 'on');
    await step();
    expect(h.on('cmd/lamp')).toEqual(['ON']);
    await h.setState('binary_sensor.door', 'st/door', 'OFF', 'off');
    await step(2_900);
    expect(h.on('cmd/lamp')).toEqual(['ON']);
    await step(100);
    expect(h.on('cmd/lamp')).toEqual(['ON', 'OFF']);
    const [trace] = h.fullTraces('hall');
    expect([trace?.outcome, trace?.source.file, trace?.steps.map((s) => s.path)]).toEqual([
      'finished',
      'hall.yaml',
      ['action/0', 'action/1', 'action/2', 'action/3'],
    ]);
  });

  it('is reloaded when the blueprint changes (the folder watcher sees sub-folders)', async () => {
    h = await startHarness(
      { [BLUEPRINT]: MOTION_LIGHT, 'hall.yaml': HALL },
      { watch: true, engine: { watchDebounceMs: 50 } },
    );
    const hash = () => h!.engine.get('hall')?.source_hash;
    const before = hash();
    writeFileSync(join(h.dir, BLUEPRINT), MOTION_LIGHT.replace('to: "on"', 'to: "on"\n  for: 1'));
    await until(() => hash() !== before);
    expect(h.engine.get('hall')?.config).toMatchObject({ triggers: [{ for: { kind: 'fixed', ms: 1_000 } }] });
  });
});

// Reload: a broken file is reported with its line and column; fixing it on disk reloads it through
// the folder watcher (real fs.watch) without a restart, while the other automations keep running —
// an unchanged automation keeps its pending `for:` timer, a changed one restarts.
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, until, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const keeper = (holdSeconds: number) => `
id: door_left_open
triggers:
  - trigger: state
    entity_id: binary_sensor.door
    to: "on"
    for: {seconds: ${holdSeconds}}
actions:
  - action: mqtt.publish
    data: {topic: out/door, payload: "open for {{ trigger.for.total_seconds() | int }} s"}
`;

const broken = `id: humid_fan
triggers:
  - trigger: numeric_state
    entity_id: sensor.humidity
    abvoe: 60
actions:
  - action: switch.turn_on
    target: {entity_id: switch.fan}
`;

const fixed = broken.replace('abvoe: 60', 'above: 60');

/** writes like editors that save through a temporary file and a rename */
function saveByRename(dir: string, name: string, text: string): void {
  const temp = join(dir, `.${name}.swp`);
  writeFileSync(temp, text);
  renameSync(temp, join(dir, name));
}

describe('reload', () => {
  it('reports a broken file at its line and column, and reloads it when fixed on disk while others keep running', async () => {
    h = await startHarness({ 'door.yaml': keeper(2), 'humid.yaml': broken }, { watch: true, engine: { watchDebounceMs: 100 } });
    expect(h.engine.list().map((a) => a.id)).toEqual(['door_left_open']);
    const problems = h.engine.diagnostics().filter((d) => d.severity === 'error');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({ file: 'humid.yaml', line: 5, column: 5, message: expect.stringContaining("'abvoe'"), hint: "did you mean 'above'?" });

    // the door opens: door_left_open waits 2 s
    await h.setState('binary_sensor.door', 'st/door', 'ON', 'on');
    const opened = performance.now();
    saveByRename(h.dir, 'humid.yaml', fixed);
    await until(() => h!.engine.list().length === 2, 3_000);
    expect(h.engine.diagnostics().filter((d) => d.severity === 'error')).toEqual([]);
    // the reload left the pending timer alone
    await until(() => h!.on('out/door').length === 1, 4_000);
    expect(performance.now() - opened).toBeGreaterThanOrEqual(1_900);
    expect(h.on('out/door')).toEqual(['open for 2 s']);

    // the fixed automation works
    await h.setState('sensor.humidity', 'st/humidity', '50');
    await h.setState('sensor.humidity', 'st/humidity', '65');
    await until(() => h!.on('cmd/fan').length === 1);
  });

  it('a changed automation restarts (its pending timer is dropped); a removed one stops', async () => {
    h = await startHarness({ 'door.yaml': keeper(1), 'humid.yaml': fixed });
    await h.setState('binary_sensor.door', 'st/door', 'ON', 'on');
    h.write('door.yaml', keeper(30));
    h.write('humid.yaml', '# nothing here any more\n');
    const result = await h.engine.reload();
    expect(result).toMatchObject({ added: [], changed: ['door_left_open'], removed: ['humid_fan'], unchanged: 0 });
    await new Promise((r) => setTimeout(r, 1_300));
    await h.flush();
    expect(h.on('out/door')).toEqual([]);
    await h.setState('sensor.humidity', 'st/humidity', '50');
    await h.setState('sensor.humidity', 'st/humidity', '65');
    await h.flush();
    expect(h.on('cmd/fan')).toEqual([]);
  });
});

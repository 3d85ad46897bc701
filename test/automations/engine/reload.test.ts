// Reload: a broken file is reported with its line and column; fixing it on disk reloads it through
// the folder watcher (real fs.watch) without a restart, while the other automations keep running —
// an unchanged automation keeps its pending `for:` timer, a changed one restarts. `for:` holds are
// measured on vitest's fake clock (the engine's timers are setTimeout and its clock is Date).
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeTime, startHarness, until, type Harness } from './harness.js';

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
    // watch debounce 0: the reload follows the watcher's event on the next turn of the (fake) clock
    const files = { 'door.yaml': keeper(2), 'humid.yaml': broken };
    h = await startHarness(files, { watch: true, engine: { watchDebounceMs: 0 } });
    expect(h.engine.list().map((a) => a.id)).toEqual(['door_left_open']);
    const problems = h.engine.diagnostics().filter((d) => d.severity === 'error');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({
      file: 'humid.yaml',
      line: 5,
      column: 5,
      message: expect.stringContaining("'abvoe'"),
      hint: "did you mean 'above'?",
    });

    // the door opens: door_left_open holds 2 s (of the fake clock)
    fakeTime();
    await h.setState('binary_sensor.door', 'st/door', 'ON', 'on');
    const opened = Date.now();
    await vi.advanceTimersByTimeAsync(1_000);
    // fixed on disk half-way through the hold
    const timers = vi.getTimerCount();
    saveByRename(h.dir, 'humid.yaml', fixed);
    await until(() => vi.getTimerCount() > timers, 3_000); // the watcher's debounce is pending
    vi.advanceTimersToNextTimer(); // runs it: the hold is still a second away
    await until(() => h!.engine.list().length === 2, 3_000);
    expect(h.engine.diagnostics().filter((d) => d.severity === 'error')).toEqual([]);
    expect(Date.now() - opened).toBeLessThan(1_100);
    // the reload left the pending timer alone: it fires 2 s after the door opened, not 2 s after the reload
    await vi.advanceTimersByTimeAsync(opened + 1_999 - Date.now());
    await h.flush();
    expect(h.on('out/door')).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await h.flush();
    expect(h.on('out/door')).toEqual(['open for 2 s']);

    // the fixed automation works
    await h.setState('sensor.humidity', 'st/humidity', '50');
    await h.setState('sensor.humidity', 'st/humidity', '65');
    await until(() => h!.on('cmd/fan').length === 1);
  });

  it('a changed automation restarts (its pending timer is dropped); a removed one stops', async () => {
    h = await startHarness({ 'door.yaml': keeper(1), 'humid.yaml': fixed });
    fakeTime();
    await h.setState('binary_sensor.door', 'st/door', 'ON', 'on');
    h.write('door.yaml', keeper(30));
    h.write('humid.yaml', '# nothing here any more\n');
    const result = await h.engine.reload();
    expect(result).toMatchObject({ added: [], changed: ['door_left_open'], removed: ['humid_fan'], unchanged: 0 });
    // A dropped automation is no longer in the engine, so flush() cannot wait for its runs; but a run goes
    // from its trigger (the timer here, the state change below) to its publish by promise continuations
    // only, all done before the flush's first marker leaves, so its message would come before the markers.
    await vi.advanceTimersByTimeAsync(1_000); // the old 1 s hold would have fired now
    await h.flush();
    expect(h.on('out/door')).toEqual([]);
    await h.setState('sensor.humidity', 'st/humidity', '50');
    await h.setState('sensor.humidity', 'st/humidity', '65');
    await h.flush();
    expect(h.on('cmd/fan')).toEqual([]);
  });
});

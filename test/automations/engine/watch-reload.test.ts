// Issue 18 end to end: the real engine over a real folder watched as in the add-on (real timers). Once a file
// has been saved as `sed -i` saves (a temporary file renamed over it), a later in-place edit still changes the
// running automation and deleting the file stops it. Node 20's recursive fs.watch saw neither.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, until, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const kitchen = (version: number) => `
id: kitchen
alias: Kitchen v${version}
triggers:
  - trigger: state
    entity_id: sensor.temperature
actions:
  - action: mqtt.publish
    data: {topic: out/kitchen, payload: "v${version} {{ trigger.to_state.state }}"}
`;

function sedSave(dir: string, name: string, text: string): void {
  const temp = join(dir, 'sedQ81zTb');
  writeFileSync(temp, text);
  renameSync(temp, join(dir, name));
}

describe('reload through the folder watcher', () => {
  it('after a save by rename, a later edit changes the running automation and deleting the file stops it', async () => {
    h = await startHarness({ 'kitchen.yaml': kitchen(1) }, { watch: true, engine: { watchDebounceMs: 50 } });
    const alias = () => h!.engine.get('kitchen')?.alias;
    expect(alias()).toBe('Kitchen v1');

    sedSave(h.dir, 'kitchen.yaml', kitchen(2));
    await until(() => alias() === 'Kitchen v2');
    await h.setState('sensor.temperature', 'st/temperature', '20');
    await until(() => h!.on('out/kitchen').length === 1);

    // the edit the old watcher missed: in place, after the rename
    h.write('kitchen.yaml', kitchen(3));
    await until(() => alias() === 'Kitchen v3');
    await h.setState('sensor.temperature', 'st/temperature', '21');
    await until(() => h!.on('out/kitchen').length === 2);
    expect(h.on('out/kitchen')).toEqual(['v2 20', 'v3 21']);

    rmSync(join(h.dir, 'kitchen.yaml'));
    await until(() => h!.engine.list().length === 0);
    await h.setState('sensor.temperature', 'st/temperature', '22');
    await h.flush();
    expect(h.on('out/kitchen')).toEqual(['v2 20', 'v3 21']);
  });
});

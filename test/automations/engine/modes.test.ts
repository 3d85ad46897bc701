// Run modes on real MQTT: each run publishes out/start, waits for a message on in/release, then
// publishes out/end, so the tests decide when runs end without touching time.
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, until, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const held = (mode: string, max = '') => `
id: held
mode: ${mode}
${max}
max_exceeded: silent
triggers:
  - trigger: mqtt
    topic: in/go
actions:
  - action: mqtt.publish
    data: {topic: out/start, payload: "{{ trigger.payload }}"}
  - wait_for_trigger:
      - trigger: mqtt
        topic: in/release
  - action: mqtt.publish
    data: {topic: out/end, payload: "{{ trigger.payload }}"}
`;

// keeps in/release subscribed all along, so a wait_for_trigger never races its own subscription
const keepSubscribed = `
id: release_listener
triggers: [{trigger: mqtt, topic: in/release, payload: never}]
actions: [{stop: never}]
`;

const outcomes = () =>
  h!.engine
    .traces('held')
    .map((t) => t.outcome)
    .reverse();

/** What a trigger on in/go leads to, seen as it happens (positive), so no test waits for a moment of quiet. */
const started = (label: string) => () => h!.on('out/start').includes(label);
const refused =
  (outcome: string, count = 1) =>
  () =>
    outcomes().filter((o) => o === outcome).length === count;
const waiting = (n: number) => () => h!.engine.get('held')?.waiting === n;

/**
 * Sends in/go and waits for its effect; then flushes (markers, see the harness), so that anything the
 * trigger started besides it (a run that should not have started) has published out/start by then.
 */
async function go(label: string, effect?: () => boolean): Promise<void> {
  await h!.send('in/go', label);
  if (effect) await until(effect);
  await h!.flush({ runs: false });
}

describe('modes', () => {
  it('single: a second trigger while running is refused (failed_single)', async () => {
    h = await startHarness({ 'held.yaml': held('single'), 'keep.yaml': keepSubscribed });
    await go('A', started('A'));
    await go('B', refused('failed_single'));
    expect(h.on('out/start')).toEqual(['A']);
    expect(outcomes()).toEqual(['failed_single']);
    await h.send('in/release', 'x');
    await until(() => h!.on('out/end').length === 1);
    await h.flush();
    expect(h.on('out/end')).toEqual(['A']);
    expect(outcomes()).toEqual(['failed_single', 'finished']);
  });

  it('restart: a new trigger cancels the running one and starts over', async () => {
    h = await startHarness({ 'held.yaml': held('restart'), 'keep.yaml': keepSubscribed });
    await go('A', started('A'));
    await go('B', started('B'));
    expect(h.on('out/start')).toEqual(['A', 'B']);
    await h.send('in/release', 'x');
    await until(() => h!.on('out/end').length === 1);
    await h.flush();
    expect(h.on('out/end')).toEqual(['B']);
    const [finished, cancelled] = h.fullTraces('held');
    expect(cancelled).toMatchObject({ outcome: 'cancelled', reason: 'restart', last_step: 'action/1' });
    expect(finished).toMatchObject({ outcome: 'finished' });
  });

  it('queued: runs wait their turn and run in order; one more than max is refused', async () => {
    h = await startHarness({ 'held.yaml': held('queued', 'max: 3'), 'keep.yaml': keepSubscribed });
    await go('A', started('A'));
    await go('B', waiting(1));
    await go('C', waiting(2));
    await go('D', refused('failed_max_runs'));
    expect(h.on('out/start')).toEqual(['A']);
    expect(h.engine.get('held')).toMatchObject({ running: 1, waiting: 2 });
    expect(outcomes()).toEqual(['failed_max_runs']);
    for (let i = 1; i <= 3; i++) {
      await h.send('in/release', 'x');
      await until(() => h!.on('out/end').length === i);
      if (i < 3) await until(() => h!.on('out/start').length === i + 1);
    }
    await h.flush();
    expect(h.on('out/start')).toEqual(['A', 'B', 'C']);
    expect(h.on('out/end')).toEqual(['A', 'B', 'C']);
  });

  it('parallel: runs side by side up to max', async () => {
    h = await startHarness({ 'held.yaml': held('parallel', 'max: 2'), 'keep.yaml': keepSubscribed });
    await go('A', started('A'));
    await go('B', started('B'));
    await go('C', refused('failed_max_runs'));
    expect(h.on('out/start')).toEqual(['A', 'B']);
    expect(h.engine.get('held')?.runs.map((r) => r.state)).toEqual(['running', 'running']);
    await h.send('in/release', 'x');
    await until(() => h!.on('out/end').length === 2);
    expect([...h.on('out/end')].sort()).toEqual(['A', 'B']);
    expect(outcomes()).toEqual(['failed_max_runs', 'finished', 'finished']);
  });

  it('disabling an automation stops its runs and its triggers; enabling arms it again', async () => {
    h = await startHarness({ 'held.yaml': held('single'), 'keep.yaml': keepSubscribed });
    await go('A', started('A'));
    expect(h.engine.setEnabled('held', false)).toMatchObject({ enabled: false });
    await h.engine.whenIdle();
    expect(h.fullTraces('held')[0]).toMatchObject({ outcome: 'cancelled', reason: 'disabled' });
    // nothing to wait for: the flush's client → app marker comes after in/go, so a trigger still armed
    // would have fired for it, and its run published out/start before the app → client marker
    await go('B');
    expect(h.on('out/start')).toEqual(['A']);
    expect(h.engine.get('held')?.runs).toEqual([]);
    h.engine.setEnabled('held', true);
    await h.engine.reload(); // resolves once the trigger's MQTT subscription is back in place
    await go('C', started('C'));
    expect(h.on('out/start')).toEqual(['A', 'C']);
  });
});

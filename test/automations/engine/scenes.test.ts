// Scenes (Home Assistant's `scene:` with platform homeassistant) on real parts: the engine harness's optimistic
// MQTT switches and light, so each state a scene applies is a real command on cmd/… and a state change.
import { afterEach, describe, expect, it } from 'vitest';
import { createFolderAutomationEngine } from '../../../src/adapters/automations/file-source.js';
import { createContext } from '../../../src/core/context.js';
import { systemClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { startHarness, until, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const command = (domain: string, action: string, entity_id: string, data: Record<string, unknown> = {}) =>
  h!.t.app.commands.execute({ domain, action, entity_id, data, context: createContext('api') });
const state = (id: string) => h!.t.app.states.get(id);
const onGo = (id: string, actions: string) => `
id: ${id}
triggers: [{trigger: mqtt, topic: in/${id}}]
actions:
${actions}
`;
/** sends in/<id>, waits until the automation's run has ended, and returns its trace */
async function go(id: string) {
  const before = h!.engine.traces(id).length;
  await h!.send(`in/${id}`, '1');
  await until(() => h!.engine.traces(id).length > before);
  await h!.flush();
  return h!.fullTraces(id)[0]!;
}

// The scene docs' "Romantic" example (home-assistant.io/integrations/scene), on the harness's entities: a light
// with a brightness, an entity named by a plain state, an entity that does not exist and a domain Switchyard
// cannot reproduce.
const SCENES = `
- id: "1234"
  name: Romantic
  icon: mdi:flower-tulip
  entities:
    switch.pump: "on"
    light.lamp:
      state: "on"
      brightness: 200
    media_player.sony_bravia_tv:
      state: "on"
      source: HDMI 1
    vacuum.robot: docked
`;

describe('scenes', () => {
  it('turn_on (the `scene:` step) applies each state, reports what it did per entity, and skips ones already there', async () => {
    h = await startHarness({
      'scenes.yaml': SCENES,
      'go.yaml': onGo('romantic', '  - scene: scene.romantic'),
    });
    expect(state('scene.romantic')).toMatchObject({
      state: 'unknown',
      attributes: {
        entity_id: ['switch.pump', 'light.lamp', 'media_player.sony_bravia_tv', 'vacuum.robot'],
        id: '1234',
        friendly_name: 'Romantic',
        icon: 'mdi:flower-tulip',
      },
    });
    const trace = await go('romantic');
    expect(trace.outcome).toBe('finished');
    expect(h.on('cmd/pump')).toEqual(['ON']);
    expect(h.on('cmd/lamp/brightness')).toEqual(['200']);
    expect(state('light.lamp')).toMatchObject({ state: 'on', attributes: { brightness: 200 } });
    const step = trace.steps[0]!;
    expect(step.kind).toBe('call scene.turn_on');
    const [result] = (step.result?.['results'] ?? []) as { entities: Record<string, unknown>[] }[];
    expect(result!.entities).toEqual([
      { entity_id: 'switch.pump', status: 'performed', actions: [{ action: 'switch.turn_on', data: {} }] },
      {
        entity_id: 'light.lamp',
        status: 'performed',
        actions: [{ action: 'light.turn_on', data: { brightness: 200 } }],
      },
      { entity_id: 'media_player.sony_bravia_tv', status: 'not_applied', reason: 'no such entity' },
      {
        entity_id: 'vacuum.robot',
        status: 'not_applied',
        reason: expect.stringContaining('Switchyard cannot reproduce the state of a vacuum'),
      },
    ]);
    // the state is when it was last activated, set with the run's context
    const activated = state('scene.romantic')!;
    expect(Number.isNaN(Date.parse(activated.state))).toBe(false);
    expect(activated.context.id).toBe(trace.context.id);

    // again: everything is in its state already, so nothing is sent (reproduce_state skips them)
    const again = await go('romantic');
    expect(h.on('cmd/pump')).toEqual(['ON']);
    expect(h.on('cmd/lamp/brightness')).toEqual(['200']);
    const [second] = (again.steps[0]?.result?.['results'] ?? []) as { entities: Record<string, unknown>[] }[];
    expect(second!.entities.slice(0, 2)).toEqual([
      { entity_id: 'switch.pump', status: 'skipped', reason: 'already in the target state' },
      { entity_id: 'light.lamp', status: 'skipped', reason: 'already in the target state' },
    ]);
  });

  it('scene.turn_on through the command router, as POST /api/actions/scene/turn_on takes it', async () => {
    h = await startHarness({ 'scenes.yaml': SCENES });
    expect(Object.keys(h.t.app.commands.allowedActions('scene.romantic'))).toEqual(['turn_on', 'delete']);
    await command('scene', 'turn_on', 'scene.romantic', { transition: 2 });
    await until(() => state('light.lamp')?.attributes['brightness'] === 200);
    await h.flush();
    expect(h.on('cmd/pump')).toEqual(['ON']);
    expect(h.on('cmd/lamp/brightness')).toEqual(['200']);
  });

  it('scene.create with snapshot_entities, then scene.turn_on restores them; delete only what create made', async () => {
    // tests/components/homeassistant/test_scene.py test_create_service / test_snapshot_service: the snapshot
    // takes the entities as they are; turning the scene on brings them back.
    h = await startHarness({
      'scenes.yaml': SCENES,
      'snap.yaml': onGo(
        'snap',
        `  - action: scene.create
    data: {scene_id: before, snapshot_entities: [switch.pump, light.lamp, switch.nothing_here]}
  - action: switch.turn_off
    target: {entity_id: switch.pump}
  - action: light.turn_on
    target: {entity_id: light.lamp}
    data: {brightness: 30}
  - action: scene.turn_on
    target: {entity_id: scene.before}`,
      ),
      'del.yaml': onGo(
        'del',
        `  - action: scene.delete
    target: {entity_id: scene.romantic}
    continue_on_error: true
  - action: scene.delete
    target: {entity_id: scene.before}`,
      ),
    });
    await command('switch', 'turn_on', 'switch.pump');
    await command('light', 'turn_on', 'light.lamp', { brightness: 100 });
    const trace = await go('snap');
    expect(trace.outcome).toBe('finished');
    expect(trace.steps[0]?.result?.['created']).toEqual({
      entity_id: 'scene.before',
      entities: ['switch.pump', 'light.lamp'],
      missing: ['switch.nothing_here'],
    });
    expect(h.on('cmd/pump')).toEqual(['ON', 'OFF', 'ON']);
    expect(h.on('cmd/lamp/brightness')).toEqual(['100', '30', '100']);
    expect(state('scene.before')?.attributes).toEqual({
      entity_id: ['switch.pump', 'light.lamp'],
      friendly_name: 'before',
    });

    // scene.delete refuses a scene of the configuration (homeassistant/scene.py), removes a created one
    const del = await go('del');
    expect(del.steps[0]?.error).toBe("The scene scene.romantic is not created with action 'scene.create'");
    expect(del.outcome).toBe('finished');
    expect(state('scene.before')).toBeUndefined();
    expect(h.t.app.registry.entity('scene.before')).toBeUndefined();
    expect(state('scene.romantic')).toBeDefined();
  });

  it('scene.apply sets states inline; scene.reload drops created scenes; a created scene does not survive a restart', async () => {
    h = await startHarness({
      'apply.yaml': onGo(
        'apply',
        `  - action: scene.apply
    data:
      entities:
        switch.valve: "on"
        light.lamp: {state: "on", brightness: 50}
      transition: 3
  - action: scene.create
    data:
      scene_id: later
      entities: {switch.valve: "off"}`,
      ),
      'reload.yaml': onGo('reload', '  - action: scene.reload'),
    });
    const trace = await go('apply');
    expect(h.on('cmd/valve')).toEqual(['ON']);
    expect(h.on('cmd/lamp/brightness')).toEqual(['50']);
    // the lamp's turn_on takes no transition: it is left out and named, not dropped silently
    expect(trace.steps[0]?.result?.['entities']).toContainEqual({
      entity_id: 'light.lamp',
      status: 'performed',
      actions: [{ action: 'light.turn_on', data: { brightness: 50 } }],
      ignored: ['transition'],
    });
    expect(state('scene.later')?.state).toBe('unknown');

    // a restart (a new engine over the same registry) does not bring back scene.later
    await h.engine.stop();
    const again = createFolderAutomationEngine({
      dir: h.dir,
      bus: h.t.app.bus,
      states: h.t.app.states,
      registry: h.t.app.registry,
      commands: h.t.app.commands,
      messages: h.t.app.mqtt,
      alerts: h.alerts,
      traces: h.traces,
      clock: systemClock,
      log: silentLogger,
      watch: false,
    });
    await again.start();
    expect(h.t.app.registry.entity('scene.later')).toBeUndefined();
    // scene.reload: created scenes go, the folder's are read again
    await again.trigger('apply');
    await again.whenIdle();
    expect(state('scene.later')).toBeDefined();
    await again.trigger('reload');
    await again.whenIdle();
    expect(state('scene.later')).toBeUndefined();
    await again.stop();
  });

  it('reports a scene state that is not text at its line, as Home Assistant does', async () => {
    h = await startHarness({
      'scenes.yaml': `
- name: Bad
  entities:
    input_number.level: 5
    light.lamp: {brightness: 10}
`,
    });
    expect(h.engine.diagnostics().map((d) => `${d.file}:${d.line}:${d.column} ${d.message} | ${d.hint}`)).toEqual([
      'scenes.yaml:4:25 entities.input_number.level: State for input_number.level should be a string | quote it: "5"',
      'scenes.yaml:5:17 entities.light.lamp: missing required key \'state\' | state: "on"',
    ]);
    expect(state('scene.bad')).toBeUndefined();
  });
});

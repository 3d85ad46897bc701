// The other sections of the automations folder (helpers, scripts, scenes, zones), as Home Assistant's
// configuration.yaml and packages hold them: each definition is validated and every problem placed at its line.
import { describe, expect, it } from 'vitest';
import { loadAutomations } from '../../../src/adapters/automations/loader.js';
import { tempTree, where } from './helpers.js';

const PACKAGE = `input_boolean:
  simulate:
    name: Simulate
  guest_mode:
input_number:
  slider:
    min: 10
    max: 5
input_select:
  mode:
    options: [a, b]
    initial: c
counter:
  visits:
    step: 2
timer:
  laundry:
    duration: "00:45:00"
zone:
  - name: Work place
    latitude: 52.1
    longitude: 4.3
automation:
  - id: sim
    triggers: {trigger: state, entity_id: input_boolean.simulate}
    actions: {action: script.wake_up}
`;

const SCRIPTS = `wake_up:
  alias: Wake up
  fields:
    room: {description: which room, default: bedroom}
  sequence:
    - action: light.turn_on
      target: {entity_id: "light.{{ room }}"}
Bad-Id:
  sequence: []
`;

const SCENES = `- name: Movie night
  entities:
    light.tv: {state: on, brightness: 50}
    switch.lamp: off
- name: Movie night
  entities: {light.tv: "off"}
`;

describe('sections of the automations folder', () => {
  const result = loadAutomations(tempTree({ 'home.yaml': PACKAGE, 'scripts.yaml': SCRIPTS, 'scenes.yaml': SCENES }));
  const defs = (result.definitions ?? []).map((d) => `${d.section}.${d.id}@${d.file}:${d.line}:${d.column}`);

  it('reads helpers, zones and automations from one file, scripts.yaml and scenes.yaml whole', () => {
    expect(result.automations.map((a) => a.id)).toEqual(['sim']);
    expect(defs).toEqual([
      'input_boolean.simulate@home.yaml:2:3',
      'input_boolean.guest_mode@home.yaml:4:3',
      'counter.visits@home.yaml:14:3',
      'timer.laundry@home.yaml:17:3',
      'zone.work_place@home.yaml:20:5',
      'scene.movie_night@scenes.yaml:1:3',
      'script.wake_up@scripts.yaml:1:1',
    ]);
    const scene = result.definitions?.find((d) => d.section === 'scene');
    expect(scene?.config).toMatchObject({
      entities: { 'light.tv': { state: 'on', attributes: { brightness: 50 } }, 'switch.lamp': { state: 'off' } },
    });
    const counter = result.definitions?.find((d) => d.id === 'visits');
    expect(counter?.config).toEqual({ initial: 0, restore: true, step: 2 });
  });

  it("reports each invalid definition at its line, with Home Assistant's checks, and skips only it", () => {
    expect(
      result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.automation_id} ${where(d)}`),
    ).toEqual([
      'input_number.slider home.yaml:8:10 max: maximum (5) must be greater than minimum (10)',
      "input_select.mode home.yaml:12:14 initial: initial state 'c' is not part of the options: a, b",
      "scene.movie_night scenes.yaml:5:3 duplicate scene 'movie_night': already defined at scenes.yaml:1:3",
      "script.Bad-Id scripts.yaml:8:1 invalid script id 'Bad-Id'",
    ]);
  });
});

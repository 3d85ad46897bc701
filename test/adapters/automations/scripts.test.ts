// Scripts in the automations folder (scripts.yaml, as Home Assistant's `script: !include scripts.yaml`): their
// field selectors are checked as Home Assistant's validate_selector does, and the scripts they and automations
// call are checked against the folder's, each problem at its line.
import { describe, expect, it } from 'vitest';
import { loadAutomations } from '../../../src/adapters/automations/loader.js';
import { tempTree, where } from './helpers.js';

const SCRIPTS = `wake_up:
  fields:
    room:
      selector: {area: {}}
    mood:
      selector: {colour: {}}
  sequence:
    - action: script.wake_upp
    - action: script.turn_on
      target: {entity_id: script.good_nigth}
    - action: shell_command.coffee
good_night:
  sequence:
    - action: script.wake_up
      data: {room: bedroom}
broken:
  fields:
    level:
      selector: {number: {min: 0, max: "high"}}
  sequence: []
`;

const AUTOMATION = `id: morning
triggers: [{trigger: time, at: "07:00"}]
actions:
  - action: script.good_night
  - action: script.toggle
    target: {entity_id: [script.wake_up, script.nap, script.broken]}
`;

describe('scripts in the automations folder', () => {
  const result = loadAutomations(tempTree({ 'scripts.yaml': SCRIPTS, 'morning.yaml': AUTOMATION }));
  const problems = result.diagnostics.map((d) => `${d.automation_id} ${d.severity} ${where(d)} | ${d.hint ?? ''}`);

  it('checks field selectors and finds the scripts a script or an automation calls that do not exist', () => {
    expect(problems).toEqual([
      "morning warning morning.yaml:6:42 actions[1].target.entity_id[1]: script 'script.nap' is not defined | no script in the automations folder has this id",
      // a script with an error does not load, so calling it warns too
      "morning warning morning.yaml:6:54 actions[1].target.entity_id[2]: script 'script.broken' is not defined | no script in the automations folder has this id",
      "script.wake_up warning scripts.yaml:6:18 unknown selector type 'colour' | Switchyard does not check the values given for this input",
      "script.wake_up warning scripts.yaml:8:15 sequence[0].action: script 'script.wake_upp' is not defined; a run that reaches this step stops with an error | did you mean script.wake_up?",
      "script.wake_up warning scripts.yaml:10:27 sequence[1].target.entity_id: script 'script.good_nigth' is not defined | did you mean script.good_night?",
      expect.stringMatching(
        /^script\.wake_up warning scripts\.yaml:11:15 sequence\[2\]\.action: action 'shell_command\.coffee' not found/,
      ),
      "script.broken error scripts.yaml:19:40 max: expected a number, got 'high' | ",
    ]);
  });
});

// Blueprints (issue 18): `use_blueprint` with Home Assistant's own motion_light.yaml and notify_leaving_zone.yaml
// (test/fixtures/blueprints), substitution and defaults, missing inputs, selector values, errors in the
// blueprint reported in its file and at the automation using it, paths, the source hash.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAutomationText, loadAutomations } from '../../../src/adapters/automations/loader.js';
import type { AutomationDiagnostic } from '../../../src/automations/model.js';
import { errors, tempTree, where } from './helpers.js';

const fixture = (name: string) => readFileSync(join('test/fixtures/blueprints', name), 'utf8');
const BP = 'blueprints/automation';
const HA = { [`${BP}/homeassistant/motion_light.yaml`]: fixture('motion_light.yaml') };
const full = (d: AutomationDiagnostic) => `${where(d)} [${d.severity}]${d.hint ? ` (${d.hint})` : ''}`;
const motion = (input: string, extra = '') =>
  `id: hall\nalias: Hall light\n${extra}use_blueprint:\n  path: homeassistant/motion_light.yaml\n  input:\n${input}`;
const HALL = '    motion_entity: binary_sensor.hall_motion\n    light_target:\n      entity_id: light.hall\n';

describe("Home Assistant's motion_light blueprint", () => {
  it('substitutes the inputs, fills in defaults and takes id and alias from the automation', () => {
    const r = loadAutomations(tempTree({ ...HA, 'hall.yaml': motion(HALL) }));
    expect(r.diagnostics).toEqual([]);
    const [a] = r.automations;
    expect([a?.id, a?.alias, a?.file, a?.line]).toEqual(['hall', 'Hall light', 'hall.yaml', 1]);
    const c = a!.config;
    expect([c.mode, c.max_exceeded]).toEqual(['restart', 'silent']);
    expect(c.triggers).toEqual([
      { enabled: true, trigger: 'state', entity_id: ['binary_sensor.hall_motion'], from: ['off'], to: ['on'] },
    ]);
    expect(c.actions.map((s) => [s.kind, s.alias])).toEqual([
      ['call', 'Turn on the light'],
      ['wait_for_trigger', 'Wait until there is no motion from device'],
      ['delay', 'Wait the number of seconds that has been set'],
      ['call', 'Turn off the light'],
    ]);
    expect(c.actions[0]).toMatchObject({ action: 'light.turn_on', target: { entity_id: ['light.hall'] } });
    expect(c.actions[2]).toMatchObject({ delay: { kind: 'fixed', ms: 120_000 } }); // the default: 120
  });

  it("lets the automation's own keys win over the blueprint's, and a given input over the default", () => {
    const text = motion(`${HALL}    no_motion_wait: 30\n`, 'description: mine\nmode: single\n');
    const [a] = loadAutomations(tempTree({ ...HA, 'hall.yaml': text })).automations;
    expect([a?.config.mode, a?.config.description, a?.config.max_exceeded]).toEqual(['single', 'mine', 'silent']);
    expect(a?.config.actions[2]).toMatchObject({ delay: { kind: 'fixed', ms: 30_000 } });
  });

  it("reports a missing input at the automation's input: line, naming it", () => {
    const r = loadAutomations(tempTree({ ...HA, 'hall.yaml': motion('    no_motion_wait: 5\n') }));
    expect(r.automations).toEqual([]);
    expect(r.diagnostics.map(full)).toEqual([
      "hall.yaml:5:3 missing input 'motion_entity' (Motion Sensor) of blueprint 'Motion-activated Light' [error] " +
        '(it has no default: give it under use_blueprint: input:)',
      "hall.yaml:5:3 missing input 'light_target' (Light) of blueprint 'Motion-activated Light' [error] " +
        '(it has no default: give it under use_blueprint: input:)',
    ]);
  });

  it("checks the given values against the inputs' selectors, at each value", () => {
    const input = [
      '    motion_entity: sensor.hall_motion',
      '    no_motion_wait: 5000',
      '    light_target:',
      '      entity: light.hall',
      '    wait: 3',
      '',
    ].join('\n');
    const r = loadAutomations(tempTree({ ...HA, 'hall.yaml': motion(input) }));
    expect(r.automations).toEqual([]);
    expect(r.diagnostics.map(full)).toEqual([
      "hall.yaml:6:20 input 'motion_entity': sensor.hall_motion is not a binary_sensor entity, " +
        "as the blueprint's selector asks [warning]",
      "hall.yaml:7:21 input 'no_motion_wait': value 5000 is too large: at most 3600 [error]",
      "hall.yaml:9:7 input 'light_target': unknown key 'entity' in target [error] (did you mean 'entity_id'?)",
      "hall.yaml:10:5 blueprint 'Motion-activated Light' has no input 'wait': ignored [warning] " +
        '(its inputs: motion_entity, light_target, no_motion_wait)',
    ]);
  });

  it('finds blueprints in sub-folders and refuses paths outside blueprints/automation', () => {
    const use = (path: string) => `- id: ${path.length}\n  use_blueprint: {path: ${path}, input: {}}\n`;
    const dir = tempTree({
      ...HA,
      'secrets.yaml': 'x: 1\n',
      'a.yaml': ['../../secrets.yaml', '/etc/motion.yaml', 'motion_light.yaml', 'homeassistant/motion.yml']
        .map(use)
        .join(''),
    });
    expect(loadAutomations(dir).diagnostics.map(full)).toEqual([
      "a.yaml:2:25 blueprint path '../../secrets.yaml' points outside blueprints/automation [error] " +
        '(give the path within blueprints/automation/, like motion_light.yaml)',
      "a.yaml:4:25 blueprint path '/etc/motion.yaml' points outside blueprints/automation [error] " +
        '(give the path within blueprints/automation/, like motion_light.yaml)',
      "a.yaml:6:25 blueprint 'motion_light.yaml' not found: there is no blueprints/automation/motion_light.yaml " +
        "[error] (did you mean 'homeassistant/motion_light.yaml'?)",
      'a.yaml:8:25 use_blueprint.path: Path needs to end in .yaml [error]',
    ]);
  });

  it('does not load the blueprints folder as automations', () => {
    const r = loadAutomations(tempTree({ ...HA, [`${BP}/broken.yaml`]: 'blueprint: [\n' }));
    expect(r).toEqual({ automations: [], diagnostics: [], definitions: [] });
  });

  it('says so when a blueprint is put among the automations', () => {
    const r = loadAutomations(tempTree({ 'motion_light.yaml': fixture('motion_light.yaml') }));
    expect(r.automations).toEqual([]);
    expect(errors(r).map(full).slice(0, 2)).toEqual([
      'motion_light.yaml:5:3 blueprint: this is a blueprint, not an automation [error] ' +
        '(blueprint files go in blueprints/automation/; an automation uses one with use_blueprint)',
      'motion_light.yaml:43:14 unsupported tag !input [error] ' +
        '(only blueprint files (in blueprints/automation/) take !input; an automation gives inputs in use_blueprint)',
    ]);
  });

  it("covers the blueprint's text in the source hash, so editing it reloads the automations using it", () => {
    const dir = tempTree({ ...HA, 'hall.yaml': motion(HALL), 'plain.yaml': 'id: p\ntriggers: []\nactions: []\n' });
    const before = loadAutomations(dir).automations[0]?.source_hash;
    const file = join(dir, `${BP}/homeassistant/motion_light.yaml`);
    writeFileSync(file, readFileSync(file, 'utf8').replace('default: 120', 'default: 60'));
    const after = loadAutomations(dir).automations[0];
    expect(after?.source_hash).not.toBe(before);
    expect(after?.config.actions[2]).toMatchObject({ delay: { kind: 'fixed', ms: 60_000 } });
  });

  it("validates text that is not on disk yet against the folder's blueprints", () => {
    const dir = tempTree(HA);
    const r = loadAutomationText(motion(HALL), 'new.yaml', { dir });
    expect([errors(r), r.automations.map((a) => a.id)]).toEqual([[], ['hall']]);
  });
});

describe('errors inside a blueprint', () => {
  it("are reported in the blueprint's file and, via the blueprint, at the automation", () => {
    const dir = tempTree({
      [`${BP}/homeassistant/notify_leaving_zone.yaml`]: fixture('notify_leaving_zone.yaml'),
      'zone.yaml': [
        'id: zone',
        'use_blueprint:',
        '  path: homeassistant/notify_leaving_zone.yaml',
        '  input:',
        '    person_entity: person.anna',
        '    zone_entity: zone.home',
        '    notify_device: 8f2c',
        '',
      ].join('\n'),
    });
    const r = loadAutomations(dir);
    expect(r.automations).toEqual([]);
    // the blueprint's device action (mobile_app's notify) is what fails, at its domain
    expect(r.diagnostics.map(where)).toEqual([
      `${BP}/homeassistant/notify_leaving_zone.yaml:50:13 actions[0].domain: device actions of the 'mobile_app' ` +
        'integration are not supported',
      "zone.yaml:2:1 via blueprint 'homeassistant/notify_leaving_zone.yaml' " +
        `(${BP}/homeassistant/notify_leaving_zone.yaml:50:13): actions[0].domain: device actions of the 'mobile_app' ` +
        'integration are not supported',
    ]);
    expect(r.diagnostics.map((d) => d.automation_id)).toEqual(['zone', 'zone']);
  });
});

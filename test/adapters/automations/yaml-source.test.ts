// YAML reading: YAML 1.2 scalars, positions back from a path, !secret and !include (with cycles), and
// the Home Assistant tags Switchyard does not support.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAutomations } from '../../../src/adapters/automations/loader.js';
import { createYamlReader } from '../../../src/adapters/automations/yaml-source.js';
import { errors, tempTree, where } from './helpers.js';

const read = (files: Record<string, string>, name: string) => {
  const dir = tempTree(files);
  return createYamlReader(dir).read(join(dir, name));
};

describe('YAML reading', () => {
  it('keeps on/off, yes/no and times as text (YAML 1.2)', () => {
    const src = read({ 'a.yaml': 'to: on\nfrom: off\nok: yes\nat: 07:30\nn: 5\nt: true\n' }, 'a.yaml');
    expect(src.value).toEqual({ to: 'on', from: 'off', ok: 'yes', at: '07:30', n: 5, t: true });
  });

  it('locates values and keys by path, also through anchors and single items given for lists', () => {
    const src = read(
      { 'a.yaml': 'base: &b\n  entity_id: light.a\ntriggers:\n  trigger: state\n  entity_id: light.b\nother: *b\n' },
      'a.yaml',
    );
    expect(src.locate(['triggers', 0, 'entity_id'])).toEqual({ file: 'a.yaml', line: 5, column: 14 });
    expect(src.locate(['triggers', 0, 'entity_id'], { key: true })).toEqual({ file: 'a.yaml', line: 5, column: 3 });
    expect(src.locate(['other', 'entity_id'])).toEqual({ file: 'a.yaml', line: 2, column: 14 });
    // an absent key: the closest node that exists
    expect(src.locate(['triggers', 0, 'for'])).toEqual({ file: 'a.yaml', line: 4, column: 3 });
  });

  it('merges `<<` keys', () => {
    const src = read({ 'a.yaml': 'common: &c {mode: queued, max: 3}\nauto:\n  <<: *c\n  alias: x\n' }, 'a.yaml');
    expect(src.value).toMatchObject({ auto: { mode: 'queued', max: 3, alias: 'x' } });
  });
});

const AUTOMATION = (topic: string) =>
  `id: a\ntriggers:\n  - trigger: mqtt\n    topic: ${topic}\nactions:\n  - action: switch.turn_on\n    target:\n      entity_id: switch.esp32_kitchen_relay\n`;

describe('!secret', () => {
  it('substitutes the value from secrets.yaml of the same folder', () => {
    const result = loadAutomations(
      tempTree({
        'secrets.yaml': 'kitchen_topic: devices/kitchen/button\n',
        'a.yaml': AUTOMATION('!secret kitchen_topic'),
      }),
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.automations[0]?.config.triggers).toMatchObject([
      { trigger: 'mqtt', topic: 'devices/kitchen/button' },
    ]);
  });

  it('reports a missing secret at the tag, once, and skips only that automation', () => {
    const dir = tempTree({
      'secrets.yaml': 'other: x\n',
      'a.yaml': AUTOMATION('!secret kitchen_topic'),
      'b.yaml': AUTOMATION('devices/b').replace('id: a', 'id: b'),
    });
    const result = loadAutomations(dir);
    expect(result.automations.map((a) => a.id)).toEqual(['b']);
    expect(result.diagnostics.map((d) => [where(d), d.hint, d.automation_id])).toEqual([
      ["a.yaml:4:12 secret 'kitchen_topic' is not defined", "add 'kitchen_topic: …' to secrets.yaml", 'a'],
    ]);
  });

  it('reports a secret when there is no secrets.yaml, and an empty secret name', () => {
    const result = loadAutomations(
      tempTree({ 'a.yaml': AUTOMATION('!secret nope'), 'b.yaml': AUTOMATION('!secret').replace('id: a', 'id: b') }),
    );
    expect(errors(result).map(where)).toEqual([
      "a.yaml:4:12 secret 'nope' is not defined",
      'b.yaml:4:12 !secret needs a secret name',
    ]);
  });

  it('looks in parent folders for a file included from a subfolder', () => {
    const dir = tempTree({
      'secrets.yaml': 'relay: switch.esp32_kitchen_relay\n',
      'a.yaml': 'id: a\ntriggers: {trigger: homeassistant, event: start}\nactions: !include parts/actions.yaml\n',
      'parts/actions.yaml': '- action: switch.turn_off\n  target: {entity_id: !secret relay}\n',
    });
    const result = loadAutomations(dir);
    expect(result.diagnostics).toEqual([]);
    expect(result.automations[0]?.config.actions).toMatchObject([
      { action: 'switch.turn_off', target: { entity_id: ['switch.esp32_kitchen_relay'] } },
    ]);
  });
});

describe('!include', () => {
  it('reads the file relative to the including file; problems inside point into the included file', () => {
    const dir = tempTree({
      'a.yaml': 'id: a\ntriggers: !include parts/triggers.yaml\nactions: !include parts/actions.yaml\n',
      'parts/triggers.yaml': '- trigger: state\n  entity_id: light.a\n  frm: "on"\n',
      'parts/actions.yaml': '!include more/actions.yaml\n',
      'parts/more/actions.yaml': '- action: light.turn_on\n  target: {entity_id: light.a}\n',
    });
    const result = loadAutomations(dir);
    expect(result.automations).toEqual([]);
    expect(result.diagnostics.map((d) => [where(d), d.hint, d.automation_id])).toEqual([
      ["parts/triggers.yaml:3:3 unknown key 'frm' in state trigger (at triggers[0])", "did you mean 'from'?", 'a'],
    ]);
    writeFileSync(join(dir, 'parts/triggers.yaml'), '- trigger: state\n  entity_id: light.a\n  from: "on"\n');
    const fixedUp = loadAutomations(dir);
    expect(fixedUp.diagnostics).toEqual([]);
    expect(fixedUp.automations[0]?.config).toMatchObject({
      triggers: [{ trigger: 'state', from: ['on'] }],
      actions: [{ action: 'light.turn_on', target: { entity_id: ['light.a'] } }],
    });
  });

  it('includes a whole list of automations, located in the included file', () => {
    const dir = tempTree({
      'all.yaml': 'automation: !include lists/kitchen.yaml\n',
      'lists/kitchen.yaml':
        '- id: k1\n  triggers: {trigger: homeassistant, event: start}\n  actions: {action: light.turn_on, entity_id: light.k}\n',
    });
    const result = loadAutomations(dir);
    expect(result.diagnostics).toEqual([]);
    expect(result.automations.map((a) => `${a.id}@${a.file}:${a.line}:${a.column}`)).toEqual([
      'k1@lists/kitchen.yaml:1:3',
    ]);
  });

  it('changes the source hash when an included file changes', () => {
    const dir = tempTree({
      'a.yaml': 'id: a\ntriggers: {trigger: homeassistant, event: start}\nactions: !include parts/x.yaml\n',
      'parts/x.yaml': '- action: light.turn_on\n  entity_id: light.a\n',
    });
    const before = loadAutomations(dir).automations[0]?.source_hash;
    writeFileSync(join(dir, 'parts/x.yaml'), '- action: light.turn_on\n  entity_id: light.b\n');
    expect(loadAutomations(dir).automations[0]?.source_hash).not.toBe(before);
  });

  it('survives an include cycle and names it', () => {
    const dir = tempTree({
      'a.yaml': 'id: a\ntriggers: !include parts/x.yaml\nactions: [{action: light.turn_on}]\n',
      'b.yaml': 'id: b\ntriggers: {trigger: homeassistant, event: start}\nactions: [{action: light.turn_on}]\n',
      'parts/x.yaml': '- !include y.yaml\n',
      'parts/y.yaml': '- !include x.yaml\n',
    });
    const result = loadAutomations(dir);
    expect(result.automations.map((a) => a.id)).toEqual(['b']);
    expect(result.diagnostics.map(where)).toEqual([
      "a.yaml:2:11 included file 'parts/x.yaml' has errors",
      "parts/x.yaml:1:3 included file 'parts/y.yaml' has errors",
      'parts/y.yaml:1:3 !include cycle: parts/x.yaml → parts/y.yaml → parts/x.yaml',
    ]);
  });

  it('reports a file that includes itself, a missing file and a path outside the folder', () => {
    const dir = tempTree({
      'a.yaml': 'id: a\ntriggers: !include a.yaml\nactions: !include nope.yaml\n',
      'b.yaml': 'id: b\ntriggers: !include ../elsewhere.yaml\nactions: [{action: light.turn_on}]\n',
    });
    expect(errors(loadAutomations(dir)).map(where)).toEqual([
      'a.yaml:2:11 !include cycle: a.yaml → a.yaml',
      "a.yaml:3:10 cannot read included file 'nope.yaml': ENOENT",
      "b.yaml:2:11 !include '../elsewhere.yaml' points outside the automations folder",
    ]);
  });
});

describe('!include and symbolic links', () => {
  it('refuses a link inside the folder that leads outside it (issue 21), and follows one that stays inside', () => {
    const outside = tempTree({ 'secret-steps.yaml': '- action: light.turn_on\n' });
    const dir = tempTree({
      'a.yaml': 'id: a\ntriggers: {trigger: homeassistant, event: start}\nactions: !include parts/away.yaml\n',
      'b.yaml': 'id: b\ntriggers: {trigger: homeassistant, event: start}\nactions: !include parts/near.yaml\n',
      'steps/real.yaml': '- action: light.turn_off\n',
    });
    mkdirSync(join(dir, 'parts'));
    symlinkSync(join(outside, 'secret-steps.yaml'), join(dir, 'parts', 'away.yaml'));
    symlinkSync(join(dir, 'steps', 'real.yaml'), join(dir, 'parts', 'near.yaml'));
    const result = loadAutomations(dir);
    expect(result.automations.map((a) => a.id)).toEqual(['b']);
    expect(errors(result).map(where)).toEqual([
      "a.yaml:3:10 !include 'parts/away.yaml' points outside the automations folder",
    ]);
  });
});

describe('tags Switchyard does not support', () => {
  it('reports !input, !env_var, !include_dir_* and unknown tags at the tag', () => {
    const dir = tempTree({
      'a.yaml': [
        'id: a',
        'triggers:',
        '  - trigger: state',
        '    entity_id: !input motion_sensor',
        'actions: !include_dir_list actions',
        'variables:',
        '  home: !env_var HOME',
        '  odd: !fancy value',
        '',
      ].join('\n'),
    });
    const result = loadAutomations(dir);
    expect(result.automations).toEqual([]);
    expect(result.diagnostics.map((d) => [where(d), d.hint])).toEqual([
      [
        'a.yaml:4:16 unsupported tag !input',
        'only blueprint files (in blueprints/automation/) take !input; an automation gives inputs in use_blueprint',
      ],
      [
        'a.yaml:5:10 unsupported tag !include_dir_list',
        'every file in the automations folder is loaded already; use !include for single files',
      ],
      ['a.yaml:7:9 unsupported tag !env_var', 'environment variables are not read in automations; use !secret'],
      ['a.yaml:8:8 unknown tag !fancy', 'Switchyard understands !secret and !include'],
    ]);
  });
});

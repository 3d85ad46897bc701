// The loader on broken and unusual folders: every problem is reported at its file:line:column, one bad
// automation never stops the others.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAutomationText, loadAutomations } from '../../../src/adapters/automations/loader.js';
import { errors, tempTree, where } from './helpers.js';

const GOOD = (id: string) =>
  `id: ${id}\ntriggers:\n  - trigger: homeassistant\n    event: start\nactions:\n  - action: switch.turn_on\n    target:\n      entity_id: switch.esp32_kitchen_relay\n`;

describe('loadAutomations', () => {
  it('reports a YAML syntax error at its line and column and still loads the other files', () => {
    const dir = tempTree({
      'a-broken.yaml': 'id: broken\ntriggers:\n  - trigger: state\n   entity_id: light.a\nactions: []\n',
      'b-good.yaml': GOOD('good'),
    });
    const result = loadAutomations(dir);
    expect(result.automations.map((a) => a.id)).toEqual(['good']);
    expect(result.diagnostics.map(where)).toEqual([
      'a-broken.yaml:4:1 YAML syntax error: Sequence item without - indicator',
    ]);
    expect(result.diagnostics[0]?.hint).toBeDefined();
  });

  it('reports tabs and duplicate keys as syntax errors', () => {
    const dir = tempTree({ 'a.yaml': 'id: a\nid: b\n', 'b.yaml': 'triggers:\n\t- trigger: state\n' });
    expect(loadAutomations(dir).diagnostics.map(where)).toEqual([
      'a.yaml:2:1 YAML syntax error: Map keys must be unique',
      'b.yaml:2:1 YAML syntax error: Tabs are not allowed as indentation',
    ]);
  });

  it('points at an unknown key with a "did you mean" hint', () => {
    const dir = tempTree({
      'a.yaml': [
        'id: a',
        'triggers:',
        '  - trigger: state',
        '    entity_id: light.a',
        '    too: "on"',
        'conditions:',
        '  - condition: state',
        '    entity_id: sensor.t',
        '    state: "1"',
        '    below: 5',
        'actons:',
        '  - action: light.turn_on',
        '',
      ].join('\n'),
    });
    const result = loadAutomations(dir);
    expect(result.automations).toEqual([]);
    expect(result.diagnostics.map((d) => [where(d), d.hint, d.automation_id])).toEqual([
      ["a.yaml:1:1 missing required key 'actions'", undefined, 'a'],
      ["a.yaml:5:5 unknown key 'too' in state trigger (at triggers[0])", "did you mean 'to'?", 'a'],
      [
        "a.yaml:10:5 unknown key 'below' in state condition (at conditions[0])",
        "'below' is an option of numeric_state conditions, not of state",
        'a',
      ],
      ["a.yaml:11:1 unknown key 'actons' in automation", "did you mean 'actions'?", 'a'],
    ]);
  });

  it('points at a wrong value: type, choice and entity id', () => {
    const dir = tempTree({
      'a.yaml':
        'id: a\nmode: queud\nmax: 1\ntriggers:\n  - trigger: time\n    at: "25:00"\nactions:\n  - action: light.turn_on\n    entity_id: Kitchen Light\n',
    });
    const result = loadAutomations(dir);
    expect(result.diagnostics.map((d) => [where(d), d.hint])).toEqual([
      ["a.yaml:2:7 mode: expected one of single, restart, queued, parallel, got 'queud'", "did you mean 'queued'?"],
      ['a.yaml:3:6 max: expected an integer of at least 2, got 1', undefined],
      ["a.yaml:6:9 triggers[0].at: '25:00' is not a valid time of day", "write it as HH:MM or HH:MM:SS, e.g. '07:30'"],
      [
        "a.yaml:9:16 actions[0].entity_id: 'Kitchen Light' is not a valid entity id",
        "entity ids look like 'domain.object_id', e.g. 'light.kitchen'",
      ],
    ]);
  });

  it('names unsupported triggers, conditions and actions at their type key', () => {
    const dir = tempTree({
      'a.yaml': [
        'id: a',
        'triggers:',
        '  - trigger: calendar',
        '    event: start',
        '  - platform: geo_location',
        '    source: x',
        '  - trigger: stat',
        'conditions:',
        '  - condition: zone',
        'actions:',
        '  - scene: scene.evening',
        '  - action: shell_command.bedtime',
        '  - action: light.turn_on',
        '    target:',
        '      floor_id: ground',
        '  - device_id: abc123',
        '    domain: light',
        '    type: turn_on',
        '',
      ].join('\n'),
    });
    expect(loadAutomations(dir).diagnostics.map(where)).toEqual([
      "a.yaml:3:14 triggers[0].trigger: unsupported trigger 'calendar'",
      "a.yaml:5:15 triggers[1].platform: unsupported trigger 'geo_location'",
      "a.yaml:7:14 triggers[2].trigger: unknown trigger type 'stat'",
      // a zone condition needs its entities and zones (zone/condition.py)
      "a.yaml:9:5 missing required key 'entity_id' in conditions[0]",
      "a.yaml:9:5 missing required key 'zone' in conditions[0]",
      // `scene: scene.evening` is a scene.turn_on step (scripts and scenes: test/automations/engine/scenes.test.ts)
      // a well-formed action name Switchyard cannot perform is a warning (the run fails when it gets there)
      "a.yaml:12:13 actions[1].action: action 'shell_command.bedtime' not found; " +
        'a run that reaches this step stops with an error',
      "a.yaml:15:17 actions[2].target.floor_id: unsupported target 'floor_id'",
      // a device action without its entity (light/device_action.py ACTION_SCHEMA requires entity_id)
      "a.yaml:16:5 missing required key 'entity_id' in actions[3]",
    ]);
  });

  it('reports a duplicate id across two files and keeps the first', () => {
    const dir = tempTree({
      'a.yaml': GOOD('same'),
      'b.yaml': `- ${GOOD('other').replace(/\n(?=.)/g, '\n  ')}- ${GOOD('same').replace(/\n(?=.)/g, '\n  ')}`,
    });
    const result = loadAutomations(dir);
    expect(result.automations.map((a) => `${a.id}@${a.file}:${a.line}`)).toEqual(['same@a.yaml:1', 'other@b.yaml:1']);
    expect(result.diagnostics.map((d) => [where(d), d.automation_id])).toEqual([
      ["b.yaml:9:3 duplicate id 'same': already used at a.yaml:1:1", 'same'],
    ]);
  });

  it('loads the good automation of a file that also holds a bad one', () => {
    const dir = tempTree({
      'a.yaml': `- ${GOOD('good').replace(/\n(?=.)/g, '\n  ')}- id: bad\n  triggers: {trigger: homeassistant, event: begin}\n  actions: {action: light.turn_on}\n`,
    });
    const result = loadAutomations(dir);
    expect(result.automations.map((a) => a.id)).toEqual(['good']);
    expect(result.diagnostics.map((d) => [where(d), d.automation_id])).toEqual([
      ["a.yaml:10:45 triggers.event: expected one of start, shutdown, got 'begin'", 'bad'],
    ]);
  });

  it('reports missing triggers and actions, and empty lists', () => {
    const dir = tempTree({ 'a.yaml': 'id: a\nalias: nothing\n', 'b.yaml': 'id: b\ntriggers: []\nactions:\n' });
    expect(loadAutomations(dir).diagnostics.map(where)).toEqual([
      "a.yaml:1:1 missing required key 'triggers'",
      "a.yaml:1:1 missing required key 'actions'",
      'b.yaml:2:11 triggers: an automation needs at least one trigger',
      'b.yaml:3:1 actions: an automation needs at least one action',
    ]);
  });

  it("rejects both spellings of one key with Home Assistant's message", () => {
    const dir = tempTree({
      'a.yaml':
        'id: a\ntriggers: {trigger: homeassistant, event: start}\ntrigger: {platform: homeassistant, event: start}\nactions:\n  - action: light.turn_on\n    service: light.turn_off\n',
    });
    expect(loadAutomations(dir).diagnostics.map(where)).toEqual([
      "a.yaml:3:10 trigger: Cannot specify both 'trigger' and 'triggers'. Please use 'triggers' only.",
      "a.yaml:6:14 actions[0].service: Cannot specify both 'service' and 'action'. Please use 'action' only.",
    ]);
  });

  it('derives stable ids from the alias or the file name, with a warning', () => {
    const files = {
      'kitchen.yaml': `- alias: Fan on when warm!\n${GOOD('x')
        .split('\n')
        .slice(1)
        .map((l) => (l ? `  ${l}` : l))
        .join('\n')}- ${GOOD('x').split('\n').slice(1).join('\n  ')}`,
      'Hall Way.yml': GOOD('x').split('\n').slice(1).join('\n'),
    };
    const first = loadAutomations(tempTree(files));
    expect(first.automations.map((a) => [a.id, a.alias])).toEqual([
      ['hall_way', 'hall_way'],
      ['fan_on_when_warm', 'Fan on when warm!'],
      ['kitchen_2', 'kitchen_2'],
    ]);
    expect(
      first.diagnostics.every((d) => d.severity === 'warning' && d.message.startsWith('automation has no id')),
    ).toBe(true);
    expect(first.diagnostics[0]?.hint).toBe("add 'id: hall_way' so its traces and on/off state survive renames");
    expect(loadAutomations(tempTree(files)).automations.map((a) => a.id)).toEqual(first.automations.map((a) => a.id));
  });

  it('reads `automation:` blocks and the other sections, and says which other keys it ignores', () => {
    const dir = tempTree({
      'config.fragment.yaml': `automation:\n  - ${GOOD('one').replace(/\n(?=.)/g, '\n    ')}automation kitchen:\n  ${GOOD('two').replace(/\n(?=.)/g, '\n  ')}input_boolean:\n  guest_mode: {}\nhttp:\n  server_port: 8123\n`,
    });
    const result = loadAutomations(dir);
    expect(result.automations.map((a) => `${a.id}@${a.line}:${a.column}`)).toEqual(['one@2:5', 'two@11:3']);
    expect(result.definitions?.map((d) => `${d.section}.${d.id}@${d.line}:${d.column}`)).toEqual([
      'input_boolean.guest_mode@20:3',
    ]);
    expect(result.diagnostics.map(where)).toEqual(["config.fragment.yaml:21:1 ignored 'http': not an automation"]);
  });

  it('skips secrets.yaml, files starting with _ or ., and subfolders; reports empty and scalar files', () => {
    const dir = tempTree({
      'secrets.yaml': 'a: b\n',
      '_shared.yaml': 'not: an automation\n',
      '.hidden.yaml': 'nor: this\n',
      'parts/x.yaml': 'nor: that\n',
      'notes.txt': 'hello',
      'empty.yaml': '# nothing yet\n',
      'text.yaml': '"just text"\n',
      'ok.yaml': GOOD('ok'),
    });
    const result = loadAutomations(dir);
    expect(result.automations.map((a) => a.file)).toEqual(['ok.yaml']);
    expect(result.diagnostics.map((d) => `${d.severity} ${where(d)}`)).toEqual([
      'warning empty.yaml:1:1 this file holds no automations',
      'error text.yaml:1:1 expected an automation (a mapping), a list of automations, or an automation: block',
    ]);
  });

  it('reports a missing folder instead of throwing', () => {
    const result = loadAutomations(join(tempTree({}), 'nope'));
    expect(result.automations).toEqual([]);
    expect(result.diagnostics[0]).toMatchObject({
      severity: 'warning',
      message: expect.stringMatching(/does not exist/),
    });
  });

  it("hashes each automation's own text: stable, and changed only by its own edits", () => {
    const dir = tempTree({
      'a.yaml': `- ${GOOD('one').replace(/\n(?=.)/g, '\n  ')}- ${GOOD('two').replace(/\n(?=.)/g, '\n  ')}`,
    });
    const before = loadAutomations(dir).automations;
    expect(before.map((a) => a.source_hash)).toEqual(loadAutomations(dir).automations.map((a) => a.source_hash));
    expect(before[0]?.source_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(before[0]?.source_hash).not.toBe(before[1]?.source_hash);
    writeFileSync(
      join(dir, 'a.yaml'),
      `- ${GOOD('one').replace(/\n(?=.)/g, '\n  ')}- ${GOOD('two')
        .replace('start', 'shutdown')
        .replace(/\n(?=.)/g, '\n  ')}`,
    );
    const after = loadAutomations(dir).automations;
    expect(after[0]?.source_hash).toBe(before[0]?.source_hash);
    expect(after[1]?.source_hash).not.toBe(before[1]?.source_hash);
  });
});

describe('loadAutomationText', () => {
  it('validates text that is not on disk, with positions in that text', () => {
    const result = loadAutomationText(
      'id: x\ntriggers:\n  - trigger: mqtt\nactions:\n  - action: light.turn_on\n',
      'new.yaml',
    );
    expect(result.automations).toEqual([]);
    expect(errors(result).map(where)).toEqual(["new.yaml:3:5 missing required key 'topic' in triggers[0]"]);
    expect(loadAutomationText(GOOD('fine'), 'new.yaml').automations.map((a) => [a.id, a.file])).toEqual([
      ['fine', 'new.yaml'],
    ]);
  });

  it('resolves !secret and !include against the folder it is given', () => {
    const dir = tempTree({
      'secrets.yaml': 'relay: switch.esp32_kitchen_relay\n',
      'parts/on.yaml': '- action: switch.turn_on\n  target: {entity_id: !secret relay}\n',
    });
    const result = loadAutomationText(
      'id: t\ntriggers: {trigger: homeassistant, event: start}\nactions: !include parts/on.yaml\n',
      'draft.yaml',
      { dir },
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.automations[0]?.config.actions).toMatchObject([
      { kind: 'call', target: { entity_id: ['switch.esp32_kitchen_relay'] } },
    ]);
  });
});

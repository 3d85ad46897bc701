// Blueprints (issue 18) of our own: input sections, `!input` in lists and variables, the selectors' values, and
// blueprints with errors, reported in their file and, via the blueprint, at the automation using them.
import { describe, expect, it } from 'vitest';
import { loadAutomations } from '../../../src/adapters/automations/loader.js';
import type { AutomationDiagnostic } from '../../../src/automations/model.js';
import { tempTree, where } from './helpers.js';

const BP = 'blueprints/automation';
const full = (d: AutomationDiagnostic) => `${where(d)} [${d.severity}]${d.hint ? ` (${d.hint})` : ''}`;

/** A blueprint of our own: inputs in a section, `!input` in lists, trigger_variables and variables. */
const DOOR_WATCH = `blueprint:
  name: Door watch
  domain: automation
  input:
    doors:
      name: Doors
      selector:
        entity: {domain: binary_sensor, multiple: true}
    timing:
      name: Timing
      collapsed: true
      input:
        hold:
          default: {seconds: 5}
          selector: {duration: {}}
        quiet_from:
          default: "22:00:00"
          selector: {time: }
        level:
          default: warn
          selector: {select: {options: [info, warn]}}
        loud:
          default: false
          selector: {boolean: }
    prefix:
      selector: {text: {}}
trigger_variables:
  watched: !input doors
variables:
  prefix: !input prefix
  tags: [door, !input level]
  loud: !input loud
triggers:
  - trigger: state
    entity_id: !input doors
    to: "on"
    for: !input hold
conditions:
  - condition: time
    before: !input quiet_from
actions:
  - action: mqtt.publish
    data:
      topic: out/door
      payload: "{{ prefix }} {{ trigger.entity_id }} {{ tags }}"
`;
const doors = (input: string) =>
  `id: doors\nuse_blueprint:\n  path: door_watch.yaml\n  input:\n${input
    .split('\n')
    .map((l) => (l ? `    ${l}` : l))
    .join('\n')}`;

describe('a blueprint with input sections', () => {
  it('substitutes inputs in lists, trigger_variables and variables, with defaults from sections', () => {
    const text = doors('doors: [binary_sensor.front, binary_sensor.back]\nlevel: info\nprefix: Door\n');
    const r = loadAutomations(tempTree({ [`${BP}/door_watch.yaml`]: DOOR_WATCH, 'doors.yaml': text }));
    expect(r.diagnostics).toEqual([]);
    const c = r.automations[0]!.config;
    expect(c.trigger_variables).toEqual({ watched: ['binary_sensor.front', 'binary_sensor.back'] });
    expect(c.variables).toEqual({ prefix: 'Door', tags: ['door', 'info'], loud: false });
    expect(c.triggers[0]).toMatchObject({ entity_id: ['binary_sensor.front', 'binary_sensor.back'] });
    expect(c.triggers[0]).toMatchObject({ for: { kind: 'fixed', ms: 5_000 } });
    expect(c.conditions[0]).toMatchObject({ condition: 'time', before: '22:00:00' });
  });

  it('checks entity domains, select options, times, lists and leaves templates alone', () => {
    const input = [
      'doors: binary_sensor.front',
      'level: loud',
      'quiet_from: "25:00"',
      'loud: "yes"',
      'prefix: 5',
      'hold: "{{ states(\'input_number.hold\') }}"',
      '',
    ].join('\n');
    const more = doors('doors: [binary_sensor.front, light.porch]\nprefix: x\n').replace('id: doors', 'id: more');
    const r = loadAutomations(
      tempTree({ [`${BP}/door_watch.yaml`]: DOOR_WATCH, 'doors.yaml': doors(input), 'more.yaml': more }),
    );
    expect(r.automations).toEqual([]);
    expect(r.diagnostics.map(full)).toEqual([
      "doors.yaml:5:12 input 'doors': expected a list (the selector takes several), got 'binary_sensor.front' [error]",
      "doors.yaml:6:12 input 'level': expected one of info, warn, got 'loud' [error]",
      "doors.yaml:7:17 input 'quiet_from': expected a time of day like 07:30:00, got '25:00' [error]",
      "doors.yaml:8:11 input 'loud': expected true or false, got 'yes' [warning] " +
        '(Home Assistant takes any non-empty value as true)',
      "doors.yaml:9:13 input 'prefix': expected text, got 5 [warning] (quote it to make it text)",
      "more.yaml:5:34 input 'doors': entity light.porch belongs to domain light, expected binary_sensor [error]",
    ]);
  });
});

describe('a broken blueprint', () => {
  const use = 'id: a\nuse_blueprint:\n  path: b.yaml\n  input: {wait: 5}\n';
  const load = (blueprint: string, automation = use) =>
    loadAutomations(tempTree({ [`${BP}/b.yaml`]: blueprint, 'a.yaml': automation })).diagnostics.map(full);
  const head = 'blueprint:\n  name: B\n  domain: automation\n  input:\n    wait:\n';
  const body = 'triggers:\n  - trigger: homeassistant\n    event: start\nactions:\n  - delay: !input wait\n';

  it('reports syntax errors, undefined inputs, the wrong domain and bad selectors in its file and via it', () => {
    expect(load(`${head}${body}  - delay: [\n`)).toEqual([
      `a.yaml:2:1 via blueprint 'b.yaml' (${BP}/b.yaml:12:1): YAML syntax error: ` +
        'Flow sequence in block collection must be sufficiently indented and end with a ] [error] ' +
        '(check the indentation: the keys of one mapping must line up)',
      `${BP}/b.yaml:12:1 YAML syntax error: Flow sequence in block collection must be sufficiently indented and ` +
        'end with a ] [error] (check the indentation: the keys of one mapping must line up)',
    ]);
    expect(load(`${head.replace('automation', 'script')}${body}  - delay: !input wiat\n`)).toEqual([
      `a.yaml:2:1 via blueprint 'b.yaml' (${BP}/b.yaml:3:11): Found incorrect blueprint type script, expected ` +
        'automation [error]',
      `a.yaml:2:1 via blueprint 'b.yaml' (${BP}/b.yaml:11:19): Missing input definition for wiat [error] ` +
        "(did you mean 'wait'?)",
      `${BP}/b.yaml:3:11 Found incorrect blueprint type script, expected automation [error]`,
      `${BP}/b.yaml:11:19 Missing input definition for wiat [error] (did you mean 'wait'?)`,
    ]);
    expect(load(`${head}      selector: {number: {mode: slider, unit: s}, text: {}}\n${body}`)[1]).toBe(
      `${BP}/b.yaml:6:17 a selector names exactly one type: Found number, text [error] (like entity: {})`,
    );
    expect(load(`${head}      selector: {number: {mode: slider, unit: s}}\n${body}`).slice(2)).toEqual([
      `${BP}/b.yaml:6:26 min and max are required in slider mode [error]`,
      `${BP}/b.yaml:6:41 unknown option 'unit' of the number selector: ignored [warning] ` +
        "(did you mean 'unit_of_measurement'?)",
    ]);
  });

  it('refuses an input name used twice, also across sections', () => {
    const twice = `${head}      default: 1\n    more:\n      input:\n        wait:\n          default: 2\n${body}`;
    expect(load(twice).slice(1)).toEqual([
      `${BP}/b.yaml:10:11 input.more.input.wait: Duplicate use of input key wait in blueprint. [error] ` +
        '(every input needs its own name, also across sections)',
    ]);
  });

  it('accepts an unknown selector type with a warning, and does not check its values', () => {
    const r = load(`${head}      selector: {fancy_new: {}}\n${body}`);
    expect(r).toEqual([
      `a.yaml:2:1 via blueprint 'b.yaml' (${BP}/b.yaml:6:18): unknown selector type 'fancy_new' [warning] ` +
        '(Switchyard does not check the values given for this input)',
      `${BP}/b.yaml:6:18 unknown selector type 'fancy_new' [warning] ` +
        '(Switchyard does not check the values given for this input)',
    ]);
  });

  it('places a problem of its automation part in its file, and of an input value at the input or default', () => {
    const typo = body.replace('homeassistant', 'homeassistent');
    expect(load(`${head}${typo}`)).toEqual([
      `a.yaml:2:1 via blueprint 'b.yaml' (${BP}/b.yaml:7:14): triggers[0].trigger: unknown trigger type ` +
        "'homeassistent' [error] (did you mean 'homeassistant'?)",
      `${BP}/b.yaml:7:14 triggers[0].trigger: unknown trigger type 'homeassistent' [error] ` +
        "(did you mean 'homeassistant'?)",
    ]);
    expect(load(`${head}${body}`, use.replace('wait: 5', 'wait: soon'))).toEqual([
      'a.yaml:4:17 actions[0].delay: expected a duration ("HH:MM:SS", seconds, or hours/minutes/seconds), ' +
        `got 'soon' (blueprint 'b.yaml' uses this input at ${BP}/b.yaml:10:19) [error]`,
      `${BP}/b.yaml:10:19 actions[0].delay: expected a duration ("HH:MM:SS", seconds, or hours/minutes/seconds), ` +
        "got 'soon' [error]",
    ]);
    expect(load(`${head}      default: {hours: x}\n${body}`, use.replace('{wait: 5}', '{}'))).toEqual([
      `a.yaml:2:1 via blueprint 'b.yaml' (${BP}/b.yaml:6:24): actions[0].delay.hours: expected a number of hours, got 'x' ` +
        '[error]',
      `${BP}/b.yaml:6:24 actions[0].delay.hours: expected a number of hours, got 'x' [error]`,
    ]);
  });
});

// The normalised model: both spellings give the same result, and every modelled construct has its shape.
import { describe, expect, it } from 'vitest';
import { loadAutomationText } from '../../../src/adapters/automations/loader.js';
import { call, errors, fixed, on, one, step, where } from './helpers.js';

const MODERN = `
id: kitchen_fan
alias: Kitchen fan
triggers:
  - trigger: state
    entity_id: sensor.esp32_kitchen_temperature
    not_from: [unknown, unavailable]
    for: {minutes: 1}
  - trigger: mqtt
    topic: devices/+/status
conditions:
  - condition: numeric_state
    entity_id: sensor.esp32_kitchen_temperature
    above: "25.5"
actions:
  - action: switch.turn_on
    target:
      entity_id: switch.esp32_kitchen_relay
    data:
      x: 1
`;

const LEGACY = `
id: kitchen_fan
alias: Kitchen fan
trigger:
  - platform: state
    entity_id: sensor.esp32_kitchen_temperature
    not_from: [unknown, unavailable]
    for: "00:01:00"
  - platform: mqtt
    topic: devices/+/status
condition:
  condition: numeric_state
  entity_id: sensor.esp32_kitchen_temperature
  above: 25.5
action:
  service: switch.turn_on
  entity_id: switch.esp32_kitchen_relay
  data_template:
    x: 1
`;

describe('normalisation', () => {
  it('gives one model for the 2024.10 and the legacy spelling', () => {
    const modern = one(MODERN);
    expect(one(LEGACY)).toEqual(modern);
    expect(modern).toEqual({
      id: 'kitchen_fan',
      alias: 'Kitchen fan',
      mode: 'single',
      max: 10,
      max_exceeded: 'warning',
      variables: {},
      trigger_variables: {},
      triggers: [
        on({
          trigger: 'state',
          entity_id: ['sensor.esp32_kitchen_temperature'],
          not_from: ['unknown', 'unavailable'],
          for: fixed(60_000),
        }),
        on({ trigger: 'mqtt', topic: 'devices/+/status', qos: 0, encoding: 'utf-8' }),
      ],
      conditions: [on({ condition: 'numeric_state', entity_id: ['sensor.esp32_kitchen_temperature'], above: 25.5 })],
      actions: [call('switch.turn_on', ['switch.esp32_kitchen_relay'], { x: 1 })],
    });
  });

  it('accepts service_template, merged trigger lists, comma-separated entity ids and booleans as on/off', () => {
    const a = one(`
triggers:
  - triggers:
      - trigger: state
        entity_id: light.a, light.b
        to: true
      - trigger: homeassistant
        event: shutdown
  - trigger: time
    at: [ "7:05", input_datetime.wake, {entity_id: sensor.alarm, offset: "-00:10:00"}, "{{ states('input_text.t') }}" ]
actions:
  - service_template: "{{ 'light.turn_on' }}"
    target: {entity_id: light.a}
`);
    expect(a.triggers).toEqual([
      on({ trigger: 'state', entity_id: ['light.a', 'light.b'], to: ['on'] }),
      on({ trigger: 'homeassistant', event: 'shutdown' }),
      on({
        trigger: 'time',
        at: [
          { kind: 'time', time: '07:05:00' },
          { kind: 'entity', entity_id: 'input_datetime.wake' },
          { kind: 'entity', entity_id: 'sensor.alarm', offset: fixed(-600_000) },
          { kind: 'template', template: "{{ states('input_text.t') }}" },
        ],
      }),
    ]);
    expect(a.actions).toEqual([call("{{ 'light.turn_on' }}", ['light.a'])]);
  });

  it('reads durations in every form', () => {
    const delays = one(`
triggers: {trigger: homeassistant, event: start}
actions:
  - delay: "01:02:03"
  - delay: "00:30"
  - delay: 90
  - delay: "2.5"
  - delay: {hours: 1, minutes: 2, seconds: 3, milliseconds: 4}
  - delay: "{{ states('input_number.wait') | int }}"
  - delay: {days: 1, seconds: "{{ 5 }}"}
`).actions.map((a) => (a.kind === 'delay' ? a.delay : undefined));
    expect(delays).toEqual([
      fixed(3_723_000),
      fixed(1_800_000),
      fixed(90_000),
      fixed(2500),
      fixed(3_723_004),
      { kind: 'template', template: "{{ states('input_number.wait') | int }}" },
      { kind: 'parts', parts: { days: 1, seconds: '{{ 5 }}' } },
    ]);
  });
});

describe('conditions', () => {
  it('models shorthands, template strings, trigger ids and logic', () => {
    const a = one(`
triggers: {trigger: homeassistant, event: start}
conditions:
  - "{{ is_state('switch.esp32_kitchen_relay', 'off') }}"
  - or:
      - condition: state
        entity_id: [switch.a, switch.b]
        state: ["on", 1]
        match: any
        for: 5
      - not:
          - condition: trigger
            id: [0, manual]
  - condition: and
    alias: both
    conditions:
      - condition: time
        after: "22:00"
        before: "06:00"
      - condition: template
        value_template: "{{ true }}"
        enabled: false
actions: {action: light.turn_on}
`);
    expect(a.conditions).toEqual([
      on({ condition: 'template', value_template: "{{ is_state('switch.esp32_kitchen_relay', 'off') }}" }),
      on({
        condition: 'or',
        conditions: [
          on({
            condition: 'state',
            entity_id: ['switch.a', 'switch.b'],
            state: ['on', '1'],
            match: 'any',
            for: fixed(5000),
          }),
          on({ condition: 'not', conditions: [on({ condition: 'trigger', id: ['0', 'manual'] })] }),
        ],
      }),
      on({
        condition: 'and',
        alias: 'both',
        conditions: [
          on({ condition: 'time', after: '22:00:00', before: '06:00:00' }),
          { condition: 'template', value_template: '{{ true }}', enabled: false },
        ],
      }),
    ]);
  });

  it('accepts a template string for the whole conditions key', () => {
    expect(
      one(
        'triggers: {trigger: homeassistant, event: start}\nconditions: "{{ 1 > 0 }}"\nactions: {action: light.turn_on}\n',
      ).conditions,
    ).toEqual([on({ condition: 'template', value_template: '{{ 1 > 0 }}' })]);
  });
});

describe('actions', () => {
  it('models every kind of step', () => {
    const a = one(`
triggers: {trigger: homeassistant, event: start}
actions:
  - alias: check
    condition: state
    entity_id: switch.esp32_kitchen_relay
    state: "off"
  - wait_for_trigger:
      - trigger: mqtt
        topic: devices/kitchen/button
    timeout: {seconds: 30}
    continue_on_timeout: false
  - wait_template: "{{ is_state('switch.a', 'on') }}"
    timeout: "00:01:00"
  - if: "{{ true }}"
    then: {action: switch.turn_on, entity_id: switch.a}
    else:
      - stop: nothing to do
  - repeat:
      count: 3
      sequence: [{delay: 1}]
  - repeat:
      while: [{condition: state, entity_id: switch.a, state: "on"}]
      sequence: [{delay: 1}]
  - repeat:
      until: "{{ repeat.index > 2 }}"
      sequence: [{delay: 1}]
  - repeat:
      for_each: [a, b]
      sequence: [{delay: 1}]
  - variables: {level: 3}
  - parallel:
      - action: light.turn_off
        continue_on_error: true
      - sequence:
          - event: kitchen_done
            event_data: {by: fan}
  - stop: failed
    error: true
  - action: light.turn_on
    enabled: false
`);
    const loop = (repeat: object) =>
      step({ kind: 'repeat', repeat: { ...repeat, sequence: [step({ kind: 'delay', delay: fixed(1000) })] } });
    expect(a.actions).toEqual([
      step({
        kind: 'condition',
        alias: 'check',
        condition: on({
          condition: 'state',
          alias: 'check',
          entity_id: ['switch.esp32_kitchen_relay'],
          state: ['off'],
          match: 'all',
        }),
      }),
      step({
        kind: 'wait_for_trigger',
        wait_for_trigger: [on({ trigger: 'mqtt', topic: 'devices/kitchen/button', qos: 0, encoding: 'utf-8' })],
        timeout: fixed(30_000),
        continue_on_timeout: false,
      }),
      step({
        kind: 'wait_template',
        wait_template: "{{ is_state('switch.a', 'on') }}",
        timeout: fixed(60_000),
        continue_on_timeout: true,
      }),
      step({
        kind: 'if',
        if: [on({ condition: 'template', value_template: '{{ true }}' })],
        // biome-ignore lint/suspicious/noThenProperty: Home Assistant's `if`/`then`/`else` action key
        then: [call('switch.turn_on', ['switch.a'])],
        else: [step({ kind: 'stop', stop: 'nothing to do', error: false })],
      }),
      loop({ mode: 'count', count: 3 }),
      loop({
        mode: 'while',
        while: [on({ condition: 'state', entity_id: ['switch.a'], state: ['on'], match: 'all' })],
      }),
      loop({ mode: 'until', until: [on({ condition: 'template', value_template: '{{ repeat.index > 2 }}' })] }),
      loop({ mode: 'for_each', for_each: ['a', 'b'] }),
      step({ kind: 'variables', variables: { level: 3 } }),
      step({
        kind: 'parallel',
        parallel: [
          { ...call('light.turn_off'), continue_on_error: true },
          step({
            kind: 'sequence',
            sequence: [step({ kind: 'event', event: 'kitchen_done', event_data: { by: 'fan' } })],
          }),
        ],
      }),
      step({ kind: 'stop', stop: 'failed', error: true }),
      { ...call('light.turn_on'), enabled: false },
    ]);
  });

  it('names what is wrong inside nested steps', () => {
    const result = loadAutomationText(
      'id: a\ntriggers: {trigger: homeassistant, event: start}\nactions:\n  - repeat:\n      count: 2\n      while: "{{ x }}"\n      sequence: []\n  - servce: light.turn_on\n  - choose: []\n',
      'a.yaml',
    );
    expect(errors(result).map((d) => [where(d), d.hint])).toEqual([
      [
        'a.yaml:5:7 actions[0].repeat: a repeat needs exactly one of count, while, until, for_each',
        'found count and while',
      ],
      ["a.yaml:8:5 unknown key 'servce' in action (at actions[1])", "did you mean 'service'?"],
      ['a.yaml:9:13 actions[2].choose: needs at least one option', undefined],
    ]);
  });
});

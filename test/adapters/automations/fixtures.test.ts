// Real Home Assistant automations (copied from the shared research fixtures): each one either loads
// into the expected model, or is rejected with a located diagnostic that names what is unsupported.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadAutomationText, loadAutomations } from '../../../src/adapters/automations/loader.js';
import { call, errors, fixed, on, step, where } from './helpers.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/automations/', import.meta.url));
const load = (name: string) => loadAutomationText(readFileSync(join(FIXTURES, name), 'utf8'), name, { dir: FIXTURES });

/** Loads a fixture that must be fully supported; the only diagnostics allowed are "no id" warnings. */
function loads(name: string) {
  const result = load(name);
  expect(errors(result).map(where)).toEqual([]);
  expect(result.diagnostics.every((d) => d.message.startsWith('automation has no id'))).toBe(true);
  return result.automations.map((a) => a.config);
}

const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'];

describe('fixtures', () => {
  it('03: state trigger with `for`, notify with a target', () => {
    const [a] = loads('03-back-door-open-5min.yaml');
    expect(a?.alias).toBe('Remind me when the back door stays open');
    expect(a?.triggers).toEqual([
      on({ trigger: 'state', entity_id: ['binary_sensor.back_door'], to: ['on'], for: fixed(300_000) }),
    ]);
    expect(a?.conditions).toEqual([]);
    expect(a?.actions).toEqual([
      call('notify.send_message', ['notify.my_device'], { message: 'The back door has been open for 5 minutes.' }),
    ]);
  });

  it('05: numeric_state trigger with a negative threshold', () => {
    const [a] = loads('05-freezer-too-warm.yaml');
    expect(a?.triggers).toEqual([
      on({ trigger: 'numeric_state', entity_id: ['sensor.freezer_temperature'], above: -10 }),
    ]);
    expect(a?.actions).toEqual([
      call('notify.send_message', ['notify.my_device'], { message: 'The freezer temperature is above -10°C.' }),
    ]);
  });

  it('07: time trigger with weekdays', () => {
    const [a] = loads('07-weekday-kitchen-light-time-weekday.yaml');
    expect(a?.triggers).toEqual([on({ trigger: 'time', at: [{ kind: 'time', time: '07:00:00' }], weekday: weekdays })]);
    expect(a?.actions).toEqual([call('light.turn_on', ['light.kitchen'])]);
  });

  it('08: time_pattern minutes, with Home Assistant defaults for the other fields', () => {
    const [a] = loads('08-hourly-reminder-time-pattern.yaml');
    expect(a?.triggers).toEqual([
      on({
        trigger: 'time_pattern',
        hours: { kind: 'any' },
        minutes: { kind: 'value', value: 15 },
        seconds: { kind: 'value', value: 0 },
      }),
    ]);
  });

  it('10: a list of automations (automations.yaml style)', () => {
    const result = load('10-coffee-machine-morning.yaml');
    expect(result.automations.map((a) => [a.id, a.line, a.column])).toEqual([
      ['start_the_coffee_machine_in_the_morning', 2, 3],
    ]);
    const [a] = loads('10-coffee-machine-morning.yaml');
    expect(a?.triggers).toEqual([on({ trigger: 'time', at: [{ kind: 'time', time: '06:45:00' }] })]);
    expect(a?.actions).toEqual([call('switch.turn_on', ['switch.coffee_machine'])]);
  });

  it('12: time condition on weekdays, light data', () => {
    const [a] = loads('12-gentle-weekday-wakeup.yaml');
    expect(a?.conditions).toEqual([on({ condition: 'time', weekday: weekdays })]);
    expect(a?.actions).toEqual([call('light.turn_on', ['light.bedroom'], { brightness_pct: 100, transition: 10 })]);
  });

  it('14: mqtt.publish without a target', () => {
    const [a] = loads('14-porch-light-mqtt-publish-when-home.yaml');
    expect(a?.triggers).toEqual([on({ trigger: 'state', entity_id: ['person.me'], to: ['home'] })]);
    expect(a?.actions).toEqual([
      call('mqtt.publish', undefined, { topic: 'homeassistant/light/porch/command', payload: 'ON', retain: true }),
    ]);
  });

  it('17: `automation N:` blocks with templates, an mqtt wildcard and an event trigger', () => {
    const result = load('17-trigger-variable-templating.yaml');
    expect(result.automations.map((a) => [a.id, a.line])).toEqual([
      ['17_trigger_variable_templating_1', 4],
      ['17_trigger_variable_templating_2', 18],
      ['17_trigger_variable_templating_3', 28],
      ['17_trigger_variable_templating_4', 45],
    ]);
    const [a1, a2, a3, a4] = loads('17-trigger-variable-templating.yaml');
    expect(a1?.triggers).toEqual([on({ trigger: 'state', entity_id: ['device_tracker.paulus'], id: 'paulus_device' })]);
    expect(a1?.actions[0]).toMatchObject({
      kind: 'call',
      action: 'notify.notify',
      data: { message: expect.stringContaining('{{ trigger.id }}') },
    });
    expect(a2?.triggers).toEqual([on({ trigger: 'mqtt', topic: '/notify/+', qos: 0, encoding: 'utf-8' })]);
    expect(a2?.actions).toEqual([
      call("notify.{{ trigger.topic.split('/')[-1] }}\n", undefined, { message: '{{ trigger.payload }}' }),
    ]);
    expect(a3?.triggers).toEqual([
      on({
        trigger: 'state',
        entity_id: ['light.bedroom_closet', 'light.kiddos_closet', 'light.linen_closet'],
        to: ['on'],
        for: fixed(600_000),
      }),
    ]);
    expect(a3?.actions).toEqual([call('light.turn_off', ['{{ trigger.entity_id }}'])]);
    expect(a4?.triggers).toEqual([
      on({
        trigger: 'event',
        event_type: ['tag_scanned'],
        context: { user_id: ['06cbf6deafc54cf0b2ffa49552a396ba', '2df8a2a6e0be4d5d962aad2d39ed4c9c'] },
      }),
    ]);
    expect(a4?.conditions).toEqual([
      on({
        condition: 'template',
        value_template: "{{ trigger.event.data.tag_id == '8b6d6755-b4d5-4c23-818b-cf224d221ab7'}}",
      }),
    ]);
    expect(a4?.actions).toEqual([call('light.turn_off', ['light.kitchen', 'light.bedroom', 'light.living_room'])]);
  });

  it('20: choose with template conditions loads', () => {
    // Home Assistant loads an automation that calls an action it does not have and fails the run that
    // reaches it (tests/components/automation/test_init.py test_automation_with_error_in_script)
    const result = load('20-choose-if-elif-else.yaml');
    expect(result.automations.map((a) => a.id)).toEqual(['20_choose_if_elif_else']);
    expect(errors(result)).toEqual([]);
    // script.* is an action Switchyard performs; the two scripts it calls are defined nowhere in the folder, which
    // is a warning at each call (a run that reaches one fails, as Home Assistant's "Action script.sim_day not found")
    expect(result.diagnostics.filter((d) => d.message.includes('not found'))).toEqual([]);
    expect(result.diagnostics.filter((d) => d.message.includes('script')).map((d) => [where(d), d.hint])).toEqual([
      [
        "20-choose-if-elif-else.yaml:16:25 actions[0].choose[0].sequence[0].action: script 'script.sim_morning' " +
          'is not defined; a run that reaches this step stops with an error',
        'no script in the automations folder has this id',
      ],
      [
        "20-choose-if-elif-else.yaml:25:25 actions[0].choose[1].sequence[1].action: script 'script.sim_day' " +
          'is not defined; a run that reaches this step stops with an error',
        'no script in the automations folder has this id',
      ],
    ]);
    // with the scripts defined next to it, the calls find them; a misspelt one gets the closest as a hint
    const withScripts = loadAutomationText(
      `${readFileSync(join(FIXTURES, '20-choose-if-elif-else.yaml'), 'utf8').replace('script.sim_day', 'script.sim_dya')}
script:
  sim_morning: {sequence: [{action: light.turn_on, target: {entity_id: light.kitchen}}]}
  sim_day: {sequence: [{delay: 1}]}
`,
      '20.yaml',
      { dir: FIXTURES },
    );
    expect(withScripts.diagnostics.filter((d) => d.message.includes('script')).map((d) => [where(d), d.hint])).toEqual([
      [
        "20.yaml:25:25 actions[0].choose[1].sequence[1].action: script 'script.sim_dya' is not defined; " +
          'a run that reaches this step stops with an error',
        'did you mean script.sim_day?',
      ],
    ]);

    // With the two script calls replaced, the rest of the file is the expected model.
    const text = readFileSync(join(FIXTURES, '20-choose-if-elif-else.yaml'), 'utf8').replace(
      /script\.sim_\w+/g,
      'light.turn_on',
    );
    const fixedUp = loadAutomationText(text, '20.yaml', { dir: FIXTURES });
    expect(errors(fixedUp)).toEqual([]);
    const a = fixedUp.automations[0]!.config;
    expect(a.mode).toBe('restart');
    expect(a.actions).toEqual([
      step({
        kind: 'choose',
        choose: [
          {
            conditions: [on({ condition: 'template', value_template: '{{ now().hour < 9 }}' })],
            sequence: [call('light.turn_on')],
          },
          {
            conditions: [on({ condition: 'template', value_template: '{{ now().hour < 18 }}' })],
            sequence: [call('light.turn_off', ['light.living_room']), call('light.turn_on')],
          },
        ],
        default: [
          call('light.turn_off', ['light.kitchen']),
          step({ kind: 'delay', delay: { kind: 'parts', parts: { minutes: '{{ range(1, 11)|random }}' } } }),
          call('light.turn_off', ['all']),
        ],
      }),
    ]);
  });

  it('22: sequence groups are modelled, siren actions included', () => {
    const result = load('22-grouping-sequence.yaml');
    expect(errors(result)).toEqual([]);
    expect(result.automations[0]?.config.actions).toEqual([
      step({
        kind: 'sequence',
        alias: 'Turn on devices',
        sequence: [call('light.turn_on', ['light.ceiling']), call('siren.turn_on', ['siren.noise_maker'])],
      }),
      step({
        kind: 'sequence',
        alias: 'Send notifications',
        sequence: [
          call('notify.person1', undefined, { message: 'The motion sensor was triggered!' }),
          call('notify.person2', undefined, { message: 'Oh oh, someone triggered the motion sensor...' }),
        ],
      }),
    ]);
  });

  it('24: legacy spelling (trigger/platform/condition/action/service/entity_id) normalises to the same model', () => {
    const [on1, off1] = loads('24-legacy-motion-lights-time-window.yaml');
    expect(on1?.triggers).toEqual([
      on({ trigger: 'state', entity_id: ['binary_sensor.ecolink_pir_motion_sensor_sensor'], to: ['on'] }),
    ]);
    expect(on1?.conditions).toEqual([on({ condition: 'time', after: '07:30:00', before: '23:30:00' })]);
    expect(on1?.actions).toEqual([call('homeassistant.turn_on', ['group.office_lights'], { transition: 15 })]);
    expect(off1?.triggers).toEqual([
      on({
        trigger: 'state',
        entity_id: ['binary_sensor.ecolink_pir_motion_sensor_sensor'],
        to: ['off'],
        for: fixed(900_000),
      }),
    ]);
    expect(off1?.actions).toEqual([call('homeassistant.turn_off', ['group.office_lights'], { transition: 160 })]);
  });

  it('covers every fixture file: the folder loads without crashing and each file is accounted for', () => {
    const names = readdirSync(FIXTURES).filter((n) => n.endsWith('.yaml'));
    expect(names).toHaveLength(11);
    const result = loadAutomations(FIXTURES);
    for (const name of names) {
      const loaded = result.automations.some((a) => a.file === name);
      const rejected = errors(result).some((d) => d.file === name && /unsupported/.test(d.message));
      expect(loaded || rejected, name).toBe(true);
    }
    expect(result.automations).toHaveLength(15); // 9 single files + 4 in 17 + 2 in 24
  });
});

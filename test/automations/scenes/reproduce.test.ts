// reproduce_state per domain, on the real core (registry, state store, command router) with an entity owner that
// records the actions it is given and takes every parameter Home Assistant's action has. Cases after each
// domain's tests/components/<domain>/test_reproduce_state.py.
import { describe, expect, it } from 'vitest';
import type { ActionSpec, AllowedActions } from '../../../src/core/commands.js';
import { createCommandRouter } from '../../../src/core/commands.js';
import { systemClock } from '../../../src/core/clock.js';
import { createContext } from '../../../src/core/context.js';
import { createEventBus } from '../../../src/core/event-bus.js';
import type { CoreEvents } from '../../../src/core/events.js';
import { silentLogger } from '../../../src/core/logger.js';
import { createRegistry } from '../../../src/core/registry.js';
import { createStateStore } from '../../../src/core/state-store.js';
import { reproduceStates } from '../../../src/automations/scenes/reproduce.js';

const spec = (...params: string[]): ActionSpec => ({
  description: '',
  params: Object.fromEntries(params.map((p) => [p, { type: 'json' as const }])),
});
/** the actions (and their parameters) of each domain's entities here */
const ACTIONS: Readonly<Record<string, AllowedActions>> = {
  cover: {
    open_cover: spec(),
    close_cover: spec(),
    set_cover_position: spec('position'),
    open_cover_tilt: spec(),
    close_cover_tilt: spec(),
    set_cover_tilt_position: spec('tilt_position'),
  },
  fan: {
    turn_on: spec('percentage', 'preset_mode'),
    turn_off: spec(),
    set_percentage: spec('percentage'),
    set_direction: spec('direction'),
    oscillate: spec('oscillating'),
    set_preset_mode: spec('preset_mode'),
  },
  climate: {
    set_hvac_mode: spec('hvac_mode'),
    set_temperature: spec('temperature', 'target_temp_high', 'target_temp_low'),
    set_preset_mode: spec('preset_mode'),
  },
  lock: { lock: spec(), unlock: spec() },
  input_number: { set_value: spec('value') },
  input_select: { select_option: spec('option'), set_options: spec('options') },
  input_text: { set_value: spec('value') },
  select: { select_option: spec('option') },
  light: { turn_on: spec('brightness', 'hs_color', 'color_temp_kelvin'), turn_off: spec() },
};

function setup(initial: Record<string, [string, Record<string, unknown>?]>) {
  const bus = createEventBus<CoreEvents>(silentLogger);
  const registry = createRegistry(bus);
  const states = createStateStore(bus, systemClock);
  const commands = createCommandRouter(registry, states);
  const calls: string[] = [];
  commands.register('test', {
    allowedActions: (e) => ACTIONS[e.domain] ?? {},
    async execute(entity, action, data) {
      calls.push(`${entity.entity_id} ${action} ${JSON.stringify(data)}`);
      return { entity_id: entity.entity_id, action, published: [], optimistic: false };
    },
  });
  for (const [id, [state, attributes]] of Object.entries(initial)) {
    const domain = id.slice(0, id.indexOf('.'));
    registry.upsertEntity({
      entity_id: id,
      unique_id: id,
      domain,
      name: id,
      device_id: null,
      area: null,
      source: 'test',
      discovery_topic: null,
      config: {},
    });
    states.set(id, state, attributes ?? {});
  }
  const apply = (entities: Record<string, [string, Record<string, unknown>?]>, transition?: number) =>
    reproduceStates(
      Object.fromEntries(Object.entries(entities).map(([id, [state, a]]) => [id, { state, attributes: a ?? {} }])),
      transition !== undefined ? { transition } : {},
      createContext('test'),
      { states, commands },
    );
  return { calls, apply };
}

describe('reproduce_state', () => {
  it('cover: open/close, position, tilt (cover/reproduce_state.py)', async () => {
    const { calls, apply } = setup({
      'cover.a': ['closed', { current_position: 0, current_tilt_position: 0 }],
      'cover.b': ['open', { current_position: 100 }],
      'cover.c': ['open', {}],
    });
    const out = await apply({
      'cover.a': ['open', { current_position: 50, current_tilt_position: 100 }],
      'cover.b': ['closed'],
      'cover.c': ['open'],
    });
    expect(calls).toEqual([
      'cover.a set_cover_position {"position":50}',
      'cover.a open_cover_tilt {}',
      'cover.b close_cover {}',
    ]);
    expect(out.map((o) => o.status)).toEqual(['performed', 'performed', 'skipped']);
  });

  it('fan: turned on with its speed, then the attributes that differ', async () => {
    const { calls, apply } = setup({
      'fan.a': ['off', {}],
      'fan.b': ['on', { percentage: 33, direction: 'forward', oscillating: false }],
    });
    await apply({
      'fan.a': ['on', { percentage: 66, oscillating: true }],
      'fan.b': ['on', { percentage: 33, direction: 'reverse', oscillating: false }],
    });
    expect(calls).toEqual([
      'fan.a turn_on {"percentage":66}',
      'fan.a oscillate {"oscillating":true}',
      'fan.b set_direction {"direction":"reverse"}',
    ]);
  });

  it('climate: hvac mode, temperature and preset sent as given; an attribute without an action is named', async () => {
    const { calls, apply } = setup({ 'climate.a': ['heat', { temperature: 20 }] });
    const [out] = await apply({ 'climate.a': ['heat', { temperature: 21, preset_mode: 'eco', humidity: 40 }] });
    expect(calls).toEqual([
      'climate.a set_hvac_mode {"hvac_mode":"heat"}',
      'climate.a set_temperature {"temperature":21}',
      'climate.a set_preset_mode {"preset_mode":"eco"}',
    ]);
    expect(out).toMatchObject({ status: 'failed', reason: "climate.a does not support 'set_humidity'" });
  });

  it('helpers and number-like entities: set_value, select_option (options first), invalid states named', async () => {
    const { calls, apply } = setup({
      'input_number.a': ['10.0'],
      'input_number.b': ['1'],
      'input_select.a': ['x', { options: ['x', 'y'] }],
      'input_text.a': ['hello'],
      'select.a': ['low'],
      'lock.a': ['locked'],
    });
    const out = await apply({
      'input_number.a': ['10'],
      'input_number.b': ['many'],
      'input_select.a': ['z', { options: ['x', 'z'] }],
      'input_text.a': ['bye'],
      'select.a': ['high'],
      'lock.a': ['jammed'],
    });
    expect(calls).toEqual([
      'input_select.a set_options {"options":["x","z"]}',
      'input_select.a select_option {"option":"z"}',
      'input_text.a set_value {"value":"bye"}',
      'select.a select_option {"option":"high"}',
    ]);
    expect(out.map((o) => [o.entity_id, o.status, o.reason])).toEqual([
      ['input_number.a', 'skipped', 'already in the target state'],
      ['input_number.b', 'not_applied', "invalid state 'many': not a number"],
      ['input_select.a', 'performed', undefined],
      ['input_text.a', 'performed', undefined],
      ['select.a', 'performed', undefined],
      ['lock.a', 'not_applied', "invalid state 'jammed' for a lock (expected locked, unlocked, open)"],
    ]);
  });

  it("light: the saved color_mode's colour, legacy mireds as kelvin, transition passed on", async () => {
    const { calls, apply } = setup({ 'light.a': ['off', {}], 'light.b': ['off', {}], 'light.c': ['on', {}] });
    const out = await apply(
      {
        'light.a': ['on', { brightness: 100, color_mode: 'hs', hs_color: [30, 50], color_temp_kelvin: 3000 }],
        'light.b': ['on', { color_temp: 250 }],
        'light.c': ['on', { color_mode: 'xy' }],
      },
      2,
    );
    expect(calls).toEqual([
      'light.a turn_on {"brightness":100,"hs_color":[30,50]}',
      'light.b turn_on {"color_temp_kelvin":4000}',
    ]);
    // these lights' turn_on takes no transition: left out, and said so
    expect(out.map((o) => [o.status, o.ignored ?? o.reason])).toEqual([
      ['performed', ['transition']],
      ['performed', ['transition']],
      ['not_applied', 'color mode xy given but attribute xy_color missing'],
    ]);
  });
});

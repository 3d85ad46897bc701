// The helpers' states, attributes and actions as Home Assistant's integrations keep them, with the YAML of
// Home Assistant's documentation (home-assistant.io source/_integrations/<domain>.markdown) and cases from its
// test suites (tests/components/<domain>/test_init.py), on the whole app: actions through REST.
import { afterEach, describe, expect, it } from 'vitest';
import { startHelperApp, type HelperApp } from './app-helpers.js';

let h: HelperApp | undefined;
afterEach(async () => {
  await h?.t.close();
  h = undefined;
});

// the configuration examples of the helpers' documentation pages
const DOCS = `
input_boolean:
  notify_home:
    name: Notify when someone arrives home
    icon: mdi:car
input_number:
  slider1:
    name: Slider
    initial: 30
    min: -20
    max: 35
    step: 1
  box1:
    name: Numeric Input Box
    initial: 30
    min: -20
    max: 35
    step: 1
    mode: box
input_select:
  who_cooks:
    name: Who cooks today
    options:
      - Paulus
      - Anne Therese
    initial: Anne Therese
    icon: mdi:panda
  living_room_preset:
    options:
      - Visitors
      - Visitors with kids
      - Home Alone
input_text:
  text1:
    name: Text 1
    initial: Some Text
  text2:
    name: Text 2
    min: 8
    max: 40
  text3:
    name: Text 3
    pattern: "[a-fA-F0-9]*"
  text4:
    name: Text 4
    mode: password
input_datetime:
  both_date_and_time:
    name: Input with both date and time
    has_date: true
    has_time: true
  only_date:
    name: Input with only date
    has_date: true
    has_time: false
  only_time:
    name: Input with only time
    has_date: false
    has_time: true
input_button:
  ring_bell:
    name: Ring bell
    icon: mdi:bell
counter:
  my_custom_counter:
    initial: 30
    step: 1
timer:
  laundry:
    duration: "00:01:00"
`;

describe('helpers from the documentation', () => {
  it('become entities with Home Assistant state and attributes', async () => {
    h = await startHelperApp();
    await h.write('helpers.yaml', DOCS);
    expect(h.state('input_boolean.notify_home')).toEqual({
      state: 'off',
      attributes: { editable: false, icon: 'mdi:car', friendly_name: 'Notify when someone arrives home' },
    });
    expect(h.state('input_number.box1')).toEqual({
      state: '30.0',
      attributes: {
        initial: 30,
        editable: false,
        min: -20,
        max: 35,
        step: 1,
        mode: 'box',
        friendly_name: 'Numeric Input Box',
      },
    });
    expect(h.state('input_select.who_cooks')?.state).toBe('Anne Therese');
    expect(h.state('input_select.living_room_preset')).toEqual({
      state: 'Visitors',
      attributes: { options: ['Visitors', 'Visitors with kids', 'Home Alone'], editable: false },
    });
    expect(h.state('input_text.text1')?.state).toBe('Some Text');
    expect(h.state('input_text.text2')).toEqual({
      state: 'unknown',
      attributes: { mode: 'text', min: 8, max: 40, pattern: null, editable: false, friendly_name: 'Text 2' },
    });
    expect(h.state('input_text.text4')?.attributes['mode']).toBe('password');
    expect(h.state('input_datetime.only_time')).toMatchObject({
      state: '00:00:00',
      attributes: { has_date: false, has_time: true, hour: 0, minute: 0, second: 0, timestamp: 0 },
    });
    expect(h.state('input_datetime.both_date_and_time')?.state).toMatch(/^\d{4}-\d{2}-\d{2} 00:00:00$/);
    expect(h.state('input_button.ring_bell')?.state).toBe('unknown');
    expect(h.state('counter.my_custom_counter')).toEqual({
      state: '30',
      attributes: { initial: 30, step: 1, editable: false },
    });
    expect(h.state('timer.laundry')).toEqual({
      state: 'idle',
      attributes: { duration: '0:01:00', editable: false },
    });
    expect(h.t.app.registry.entity('timer.laundry')?.source).toBe('helpers');
  });

  it('input_boolean turn_on, turn_off, toggle (test_methods)', async () => {
    h = await startHelperApp();
    await h.write('helpers.yaml', DOCS);
    const id = 'input_boolean.notify_home';
    expect((await h.call('input_boolean.turn_on', id)).status).toBe(200);
    expect(h.state(id)?.state).toBe('on');
    await h.call('input_boolean.toggle', id);
    expect(h.state(id)?.state).toBe('off');
    await h.call('homeassistant.toggle', id);
    expect(h.state(id)?.state).toBe('on');
  });

  it('input_number set_value, increment, decrement within min–max (test_set_value, test_increment)', async () => {
    h = await startHelperApp();
    await h.write('helpers.yaml', DOCS);
    const id = 'input_number.slider1';
    await h.call('input_number.set_value', id, { value: '34' });
    expect(h.state(id)?.state).toBe('34.0');
    await h.call('input_number.increment', id);
    await h.call('input_number.increment', id);
    expect(h.state(id)?.state).toBe('35.0');
    const refused = await h.call('input_number.set_value', id, { value: 70 });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('Invalid value for input_number.slider1: 70 (range -20.0 - 35.0)');
    expect(h.state(id)?.state).toBe('35.0');
    await h.call('input_number.set_value', id, { value: -19.5 });
    await h.call('input_number.decrement', id);
    expect(h.state(id)?.state).toBe('-20.0');
  });

  it('input_select select_option/next/previous/first/last and set_options (test_select_next, test_set_options)', async () => {
    h = await startHelperApp();
    await h.write('helpers.yaml', DOCS);
    const id = 'input_select.living_room_preset';
    await h.call('input_select.select_option', id, { option: 'Home Alone' });
    expect(h.state(id)?.state).toBe('Home Alone');
    await h.call('input_select.select_option', id, { option: 'nobody' }); // ignored, as Home Assistant warns
    expect(h.state(id)?.state).toBe('Home Alone');
    await h.call('input_select.select_next', id);
    expect(h.state(id)?.state).toBe('Visitors');
    await h.call('input_select.select_previous', id, { cycle: false });
    expect(h.state(id)?.state).toBe('Visitors');
    await h.call('input_select.select_last', id);
    expect(h.state(id)?.state).toBe('Home Alone');
    await h.call('input_select.select_next', id, { cycle: false });
    expect(h.state(id)?.state).toBe('Home Alone');
    await h.call('input_select.select_first', id);
    expect(h.state(id)?.state).toBe('Visitors');
    const dup = await h.call('input_select.set_options', id, { options: ['a', 'a'] });
    expect(dup.status).toBe(400);
    await h.call('input_select.set_options', id, { options: ['first option', 'second option'] });
    expect(h.state(id)).toMatchObject({
      state: 'first option',
      attributes: { options: ['first option', 'second option'] },
    });
  });

  it('input_text set_value ignores a length outside min–max (test_set_value)', async () => {
    h = await startHelperApp();
    await h.write('helpers.yaml', DOCS);
    await h.call('input_text.set_value', 'input_text.text2', { value: 'short' });
    expect(h.state('input_text.text2')?.state).toBe('unknown');
    await h.call('input_text.set_value', 'input_text.text2', { value: 'long enough' });
    expect(h.state('input_text.text2')?.state).toBe('long enough');
  });

  it('input_datetime set_datetime with date, time, datetime and timestamp (test_set_datetime…)', async () => {
    h = await startHelperApp();
    await h.write('helpers.yaml', DOCS);
    const both = 'input_datetime.both_date_and_time';
    await h.call('input_datetime.set_datetime', both, { datetime: '2017-09-07 19:46:30' });
    expect(h.state(both)).toMatchObject({
      state: '2017-09-07 19:46:30',
      attributes: { year: 2017, month: 9, day: 7, hour: 19, minute: 46, second: 30 },
    });
    await h.call('input_datetime.set_datetime', both, { time: '06:10' });
    expect(h.state(both)?.state).toBe('2017-09-07 06:10:00');
    const together = await h.call('input_datetime.set_datetime', both, {
      date: '2020-01-01',
      datetime: '2020-01-01 00:00',
    });
    expect(together.status).toBe(400);
    await h.call('input_datetime.set_datetime', 'input_datetime.only_date', { date: '2017-09-07' });
    expect(h.state('input_datetime.only_date')?.state).toBe('2017-09-07');
    const nothing = await h.call('input_datetime.set_datetime', 'input_datetime.only_date', { time: '05:00' });
    expect(JSON.stringify(nothing.body)).toContain('Nothing to set');
    await h.call('input_datetime.set_datetime', 'input_datetime.only_time', { time: '05:04:03' });
    expect(h.state('input_datetime.only_time')?.attributes['timestamp']).toBe(5 * 3600 + 4 * 60 + 3);
    const ts = Date.UTC(2020, 0, 1, 12, 0, 0) / 1000;
    await h.call('input_datetime.set_datetime', both, { timestamp: ts });
    expect(h.state(both)?.attributes['timestamp']).toBe(ts);
  });

  it('input_button press sets the time of the press', async () => {
    h = await startHelperApp();
    await h.write('helpers.yaml', DOCS);
    await h.call('input_button.press', 'input_button.ring_bell');
    expect(h.state('input_button.ring_bell')?.state).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?\+00:00$/);
  });

  it('counter increment/decrement/reset within bounds, set_value refused off bounds (test_counter_min/max)', async () => {
    h = await startHelperApp();
    await h.write(
      'helpers.yaml',
      'counter:\n  test_1:\n    initial: 0\n    minimum: -1\n    maximum: 2\n    step: 1\n',
    );
    const id = 'counter.test_1';
    for (let i = 0; i < 4; i++) await h.call('counter.increment', id);
    expect(h.state(id)?.state).toBe('2');
    await h.call('counter.reset', id);
    for (let i = 0; i < 3; i++) await h.call('counter.decrement', id);
    expect(h.state(id)).toEqual({
      state: '-1',
      attributes: { initial: 0, step: 1, minimum: -1, maximum: 2, editable: false },
    });
    const over = await h.call('counter.set_value', id, { value: 3 });
    expect(JSON.stringify(over.body)).toContain('Value 3 for counter.test_1 exceeding the maximum value of 2');
    await h.call('counter.set_value', id, { value: 1 });
    expect(h.state(id)?.state).toBe('1');
  });

  it('a reload keeps a value still valid, clamps one that is not, and removes dropped helpers', async () => {
    h = await startHelperApp();
    await h.write('helpers.yaml', DOCS);
    await h.call('input_number.set_value', 'input_number.slider1', { value: 33 });
    await h.call('input_boolean.turn_on', 'input_boolean.notify_home');
    await h.write(
      'helpers.yaml',
      DOCS.replace('initial: 30\n    min: -20\n    max: 35', 'initial: 10\n    min: -20\n    max: 20').replace(
        /counter:[\s\S]*$/,
        '',
      ),
    );
    expect(h.state('input_number.slider1')).toMatchObject({ state: '20.0', attributes: { max: 20 } });
    expect(h.state('input_boolean.notify_home')?.state).toBe('on');
    expect(h.state('counter.my_custom_counter')).toBeUndefined();
    expect(h.t.app.registry.entity('timer.laundry')).toBeUndefined();
  });
});

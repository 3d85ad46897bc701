// Helpers across a restart (the app stopped and started again on the same SQLite file: Home Assistant's
// RestoreEntity rules per domain) and as Home Assistant sees them over MQTT discovery (a real mqtt.js client
// playing Home Assistant on the embedded broker).
import { afterEach, describe, expect, it } from 'vitest';
import { parseEntityConfig } from '../../../src/protocol/ha-discovery/components/index.js';
import { parseDiscoveryTopic } from '../../../src/protocol/ha-discovery/discovery-topic.js';
import { parseDiscoveryPayload } from '../../../src/protocol/ha-discovery/payload.js';
import { startTestApp } from '../../helpers/app.js';
import { retainedUnder } from '../../helpers/markers.js';
import { eventually } from '../../helpers/net.js';
import { startHelperApp, type HelperApp } from './app-helpers.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const HELPERS = `
input_boolean:
  simulate:
    name: Simulate
  kept_initial:
    initial: false
input_number:
  level:
    min: 0
    max: 100
    unit_of_measurement: "%"
input_select:
  mode:
    options: [Home, Away, Night]
input_text:
  note:
input_datetime:
  alarm:
    has_time: true
input_button:
  bell:
counter:
  visits:
  not_restored:
    restore: false
timer:
  running:
    duration: "00:01:00"
    restore: true
  paused:
    duration: "00:10:00"
    restore: true
  forgetful:
    duration: "00:01:00"
`;

describe('helpers across a restart', () => {
  it('restore as Home Assistant does: input_* unless initial, counter with restore, timers with restore', async () => {
    let now = Date.UTC(2024, 2, 1, 12, 0, 0);
    const clock = { now: () => new Date(now) };
    const first = await startTestApp({}, { appOptions: { clock } });
    cleanup.push(() => first.close());
    const h: HelperApp = await startHelperApp(first);
    await h.write('helpers.yaml', HELPERS);
    await h.call('input_boolean.turn_on', 'input_boolean.simulate');
    await h.call('input_boolean.turn_on', 'input_boolean.kept_initial');
    await h.call('input_number.set_value', 'input_number.level', { value: 42 });
    await h.call('input_select.select_option', 'input_select.mode', { option: 'Night' });
    await h.call('input_text.set_value', 'input_text.note', { value: 'milk' });
    await h.call('input_datetime.set_datetime', 'input_datetime.alarm', { time: '06:30' });
    await h.call('input_button.press', 'input_button.bell');
    await h.call('counter.increment', 'counter.visits');
    await h.call('counter.increment', 'counter.not_restored');
    await h.call('timer.start', 'timer.running');
    await h.call('timer.start', 'timer.paused');
    await h.call('timer.pause', 'timer.paused');
    await h.call('timer.start', 'timer.forgetful');
    const pressed = h.state('input_button.bell')?.state;

    now += 20_000; // down for 20 s
    const second = await first.restart();
    cleanup.push(() => second.close());
    const r = await startHelperApp(second);
    expect(r.state('input_boolean.simulate')?.state).toBe('on');
    expect(r.state('input_boolean.kept_initial')?.state).toBe('off'); // initial wins
    expect(r.state('input_number.level')?.state).toBe('42.0');
    expect(r.state('input_select.mode')?.state).toBe('Night');
    expect(r.state('input_text.note')?.state).toBe('milk');
    expect(r.state('input_datetime.alarm')?.state).toBe('06:30:00');
    expect(r.state('input_button.bell')?.state).toBe(pressed);
    expect(r.state('counter.visits')?.state).toBe('1');
    expect(r.state('counter.not_restored')?.state).toBe('0');
    // the active timer resumes towards the same finishes_at, with what is left
    expect(r.state('timer.running')).toEqual({
      state: 'active',
      attributes: {
        duration: '0:01:00',
        remaining: '0:00:40',
        finishes_at: '2024-03-01T12:01:00+00:00',
        restore: true,
        editable: false,
      },
    });
    expect(r.state('timer.paused')?.attributes).toMatchObject({ remaining: '0:10:00' });
    expect(r.state('timer.paused')?.state).toBe('paused');
    expect(r.state('timer.forgetful')?.state).toBe('idle');

    // down past the running timer's end: it finishes at start
    now += 120_000;
    const third = await second.restart();
    cleanup.push(() => third.close());
    const s = await startHelperApp(third);
    expect(s.state('timer.running')?.state).toBe('idle');
    expect(s.state('timer.paused')?.state).toBe('paused');
  });
});

describe('helpers over MQTT discovery', () => {
  it('are announced under one device, toggled from Home Assistant, not imported back, cleared when removed', async () => {
    const h = await startHelperApp();
    cleanup.push(() => h.t.close());
    await h.write('helpers.yaml', HELPERS);
    const port = h.t.brokerPort;
    const configs = await eventually(async () => {
      const m = await retainedUnder(port, 'homeassistant/+/switchyard_helpers/+/config');
      return m.size === 12 ? m : undefined;
    });
    for (const [topic, payload] of configs) {
      const parsedTopic = parseDiscoveryTopic(topic);
      if (!parsedTopic.ok) throw new Error(parsedTopic.reason);
      const discovered = parseDiscoveryPayload(parsedTopic, payload, 64 * 1024);
      if (!discovered.ok || discovered.kind !== 'discovered')
        throw new Error(`${topic}: ${JSON.stringify(discovered)}`);
      const valid = parseEntityConfig(parsedTopic.component, discovered.components[0]?.config ?? {});
      expect(valid.ok, `${topic}: ${valid.ok ? '' : valid.reason}`).toBe(true);
      const config = JSON.parse(payload);
      expect(config.device).toMatchObject({ identifiers: ['switchyard_helpers'], name: 'Switchyard helpers' });
      expect(config.origin.name).toBe('Switchyard');
      expect(config.availability).toEqual([{ topic: 'switchyard/status' }]);
    }
    expect(
      JSON.parse(configs.get('homeassistant/number/switchyard_helpers/input_number_level/config') ?? '{}'),
    ).toMatchObject({
      min: 0,
      max: 100,
      step: 1,
      mode: 'slider',
      unit_of_measurement: '%',
      command_topic: 'switchyard/helpers/input_number/level/set',
    });
    expect(
      JSON.parse(configs.get('homeassistant/select/switchyard_helpers/input_select_mode/config') ?? '{}').options,
    ).toEqual(['Home', 'Away', 'Night']);
    // Switchyard's own discovery consumer leaves its own configs out: no second entity
    expect(h.t.app.registry.entities().filter((e) => e.source === 'mqtt_discovery')).toEqual([]);

    // Home Assistant switches the helper through its command topic: the action, the state, the retained state
    await h.t.client.publishAsync('switchyard/helpers/input_boolean/simulate/set', 'ON', { qos: 1 });
    await eventually(() => h.state('input_boolean.simulate')?.state === 'on');
    await eventually(async () => {
      const states = await retainedUnder(port, 'switchyard/helpers/input_boolean/simulate/state');
      return states.get('switchyard/helpers/input_boolean/simulate/state') === 'ON';
    });
    await h.t.client.publishAsync('switchyard/helpers/input_select/mode/set', 'Away', { qos: 1 });
    await eventually(() => h.state('input_select.mode')?.state === 'Away');

    // a helper removed from the folder: its config is cleared
    await h.write('helpers.yaml', HELPERS.replace(/input_button:\n {2}bell:\n/, ''));
    await eventually(async () => {
      const m = await retainedUnder(port, 'homeassistant/+/switchyard_helpers/+/config');
      return m.size === 11 && !m.has('homeassistant/button/switchyard_helpers/input_button_bell/config');
    });
  });
});

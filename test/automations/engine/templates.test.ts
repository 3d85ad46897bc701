// Templates in automations: Home Assistant's state and time functions given to the template engine
// by the host, native results (parse_result), and compile-time rejection of what is not supported.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseResult } from '../../../src/automations/native.js';
import { createTemplateEnv } from '../../../src/automations/templates.js';
import { systemClock } from '../../../src/core/clock.js';
import { createEventBus } from '../../../src/core/event-bus.js';
import type { CoreEvents } from '../../../src/core/events.js';
import { silentLogger } from '../../../src/core/logger.js';
import { createStateStore } from '../../../src/core/state-store.js';
import { compileTemplate, payloadVariables } from '../../../src/protocol/template/index.js';

afterEach(() => {
  vi.useRealTimers();
});

function env() {
  const states = createStateStore(createEventBus<CoreEvents>(silentLogger), systemClock);
  states.set('sensor.temperature', '21.5', { unit_of_measurement: '°C', friendly_name: 'Temperature' });
  states.set('light.kitchen', 'on', { brightness: 200 });
  states.set('sensor.gone', 'unavailable');
  const templates = createTemplateEnv({ states, clock: systemClock });
  const render = (source: string, vars: Record<string, unknown> = {}) => templates.compile(source).render(vars);
  const native = (source: string, vars: Record<string, unknown> = {}) => templates.compile(source).native(vars);
  return { states, templates, render, native };
}

describe('automation templates', () => {
  it('reads states like Home Assistant', () => {
    const { render, native } = env();
    expect(render("{{ states('sensor.temperature') }}")).toBe('21.5');
    expect(render("{{ states('sensor.nothing') }}")).toBe('unknown');
    expect(render('{{ states.sensor.temperature.state }} {{ states.light.kitchen.attributes.brightness }}')).toBe(
      '21.5 200',
    );
    expect(render('{{ states.sensor.temperature.name }} / {{ states.sensor.nothing.state }}.')).toBe('Temperature / .');
    expect(native("{{ is_state('light.kitchen', 'on') }}")).toBe(true);
    expect(native("{{ is_state('light.kitchen', ['off', 'on']) }}")).toBe(true);
    expect(native("{{ state_attr('light.kitchen', 'brightness') + 1 }}")).toBe(201);
    expect(native("{{ is_state_attr('light.kitchen', 'brightness', 200) }}")).toBe(true);
    expect(native("{{ has_value('sensor.gone') }} {{ has_value('sensor.temperature') }}")).toBe('False True');
    expect(native("{{ states('sensor.temperature') | float > 20 }}")).toBe(true);
    expect(render('{{ states.light | list | length }}')).toBe('1');
  });

  it('gives now(), today_at() and timedelta arithmetic in local time', () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date(2026, 0, 5, 7, 45, 30) });
    const { render, native, states } = env();
    expect(native('{{ now().hour }}')).toBe(7);
    expect(native('{{ now().weekday() }}')).toBe(0);
    expect(native("{{ now() > today_at('07:30') }}")).toBe(true);
    expect(render("{{ now().strftime('%H:%M') }}")).toBe('07:45');
    expect(render("{{ (today_at('08:00') - now()).total_seconds() }}")).toBe('870.0');
    expect(native("{{ now() - timedelta(minutes=50) < today_at('07:00') }}")).toBe(true);
    expect(native('{{ as_timestamp(now()) | int }}')).toBe(
      Math.floor(new Date(2026, 0, 5, 7, 45, 30).getTime() / 1000),
    );
    vi.setSystemTime(new Date(2026, 0, 5, 7, 50, 30));
    expect(native('{{ (now() - states.sensor.temperature.last_changed).total_seconds() }}')).toBe(300);
    expect(states.get('sensor.temperature')?.state).toBe('21.5');
  });

  it('turns renders into native values as parse_result does', () => {
    expect(parseResult('True')).toBe(true);
    expect(parseResult('None')).toBe(null);
    expect(parseResult('42')).toBe(42);
    expect(parseResult('-2.5')).toBe(-2.5);
    expect(parseResult('007')).toBe('007');
    expect(parseResult("[1, 'a', {'b': None}]")).toEqual([1, 'a', { b: null }]);
    expect(parseResult("'quoted'")).toBe("'quoted'");
    expect(parseResult('on')).toBe('on');
    expect(parseResult('1, 2')).toBe('1, 2');
    const { templates } = env();
    expect(
      templates.renderValue({ brightness_pct: '{{ 20 * 2 }}', list: ['{{ "a" }}', 3], text: 'plain' }, {}),
    ).toEqual({ brightness_pct: 40, list: ['a', 3], text: 'plain' });
  });

  it('rejects unknown functions when compiled, and keeps the engine working for callers without host functions', () => {
    const { templates } = env();
    expect(() => templates.compile('{{ area_entities("kitchen") }}')).toThrow(/unsupported function 'area_entities'/);
    expect(templates.check({ actions: [{ data: { message: '{{ states("x") | frobnicate }}' } }] })).toEqual([
      expect.stringMatching(/^actions\[0\]\.data\.message: unsupported filter 'frobnicate'/),
    ]);
    // the plain engine (discovery's) still has no states()
    expect(() => compileTemplate("{{ states('sensor.x') }}")).toThrow(/unsupported function 'states'/);
    expect(compileTemplate('{{ value_json.t | round(1) }}').render(payloadVariables('{"t": 21.04}'))).toBe('21.0');
  });
});

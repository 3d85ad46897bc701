import { describe, expect, it } from 'vitest';
import {
  displayTemp,
  precisionSchema,
  pyRoundTo,
  temperatureCommand,
  temperatureUnitSchema,
} from '../../../../src/protocol/ha-discovery/components/climate-common.js';
import { climatePlatform } from '../../../../src/protocol/ha-discovery/components/climate.js';
import { compileTemplate } from '../../../../src/protocol/template/index.js';
import { parse, UNKNOWN } from './helpers.js';

describe('climate-common', () => {
  it("rounds like Python's round(x, n), exact halves to even", () => {
    expect(pyRoundTo(43.333333333333336, 1)).toBe(43.3);
    expect(pyRoundTo(0.25, 1)).toBe(0.2);
    expect(pyRoundTo(0.75, 1)).toBe(0.8);
    expect(pyRoundTo(2.675, 2)).toBe(2.67);
    expect(pyRoundTo(-1.25, 1)).toBe(-1.2);
    expect(pyRoundTo(2.5, 0)).toBe(2);
    expect(pyRoundTo(3.5, 0)).toBe(4);
    expect(pyRoundTo(1.15, 1)).toBe(1.1);
  });

  it('shows temperatures as display_temp does', () => {
    expect(displayTemp(23.67, 0.1)).toBe(23.7);
    expect(displayTemp(23.67, 0.5)).toBe(23.5);
    expect(displayTemp(23.75, 0.5)).toBe(24);
    expect(displayTemp(23.67, 1)).toBe(24);
    expect(displayTemp(22.5, 1)).toBe(22);
  });

  it('accepts the units and precisions HA accepts', () => {
    expect(temperatureUnitSchema.parse('c')).toBe('C');
    expect(temperatureUnitSchema.parse('F')).toBe('F');
    for (const bad of ['°C', 'K', 'celsius']) expect(temperatureUnitSchema.safeParse(bad).success).toBe(false);
    expect(precisionSchema.parse(1)).toBe(1);
    expect(precisionSchema.safeParse('0.5').success).toBe(false);
  });

  it('publishes temperatures as Python floats, with or without a template', () => {
    expect(temperatureCommand(undefined, 21)).toBe('21.0');
    expect(temperatureCommand(undefined, 21.5)).toBe('21.5');
    expect(temperatureCommand(compileTemplate('temp: {{ value }}'), 107)).toBe('temp: 107.0');
    const c = parse(climatePlatform, { temperature_command_topic: 't', temperature_command_template: 'T={{ value }}' });
    const published = climatePlatform.command(c, 'set_temperature', { temperature: 21 }, UNKNOWN).publish;
    expect(published[0]?.payload).toBe('T=21.0');
  });
});

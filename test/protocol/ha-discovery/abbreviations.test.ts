import { describe, expect, it } from 'vitest';
import {
  ABBREVIATIONS,
  applyTopicBase,
  ENTITY_ABBREVIATIONS,
  expandAbbreviations,
  LEGACY_ABBREVIATIONS,
} from '../../../src/protocol/ha-discovery/abbreviations.js';

describe('abbreviation tables', () => {
  it('embed the current (275) and legacy (44) tables', () => {
    expect(Object.keys(ABBREVIATIONS)).toHaveLength(275);
    expect(Object.keys(LEGACY_ABBREVIATIONS)).toHaveLength(44);
    expect(ABBREVIATIONS.stat_t).toBe('state_topic');
    expect(ABBREVIATIONS.def_ent_id).toBe('default_entity_id');
    // added by home-assistant/core#181192 (the lawn mower's stop action)
    expect(ABBREVIATIONS.stop_cmd_t).toBe('stop_command_topic');
    expect(ABBREVIATIONS.stop_cmd_tpl).toBe('stop_command_template');
    expect(ENTITY_ABBREVIATIONS.obj_id).toBe('object_id');
  });
});

describe('expandAbbreviations', () => {
  it('expands entity, device, origin and availability keys but never values', () => {
    const out = expandAbbreviations({
      stat_t: 'cmd_t',
      uniq_id: 'x',
      dev: { ids: ['a'], mf: 'Acme', sw: '1.0', cns: [['mac', '00:11']] },
      o: { name: 'z2m', sw: '2.0', url: 'https://example.com' },
      avty: [{ t: 'bridge/state', pl_avail: 'up', val_tpl: '{{ value_json.state }}' }],
      avty_mode: 'all',
    });
    expect(out).toEqual({
      state_topic: 'cmd_t',
      unique_id: 'x',
      device: { identifiers: ['a'], manufacturer: 'Acme', sw_version: '1.0', connections: [['mac', '00:11']] },
      origin: { name: 'z2m', sw_version: '2.0', support_url: 'https://example.com' },
      availability: [{ topic: 'bridge/state', payload_available: 'up', value_template: '{{ value_json.state }}' }],
      availability_mode: 'all',
    });
  });

  it('uses the device/origin tables only inside those blocks', () => {
    const out = expandAbbreviations({ sw: 'top', dev: { stat_t: 'kept' } });
    expect(out).toEqual({ sw: 'top', device: { stat_t: 'kept' } });
  });

  it('keeps unknown keys, mixes long and short keys, and lets the short key win a clash (like HA)', () => {
    expect(expandAbbreviations({ command_topic: 'long', cmd_t: 'short', foo: 1 })).toEqual({
      command_topic: 'short',
      foo: 1,
    });
  });

  it('expands legacy keys such as obj_id and clrm', () => {
    expect(expandAbbreviations({ obj_id: 'lamp', clrm: true })).toEqual({ object_id: 'lamp', color_mode: true });
  });

  it('expands every cmps entry of a device payload (component keys only)', () => {
    const out = expandAbbreviations({ cmps: { a: { p: 'sensor', stat_t: 's', dev: { ids: 'x' }, avty_t: 'av' } } });
    expect(out).toEqual({
      components: { a: { platform: 'sensor', state_topic: 's', device: { ids: 'x' }, availability_topic: 'av' } },
    });
  });

  it('expands a single availability object too', () => {
    expect(expandAbbreviations({ avty: { t: 'x' } })).toEqual({ availability: { topic: 'x' } });
  });

  it('does not mutate its input', () => {
    const input = { stat_t: 'a', dev: { ids: 'b' } };
    expandAbbreviations(input);
    expect(input).toEqual({ stat_t: 'a', dev: { ids: 'b' } });
  });
});

describe('applyTopicBase (~)', () => {
  it('replaces a leading or trailing ~ in keys ending in "topic" and removes ~', () => {
    const out = applyTopicBase({
      '~': 'home/kitchen',
      command_topic: '~/set',
      state_topic: 'prefix/~',
      json_attributes_topic: 'a/~/b',
      topic: '~/trigger',
      value_template: '~/not-a-topic',
      name: '~',
    });
    expect(out).toEqual({
      command_topic: 'home/kitchen/set',
      state_topic: 'prefix/home/kitchen',
      json_attributes_topic: 'a/~/b',
      topic: 'home/kitchen/trigger',
      value_template: '~/not-a-topic',
      name: '~',
    });
  });

  it('applies to availability[].topic', () => {
    const out = applyTopicBase({ '~': 'dev1', availability: [{ topic: '~/status' }, { topic: 'bridge/state' }] });
    expect(out.availability).toEqual([{ topic: 'dev1/status' }, { topic: 'bridge/state' }]);
  });

  it('supports Tasmota-style base topics ending in a slash', () => {
    expect(applyTopicBase({ '~': 'tasmota_18A6B3/', state_topic: '~stat/Moisture' })).toEqual({
      state_topic: 'tasmota_18A6B3/stat/Moisture',
    });
  });

  it('turns a lone ~ into the base and leaves configs without ~ untouched', () => {
    expect(applyTopicBase({ '~': 'b', state_topic: '~' })).toEqual({ state_topic: 'b' });
    const plain = { state_topic: '~/x' };
    expect(applyTopicBase(plain)).toBe(plain);
  });
});

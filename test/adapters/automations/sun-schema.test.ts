// The sun trigger and condition as the loader reads them (Home Assistant's sun/trigger.py and condition.py schemas).
import { describe, expect, it } from 'vitest';
import { loadAutomationText } from '../../../src/adapters/automations/loader.js';

const load = (triggers: string, conditions = '[]') =>
  loadAutomationText(`id: a\ntriggers: ${triggers}\nconditions: ${conditions}\nactions: [{event: y}]\n`, 'a.yaml');
const errors = (triggers: string, conditions = '[]') =>
  load(triggers, conditions)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => d.message);

describe('sun trigger and condition schemas', () => {
  it('reads event and offset (default 0, a signed duration in ms), legacy platform too', () => {
    const t = load('[{trigger: sun, event: sunset, offset: "-00:45:00"}, {platform: sun, event: SUNRISE}]');
    expect(t.diagnostics).toEqual([]);
    expect(t.automations[0]?.config.triggers).toEqual([
      expect.objectContaining({ trigger: 'sun', event: 'sunset', offset: -2_700_000 }),
      expect.objectContaining({ trigger: 'sun', event: 'sunrise', offset: 0 }),
    ]);
  });

  it('names a missing or misspelt event and a templated offset', () => {
    expect(errors('[{trigger: sun}]')).toEqual([expect.stringMatching(/expected one of sunrise, sunset/)]);
    expect(errors('[{trigger: sun, event: sunsett}]')).toEqual([expect.stringMatching(/got 'sunsett'/)]);
    expect(errors('[{trigger: sun, event: sunset, offset: "{{ x }}"}]')).toEqual([
      expect.stringMatching(/a sun offset cannot be a template/),
    ]);
  });

  it('reads a sun condition with offsets, and needs before or after', () => {
    const c = load('[{trigger: event, event_type: x}]', '[{condition: sun, after: sunset, after_offset: -1800}]');
    expect(c.diagnostics).toEqual([]);
    expect(c.automations[0]?.config.conditions).toEqual([
      { condition: 'sun', enabled: true, after: 'sunset', after_offset: -1_800_000 },
    ]);
    expect(errors('[{trigger: event, event_type: x}]', '[{condition: sun, after_offset: 10}]')).toEqual([
      expect.stringMatching(/needs 'before', 'after' or both/),
    ]);
    expect(errors('[{trigger: event, event_type: x}]', '[{condition: sun, before: noon}]')).toEqual([
      expect.stringMatching(/expected one of sunrise, sunset/),
    ]);
  });
});

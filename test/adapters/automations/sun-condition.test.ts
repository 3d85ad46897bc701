// The sun condition on json-rules-engine, case by case from Home Assistant's tests/components/sun/test_condition.py
// (San Diego, 2015-09-16, US/Pacific; Kotzebue, 2015-07-24, America/Anchorage). Home Assistant pins astral's
// times to the microsecond (sunrise 13:33:18.342542Z, sunset 2015-09-17 01:53:44.723614Z); here the boundaries are
// astronomy-engine's, checked against astral's within 20 s, and every case keeps Home Assistant's instants away
// from the boundaries and its offsets.
import { describe, expect, it } from 'vitest';
import { compileConditionBlock } from '../../../src/adapters/automations/conditions/block.js';
import { loadAutomationText } from '../../../src/adapters/automations/loader.js';
import { homeSun } from '../../../src/app/sun.js';
import type { ConditionDeps } from '../../../src/automations/conditions/types.js';
import type { Condition } from '../../../src/automations/model.js';
import { eventOnUtcDate, isoUtc, SunHolder, type HomeSun, type SunSource } from '../../../src/automations/sun.js';
import { createTemplateEnv } from '../../../src/automations/templates.js';
import type { Clock } from '../../../src/core/clock.js';
import { createEventBus } from '../../../src/core/event-bus.js';
import type { CoreEvents } from '../../../src/core/events.js';
import { silentLogger } from '../../../src/core/logger.js';
import { createStateStore } from '../../../src/core/state-store.js';

const SECOND = 1000;
const HOUR = 3600_000;
const at = (iso: string): number => Date.parse(iso);

function source(sun: HomeSun | undefined): SunSource {
  const holder = new SunHolder();
  if (sun) holder.set(sun);
  return holder;
}

function setup(sun: SunSource | undefined) {
  let now = 0;
  const clock: Clock = { now: () => new Date(now) };
  const states = createStateStore(createEventBus<CoreEvents>(silentLogger), clock);
  const deps: ConditionDeps = { states, clock, templates: createTemplateEnv({ states, clock }), sun };
  const compile = (yaml: string) => {
    const text = `triggers: [{trigger: event, event_type: x}]\nactions: [{event: y}]\nconditions:\n${yaml}`;
    const result = loadAutomationText(text, 'c.yaml');
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    return compileConditionBlock(result.automations[0]?.config.conditions as Condition[], 'condition', deps);
  };
  /** evaluates at `when`: whether it passed and what the trace compared */
  const check = async (yaml: string, when: number) => {
    now = when;
    const outcome = await compile(yaml).evaluate({});
    const { now: shown, ...wanted } = (outcome.results[0]?.compared ?? {}) as Record<string, unknown>;
    expect(shown).toBe(isoUtc(when));
    return { passed: outcome.passed, ...wanted, ...(outcome.error ? { error: outcome.error } : {}) };
  };
  return { check, compile };
}

const SAN_DIEGO = homeSun({
  latitude: 32.87336,
  longitude: -117.22743,
  elevation: 0,
  time_zone: 'America/Los_Angeles',
});
const sd = setup(source(SAN_DIEGO));
// sunrise 2015-09-16 06:33 local; sunset 2015-09-16 18:53 local = 2015-09-17 01:53 UTC; the sunset before it
const SUNRISE = eventOnUtcDate(SAN_DIEGO, 'sunrise', at('2015-09-16T00:00:00Z')) ?? 0;
const SUNSET = eventOnUtcDate(SAN_DIEGO, 'sunset', at('2015-09-17T00:00:00Z')) ?? 0;
const SUNSET_BEFORE = eventOnUtcDate(SAN_DIEGO, 'sunset', at('2015-09-16T00:00:00Z')) ?? 0;
const w = (ms: number): string => isoUtc(ms);

describe('sun condition (Home Assistant test_condition.py, San Diego)', () => {
  it("computes the day's events as astral does, within 20 s", () => {
    expect(Math.abs(SUNRISE - at('2015-09-16T13:33:18.342Z'))).toBeLessThan(20 * SECOND);
    expect(Math.abs(SUNSET - at('2015-09-17T01:53:44.723Z'))).toBeLessThan(20 * SECOND);
    expect(Math.abs(SUNSET_BEFORE + HOUR - at('2015-09-16T02:55:06.099Z'))).toBeLessThan(20 * SECOND);
  });

  it('before sunrise: from local midnight until sunrise', async () => {
    const c = '  - condition: sun\n    before: sunrise';
    const wanted = { wanted_time_before: w(SUNRISE) };
    expect(await sd.check(c, SUNRISE + SECOND)).toEqual({ passed: false, ...wanted });
    expect(await sd.check(c, SUNRISE)).toEqual({ passed: true, ...wanted });
    expect(await sd.check(c, at('2015-09-16T07:00:00Z'))).toEqual({ passed: true, ...wanted });
    expect(await sd.check(c, at('2015-09-17T06:59:59Z'))).toEqual({ passed: false, ...wanted });
  });

  it('after sunrise: from sunrise until local midnight', async () => {
    const c = '  - condition: sun\n    after: sunrise';
    const wanted = { wanted_time_after: w(SUNRISE) };
    expect(await sd.check(c, SUNRISE - SECOND)).toEqual({ passed: false, ...wanted });
    expect(await sd.check(c, SUNRISE + SECOND)).toEqual({ passed: true, ...wanted });
    expect(await sd.check(c, at('2015-09-16T07:00:00Z'))).toEqual({ passed: false, ...wanted });
    expect(await sd.check(c, at('2015-09-17T06:59:59Z'))).toEqual({ passed: true, ...wanted });
  });

  it('before sunrise with before_offset +1:00:00', async () => {
    const c = '  - condition: sun\n    before: sunrise\n    before_offset: "+1:00:00"';
    const wanted = { wanted_time_before: w(SUNRISE + HOUR) };
    expect(await sd.check(c, SUNRISE + HOUR + SECOND)).toEqual({ passed: false, ...wanted });
    expect(await sd.check(c, SUNRISE + HOUR)).toEqual({ passed: true, ...wanted });
    expect(await sd.check(c, at('2015-09-17T00:00:00Z'))).toEqual({ passed: false, ...wanted });
    expect(await sd.check(c, at('2015-09-16T23:59:59Z'))).toEqual({ passed: false, ...wanted });
    expect(await sd.check(c, at('2015-09-16T07:00:00Z'))).toEqual({ passed: true, ...wanted });
    expect(await sd.check(c, at('2015-09-17T06:59:59Z'))).toEqual({ passed: false, ...wanted });
    expect(await sd.check(c, SUNSET)).toEqual({ passed: false, ...wanted });
  });

  it('before sunset with before_offset +1:00:00: the sunset of the local day, one UTC day on', async () => {
    const c = '  - condition: sun\n    before: sunset\n    before_offset: "+1:00:00"';
    const wanted = { wanted_time_before: w(SUNSET + HOUR) };
    expect(await sd.check(c, at('2015-09-16T07:00:00Z'))).toEqual({ passed: true, ...wanted });
    expect(await sd.check(c, SUNSET + HOUR + SECOND)).toEqual({ passed: false, ...wanted });
    expect(await sd.check(c, SUNSET + HOUR)).toEqual({ passed: true, ...wanted });
    expect(await sd.check(c, at('2015-09-17T00:00:00Z'))).toEqual({ passed: true, ...wanted });
    expect(await sd.check(c, at('2015-09-16T23:59:59Z'))).toEqual({ passed: true, ...wanted });
    expect(await sd.check(c, SUNRISE)).toEqual({ passed: true, ...wanted });
    expect(await sd.check(c, at('2015-09-17T06:59:59Z'))).toEqual({ passed: false, ...wanted });
  });

  it('after sunset with after_offset +1:00:00, before and after local midnight', async () => {
    const c = '  - condition: sun\n    after: sunset\n    after_offset: {hours: 1}';
    const wanted = { wanted_time_after: w(SUNSET + HOUR) };
    expect(await sd.check(c, SUNSET + HOUR - SECOND)).toEqual({ passed: false, ...wanted });
    expect(await sd.check(c, SUNSET + HOUR)).toEqual({ passed: true, ...wanted });
    // 2015-09-15 23:59:59 local: the day before, its own sunset
    const before = { wanted_time_after: w(SUNSET_BEFORE + HOUR) };
    expect(await sd.check(c, at('2015-09-16T06:59:59Z'))).toEqual({ passed: true, ...before });
    expect(await sd.check(c, at('2015-09-16T07:00:00Z'))).toEqual({ passed: false, ...wanted });
  });

  it('after sunrise and before sunset: the day; each wanted time appears once it is checked', async () => {
    const c = '  - condition: sun\n    after: sunrise\n    before: sunset';
    const both = { wanted_time_before: w(SUNSET), wanted_time_after: w(SUNRISE) };
    expect(await sd.check(c, SUNRISE - SECOND)).toEqual({ passed: false, ...both });
    expect(await sd.check(c, SUNSET + SECOND)).toEqual({ passed: false, wanted_time_before: w(SUNSET) });
    expect(await sd.check(c, SUNRISE + SECOND)).toEqual({ passed: true, ...both });
    expect(await sd.check(c, SUNSET - SECOND)).toEqual({ passed: true, ...both });
    expect(await sd.check(c, at('2015-09-16T16:00:00Z'))).toEqual({ passed: true, ...both });
  });

  it('before sunrise and after sunset: the night (either one)', async () => {
    const c = '  - condition: sun\n    before: sunrise\n    after: sunset';
    const both = { wanted_time_before: w(SUNRISE), wanted_time_after: w(SUNSET) };
    expect(await sd.check(c, SUNRISE - SECOND)).toEqual({ passed: true, ...both });
    expect(await sd.check(c, SUNSET + SECOND)).toEqual({ passed: true, ...both });
    expect(await sd.check(c, SUNRISE + SECOND)).toEqual({ passed: false, ...both });
    expect(await sd.check(c, SUNSET - SECOND)).toEqual({ passed: false, ...both });
    expect(await sd.check(c, at('2015-09-16T07:00:01Z'))).toEqual({ passed: true, ...both });
    expect(await sd.check(c, at('2015-09-17T06:59:59Z'))).toEqual({ passed: true, ...both });
  });

  it("takes Home Assistant's newer `options:` spelling", async () => {
    const c = '  - condition: sun\n    options: {after: sunrise, after_offset: "-00:30:00"}';
    expect(await sd.check(c, SUNRISE - 20 * 60 * SECOND)).toEqual({
      passed: true,
      wanted_time_after: w(SUNRISE - 30 * 60 * SECOND),
    });
  });
});

describe('sun condition where the local day and the UTC day differ most (Kotzebue)', () => {
  // 66.5°N 162.4°E with Alaska time: sunrise about 07:20 local, sunset about 03:15 local the next night
  const KOTZEBUE = homeSun({ latitude: 66.5, longitude: 162.4, elevation: 0, time_zone: 'America/Anchorage' });
  const kz = setup(source(KOTZEBUE));
  const event = (kind: 'sunrise' | 'sunset', utcDay: string) => eventOnUtcDate(KOTZEBUE, kind, at(utcDay)) ?? 0;

  it('before sunrise and before sunset use the events of the UTC day of the local date', async () => {
    const rise = event('sunrise', '2015-07-24T00:00:00Z');
    expect(Math.abs(rise - at('2015-07-24T15:16:46.975Z'))).toBeLessThan(2 * 60 * SECOND);
    const c = '  - condition: sun\n    before: sunrise';
    expect(await kz.check(c, at('2015-07-24T08:00:00Z'))).toEqual({ passed: true, wanted_time_before: w(rise) });
    expect(await kz.check(c, at('2015-07-24T07:59:59Z'))).toEqual({
      passed: false,
      wanted_time_before: w(event('sunrise', '2015-07-23T00:00:00Z')),
    });
    // Home Assistant: "before sunset" at local midnight compares with 03:17 local that night (2015-07-24T11:17Z)
    const set = event('sunset', '2015-07-24T00:00:00Z');
    expect(Math.abs(set - at('2015-07-24T11:17:54.446Z'))).toBeLessThan(2 * 60 * SECOND);
    const s = '  - condition: sun\n    before: sunset';
    expect(await kz.check(s, at('2015-07-24T08:00:00Z'))).toEqual({ passed: true, wanted_time_before: w(set) });
  });
});

describe('sun condition without a sunrise or sunset, or without a location', () => {
  const TROMSO = homeSun({ latitude: 69.6492, longitude: 18.9553, elevation: 0, time_zone: 'Europe/Oslo' });
  const tr = setup(source(TROMSO));

  it('is false in the midnight sun and the polar night, saying why', async () => {
    const midsummer = at('2024-06-21T12:00:00Z');
    expect(await tr.check('  - condition: sun\n    after: sunset', midsummer)).toEqual({ passed: false });
    const outcome = await tr.compile('  - condition: sun\n    after: sunrise').evaluate({});
    expect(outcome.results[0]?.message).toBe('no sunrise today');
    const night = '  - condition: sun\n    before: sunrise\n    after: sunset';
    expect(await tr.check(night, at('2024-12-21T12:00:00Z'))).toEqual({ passed: false });
  });

  it('cannot be set up without a location, and raises while the location is on its way', async () => {
    const none = setup(undefined);
    expect(() => none.compile('  - condition: sun\n    after: sunset')).toThrow(/set latitude and longitude/);
    const pending = setup(new SunHolder());
    const result = await pending.check('  - condition: sun\n    after: sunset', at('2024-06-21T12:00:00Z'));
    expect(result).toMatchObject({ passed: false, error: expect.stringMatching(/not known yet/) });
  });
});

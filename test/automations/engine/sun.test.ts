// Sun triggers on fake clocks: the whole engine (a sun trigger with an offset, its trigger variables, a sun
// condition), the day-after-day planning of one trigger, a location that arrives late, and no location at all.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { homeSun } from '../../../src/app/sun.js';
import { armSun } from '../../../src/automations/triggers/sun.js';
import type { TriggerFire, TriggerRuntime } from '../../../src/automations/triggers/index.js';
import { nextSunEvent, SunHolder, type HomeSun } from '../../../src/automations/sun.js';
import type { Trigger } from '../../../src/automations/model.js';
import { silentLogger } from '../../../src/core/logger.js';
import { systemClock } from '../../../src/core/clock.js';
import { fakeTime, startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await h?.close();
  h = undefined;
});

const MIN = 60_000;
const LONDON = homeSun({ latitude: 51.5, longitude: -0.125, elevation: 0, time_zone: 'Europe/London' });
const holder = (sun: HomeSun): SunHolder => {
  const source = new SunHolder();
  source.set(sun);
  return source;
};
// 2024-06-20, London: sunset 21:21 BST = 20:21 UTC
const SUNSET = nextSunEvent(LONDON, 'sunset', Date.parse('2024-06-20T12:00:00Z'), 0) ?? 0;

async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  await h!.flush();
}

const DUSK = `
id: dusk
triggers:
  - trigger: sun
    event: sunset
    offset: "-00:45:00"
conditions:
  - condition: sun
    after: sunrise
actions:
  - action: mqtt.publish
    data:
      topic: out/sun
      payload: "{{ trigger.platform }}|{{ trigger.event }}|{{ trigger.offset }}|{{ trigger.description }}"
`;

describe('sun trigger in the engine', () => {
  it('fires 45 minutes before sunset with Home Assistant’s trigger variables, the condition passing', async () => {
    expect(new Date(SUNSET).toISOString()).toMatch(/^2024-06-20T20:2[01]/);
    h = await startHarness({}, { engine: { sun: holder(LONDON) } });
    fakeTime(new Date(SUNSET - 45 * MIN - 2_000));
    h.write('dusk.yaml', DUSK);
    await h.engine.reload();
    expect(h.engine.diagnostics()).toEqual([]);
    await advance(1_999);
    expect(h.on('out/sun')).toEqual([]);
    await advance(1);
    expect(h.on('out/sun')).toEqual(['sun|sunset|-1 day, 23:15:00|sunset with offset']);
    const [trace] = h.fullTraces('dusk');
    expect(trace?.trigger).toMatchObject({
      platform: 'sun',
      description: 'sunset with offset',
      variables: { event: 'sunset', offset: '-1 day, 23:15:00' },
    });
  });

  it('without a location the automation is not set up, and says why', async () => {
    h = await startHarness({ 'dusk.yaml': DUSK });
    const problems = h.engine.diagnostics().filter((d) => d.automation_id === 'dusk');
    expect(problems).toEqual([
      expect.objectContaining({ severity: 'error', message: expect.stringMatching(/set latitude and longitude/) }),
    ]);
  });
});

describe('sun trigger planning (async_track_sunrise)', () => {
  const trigger = (offset: number): Extract<Trigger, { trigger: 'sun' }> => ({
    trigger: 'sun',
    event: 'sunrise',
    offset,
    enabled: true,
  });
  const runtime = (sun: TriggerRuntime['sun']): TriggerRuntime =>
    ({ clock: systemClock, log: silentLogger, sun }) as unknown as TriggerRuntime;
  const base = { idx: 0, id: 'rise', alias: null, platform: 'sun' };

  it('fires at every sunrise plus the offset, day after day', async () => {
    const start = Date.parse('2024-03-18T12:00:00Z');
    vi.useFakeTimers({ now: new Date(start) });
    const fired: { at: number; fire: TriggerFire }[] = [];
    const armed = armSun(trigger(10 * MIN), base, runtime(holder(LONDON)), {}, (fire) =>
      fired.push({ at: Date.now(), fire }),
    );
    await vi.advanceTimersByTimeAsync(3 * 86_400_000);
    armed.stop();
    const expected: number[] = [];
    for (let after = start; expected.length < 3; ) {
      after = nextSunEvent(LONDON, 'sunrise', after + MIN, 10 * MIN) ?? 0;
      expected.push(after);
    }
    expect(fired.map((f) => f.at)).toEqual(expected);
    // London in mid-March: sunrise about 06:0x UTC, so 06:1x with the offset, on the 19th, 20th and 21st
    expect(expected.map((t) => new Date(t).toISOString().slice(0, 15))).toEqual([
      '2024-03-19T06:1',
      '2024-03-20T06:1',
      '2024-03-21T06:1',
    ]);
    expect(fired[0]?.fire.variables).toMatchObject({
      platform: 'sun',
      event: 'sunrise',
      description: 'sunrise with offset',
    });
  });

  it('waits for a location that arrives later; a negative offset before the event', async () => {
    vi.useFakeTimers({ now: new Date('2024-03-18T12:00:00Z') });
    const source = new SunHolder();
    const fired: number[] = [];
    const armed = armSun(trigger(-30 * MIN), base, runtime(source), {}, () => fired.push(Date.now()));
    await vi.advanceTimersByTimeAsync(86_400_000);
    expect(fired).toEqual([]);
    source.set(LONDON);
    await vi.advanceTimersByTimeAsync(86_400_000);
    armed.stop();
    const rise = nextSunEvent(LONDON, 'sunrise', Date.parse('2024-03-19T12:00:00Z'), 0) ?? 0;
    expect(fired).toHaveLength(1);
    expect(Math.abs((fired[0] ?? 0) - (rise - 30 * MIN))).toBeLessThan(1_000);
  });

  it('is not set up without a location source', () => {
    expect(() => armSun(trigger(0), base, runtime(undefined), {}, () => {})).toThrow(/set latitude and longitude/);
  });
});

// Time triggers and `for:` through the whole engine across both daylight-saving changes of one zone. The zone is
// the process's (as in the add-on, where TZ is Home Assistant's zone): each test file that uses these sets
// process.env.TZ in vi.hoisted, before anything reads it. Fake time moves in 20 s steps with real I/O in
// between, so the MQTT keep-alive (30 s) is answered as it would be.
import { afterEach, expect, it, vi } from 'vitest';
import { fakeTime, startHarness, type Harness } from './harness.js';

export interface Zone {
  /** the local time (with its offset) a spring test starts at and the hour-pattern values to use */
  spring: { start: string; at: string; expected: { half: string[]; hourly: string[] } };
  autumn: { start: string; at: string; expected: { half: string[]; hourly: string[]; at: string[] } };
  /** `for: "01:00:00"` set at `from`, held until `until` (one real hour, two or no wall-clock hours) */
  holds: { from: string; until: string }[];
  /** a local date-time state (input_datetime) and an `offset` that crosses the spring change: added on the wall */
  wallOffset: { state: string; offset: string; from: string; fires: string };
}

const STEP = 20_000;
const IO_TURNS = 5;

const automation = (at: string) => `
id: dst
mode: parallel
triggers:
  - trigger: time_pattern
    minutes: "/30"
    id: half
  - trigger: time_pattern
    hours: "/1"
    id: hourly
  - trigger: time
    at: "${at}"
    id: at
actions:
  - action: mqtt.publish
    data: {topic: out/dst, payload: "{{ trigger.id }} {{ trigger.now.isoformat() }}"}
`;

const HOLD = `
id: hold
triggers:
  - trigger: state
    entity_id: binary_sensor.door
    to: "on"
    for: "01:00:00"
actions:
  - action: mqtt.publish
    data: {topic: out/held, payload: "{{ now().isoformat() }} after {{ trigger.for }}"}
`;

const wallOffset = (offset: string) => `
id: wall
triggers:
  - trigger: time
    at:
      - entity_id: input_datetime.start
        offset: "${offset}"
actions:
  - action: mqtt.publish
    data: {topic: out/wall, payload: "{{ trigger.now.isoformat() }}"}
`;

export function dstScenarios(zone: Zone): void {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  /**
   * Moves fake time on by `ms` in steps with a few turns of real I/O after each (keep-alive pings and their
   * answers), then waits until everything published has arrived.
   */
  async function run(ms: number): Promise<void> {
    for (let left = ms; left > 0; left -= STEP) {
      await vi.advanceTimersByTimeAsync(Math.min(STEP, left));
      for (let turn = 0; turn < IO_TURNS; turn++) await new Promise((r) => setImmediate(r));
    }
    await h!.flush();
  }

  /** What each trigger of the `dst` automation published, by trigger id. */
  const fired = (id: string): string[] =>
    h!
      .on('out/dst')
      .filter((p) => p.startsWith(`${id} `))
      .map((p) => p.slice(id.length + 1));

  async function start(at: string, from: string): Promise<void> {
    h = await startHarness({});
    fakeTime(new Date(from));
    h.write('dst.yaml', automation(at));
    await h.engine.reload();
  }

  it('spring: patterns go on at the first hour after the gap; a time in the skipped hour does not fire', async () => {
    const { start: from, at, expected } = zone.spring;
    await start(at, from);
    await run(3_600_000 + 10_000);
    expect(fired('half')).toEqual(expected.half);
    expect(fired('hourly')).toEqual(expected.hourly);
    expect(fired('at')).toEqual([]);
  });

  it('autumn: patterns and a time in the repeated hour fire in both passes through it', async () => {
    const { start: from, at, expected } = zone.autumn;
    await start(at, from);
    await run(2 * 3_600_000 + 10_000);
    expect(fired('half')).toEqual(expected.half);
    expect(fired('hourly')).toEqual(expected.hourly);
    expect(fired('at')).toEqual(expected.at);
  });

  it.each(zone.holds)('for: "01:00:00" from $from holds one real hour, until $until', async ({ from, until }) => {
    h = await startHarness({});
    fakeTime(new Date(from));
    h.write('hold.yaml', HOLD);
    await h.engine.reload();
    await h.setState('binary_sensor.door', 'st/door', 'ON', 'on');
    await run(3_600_000 - 1_000);
    expect(h.on('out/held')).toEqual([]);
    await run(1_000);
    expect(h.on('out/held')).toEqual([`${until} after 1:00:00`]);
  });

  it('an offset on a local date-time is added on the wall clock, as time.py adds a timedelta', async () => {
    const { state, offset, from, fires } = zone.wallOffset;
    h = await startHarness({});
    fakeTime(new Date(from));
    h.write('wall.yaml', wallOffset(offset));
    h.t.app.states.set('input_datetime.start', state);
    await h.engine.reload();
    await run(10_000);
    expect(h.on('out/wall')).toEqual([fires]);
  });
}

// Time triggers with fake timers: time_pattern ("/n"), time at a time of day with weekdays, time
// from an entity (with an offset), homeassistant start/shutdown. Daylight-saving changes: dst-*.test.ts.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextPatternTime } from '../../../src/automations/triggers/time.js';
import { fakeTime, startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const every = (field: string, value: string) => `
id: pattern
mode: parallel
triggers:
  - trigger: time_pattern
    ${field}: "${value}"
actions:
  - action: mqtt.publish
    data: {topic: out/tick, payload: "{{ trigger.now.strftime('%H:%M:%S') }}"}
`;

async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  await h!.flush();
}

describe('time triggers', () => {
  it('time_pattern "/15" seconds fires at :00, :15, :30, :45', async () => {
    h = await startHarness({});
    fakeTime(new Date(2026, 0, 5, 12, 0, 7));
    h.write('pattern.yaml', every('seconds', '/15'));
    await h.engine.reload();
    await advance(7_999);
    expect(h.on('out/tick')).toEqual([]);
    await advance(1);
    expect(h.on('out/tick')).toEqual(['12:00:15']);
    await advance(60_000);
    expect(h.on('out/tick')).toEqual(['12:00:15', '12:00:30', '12:00:45', '12:01:00', '12:01:15']);
  });

  it('time_pattern minutes "/30" fires on the hour and half hour (seconds 0)', () => {
    const pattern = {
      hours: { kind: 'any' },
      minutes: { kind: 'every', every: 30 },
      seconds: { kind: 'value', value: 0 },
    } as const;
    expect(nextPatternTime(new Date(2026, 0, 5, 23, 45, 10), pattern)).toEqual(new Date(2026, 0, 6, 0, 0, 0));
    expect(nextPatternTime(new Date(2026, 0, 5, 8, 0, 0), pattern)).toEqual(new Date(2026, 0, 5, 8, 30, 0));
  });

  // (fake time moves in small steps: the broker's keep-alive timers run on the same fake clock)
  it('time at 07:00 on given weekdays, and a time held by an entity', async () => {
    h = await startHarness({});
    fakeTime(new Date(2026, 0, 9, 6, 59, 58)); // a Friday
    h.write(
      'wake.yaml',
      `
id: wake
triggers:
  - trigger: time
    at: "07:00"
    weekday: [mon, tue, wed, thu, fri]
  - trigger: time
    at: "07:00"
    weekday: sat
    id: saturday
  - trigger: time
    at: input_datetime.alarm
actions:
  - action: mqtt.publish
    data: {topic: out/wake, payload: "{{ trigger.now.strftime('%a %H:%M:%S') }} {{ trigger.id }} {{ trigger.entity_id | default('fixed') }}"}
`,
    );
    h.t.app.states.set('input_datetime.alarm', '07:00:10');
    await h.engine.reload();
    await advance(2_000);
    expect(h.on('out/wake')).toEqual(['Fri 07:00:00 0 fixed']);
    await advance(10_000);
    expect(h.on('out/wake')).toEqual(['Fri 07:00:00 0 fixed', 'Fri 07:00:10 2 input_datetime.alarm']);
    h.t.app.states.set('input_datetime.alarm', '07:00:20');
    await advance(10_000);
    expect(h.on('out/wake')).toEqual([
      'Fri 07:00:00 0 fixed',
      'Fri 07:00:10 2 input_datetime.alarm',
      'Fri 07:00:20 2 input_datetime.alarm',
    ]);
  });

  it("an entity's time of day moves by its offset on the wall clock, wrapping round midnight (time.py)", async () => {
    h = await startHarness({});
    fakeTime(new Date(2026, 0, 5, 23, 59, 50)); // a Monday
    h.write(
      'offset.yaml',
      `
id: offset
triggers:
  - trigger: time
    at:
      - entity_id: input_datetime.alarm
        offset: "-00:00:10"
actions:
  - action: mqtt.publish
    data: {topic: out/offset, payload: "{{ trigger.now.strftime('%a %H:%M:%S') }}"}
`,
    );
    h.t.app.states.set('input_datetime.alarm', '00:00:05');
    await h.engine.reload();
    await advance(4_999);
    expect(h.on('out/offset')).toEqual([]);
    await advance(1);
    expect(h.on('out/offset')).toEqual(['Mon 23:59:55']);
  });

  it('homeassistant start and shutdown are Switchyard starting and stopping', async () => {
    h = await startHarness({
      'life.yaml': `
id: life
mode: queued
triggers:
  - trigger: homeassistant
    event: start
  - trigger: homeassistant
    event: shutdown
actions:
  - action: mqtt.publish
    data: {topic: out/life, payload: "{{ trigger.event }}"}
`,
    });
    await h.flush();
    expect(h.on('out/life')).toEqual(['start']);
    await h.engine.stop();
    await h.flush();
    expect(h.on('out/life')).toEqual(['start', 'shutdown']);
  });
});

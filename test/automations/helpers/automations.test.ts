// Helpers in automations: the timer's events on the event trigger (the automation of Home Assistant's timer
// documentation), a timer running on fake time, and an automation on input_boolean.simulate in the style of the
// scripts documentation's if/elif/else example (test/fixtures/automations/20-choose-if-elif-else.yaml).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeTime } from '../engine/harness.js';
import { startHelperApp, type HelperApp } from './app-helpers.js';

let h: HelperApp | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await h?.t.close();
  h = undefined;
});

/** fake time in small steps: the broker's keep-alive timers run on the same clock */
async function advance(ms: number): Promise<void> {
  for (let left = ms; left > 0; left -= 1000) await vi.advanceTimersByTimeAsync(Math.min(1000, left));
  await h?.t.app.automations.whenIdle();
}

const TIMER = `
timer:
  laundry:
    duration: "00:01:00"
counter:
  finished:
  started:
automation:
  # home-assistant.io source/_integrations/timer.markdown, "Examples": an automation on timer.finished
  - alias: Timer finished
    triggers:
      - trigger: event
        event_type: timer.finished
        event_data:
          entity_id: timer.laundry
    actions:
      - action: counter.increment
        target:
          entity_id: counter.finished
  - alias: Timer started
    triggers:
      - trigger: event
        event_type: timer.started
        event_data:
          entity_id: timer.laundry
    actions:
      - action: counter.increment
        target:
          entity_id: counter.started
`;

describe('helpers in automations', () => {
  it('a timer runs on the clock and its events trigger automations (test_start_service, test_wait_till_timer_expires)', async () => {
    h = await startHelperApp();
    fakeTime(new Date(Date.UTC(2023, 5, 5, 17, 47, 50)));
    await h.write('timer.yaml', TIMER);
    const events: string[] = [];
    const off = h.t.app.bus.on('event_fired', (e) => {
      events.push(e.event_type);
    });
    const id = 'timer.laundry';
    expect((await h.call('timer.start', id)).status).toBe(200);
    await h.t.app.automations.whenIdle();
    expect(h.state(id)).toEqual({
      state: 'active',
      attributes: {
        duration: '0:01:00',
        remaining: '0:01:00',
        finishes_at: '2023-06-05T17:48:50+00:00',
        editable: false,
      },
    });
    expect(h.state('counter.started')?.state).toBe('1');
    await h.call('timer.change', id, { duration: -5 });
    expect(h.state(id)?.attributes).toMatchObject({ finishes_at: '2023-06-05T17:48:45+00:00', remaining: '0:00:55' });
    const beyond = await h.call('timer.change', id, { duration: 20 });
    expect(JSON.stringify(beyond.body)).toContain('Not possible to change timer timer.laundry beyond duration');
    await advance(54_000);
    expect(h.state(id)?.state).toBe('active');
    expect(h.state('counter.finished')?.state).toBe('0');
    await advance(1_000);
    expect(h.state(id)).toEqual({ state: 'idle', attributes: { duration: '0:01:00', editable: false } });
    expect(h.state('counter.finished')?.state).toBe('1');
    expect(events).toEqual(['timer.started', 'timer.changed', 'timer.finished']);
    off();
  });

  it('pause, restart, cancel and finish fire their events in Home Assistant order (test_methods_and_events)', async () => {
    h = await startHelperApp();
    await h.write('timer.yaml', 'timer:\n  test1:\n    duration: 10\n');
    const events: { type: string; data: Record<string, unknown> }[] = [];
    const off = h.t.app.bus.on('event_fired', (e) => {
      events.push({ type: e.event_type, data: { ...e.data } });
    });
    const id = 'timer.test1';
    const steps: [string, string, string | null][] = [
      ['start', 'active', 'timer.started'],
      ['pause', 'paused', 'timer.paused'],
      ['start', 'active', 'timer.restarted'],
      ['cancel', 'idle', 'timer.cancelled'],
      ['cancel', 'idle', null],
      ['start', 'active', 'timer.started'],
      ['finish', 'idle', 'timer.finished'],
      ['start', 'active', 'timer.started'],
      ['pause', 'paused', 'timer.paused'],
      ['cancel', 'idle', 'timer.cancelled'],
    ];
    let expected = 0;
    for (const [action, state, event] of steps) {
      await h.call(`timer.${action}`, id);
      expect(h.state(id)?.state, action).toBe(state);
      if (event) {
        expected++;
        expect(events.at(-1)?.type).toBe(event);
      }
      expect(events.length).toBe(expected);
    }
    expect(events.find((e) => e.type === 'timer.finished')?.data).toEqual({
      entity_id: id,
      finished_at: expect.stringMatching(/\+00:00$/),
    });
    const idle = await h.call('timer.change', id, { duration: 2 });
    expect(JSON.stringify(idle.body)).toContain('Timer timer.test1 is not running, only active timers can be changed');
    off();
  });

  it('input_boolean.simulate switched on runs the automation that chooses by the helpers', async () => {
    h = await startHelperApp();
    await h.write(
      'simulate.yaml',
      `
input_boolean:
  simulate:
    name: Simulate
input_number:
  level:
    min: 0
    max: 10
    initial: 7
counter:
  morning:
  night:
automation:
  - triggers:
      - trigger: state
        entity_id: input_boolean.simulate
        to: "on"
    mode: restart
    actions:
      - choose:
          # IF the level is high
          - conditions:
              - condition: numeric_state
                entity_id: input_number.level
                above: 5
            sequence:
              - action: counter.increment
                target:
                  entity_id: counter.morning
        # ELSE
        default:
          - action: counter.increment
            target:
              entity_id: counter.night
      - action: input_boolean.turn_off
        target:
          entity_id: input_boolean.simulate
`,
    );
    await h.call('input_boolean.turn_on', 'input_boolean.simulate');
    await h.t.app.automations.whenIdle();
    expect(h.state('counter.morning')?.state).toBe('1');
    expect(h.state('input_boolean.simulate')?.state).toBe('off');
    await h.call('input_number.set_value', 'input_number.level', { value: 2 });
    await h.call('input_boolean.turn_on', 'input_boolean.simulate');
    await h.t.app.automations.whenIdle();
    expect(h.state('counter.night')?.state).toBe('1');
    expect(h.state('counter.morning')?.state).toBe('1');
  });

  it('input_boolean.reload (no target) reloads the folder', async () => {
    h = await startHelperApp();
    await h.write(
      'reload.yaml',
      `
input_button:
  go:
automation:
  - triggers:
      - trigger: state
        entity_id: input_button.go
    actions:
      - action: input_boolean.reload
`,
    );
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    writeFileSync(join(h.t.dataDir, 'automations', 'more.yaml'), 'input_boolean:\n  added:\n');
    await h.call('input_button.press', 'input_button.go');
    await h.t.app.automations.whenIdle();
    expect(h.state('input_boolean.added')?.state).toBe('off');
  });
});

/** Timers that allow any delay (setTimeout alone caps at ~24.8 days) and fire at a clock time. */
import type { Clock } from '../core/clock.js';

const MAX_DELAY = 2_147_483_647;

export interface Timer {
  cancel(): void;
}

/**
 * Calls `fn` after `ms` milliseconds of elapsed time, whatever the wall clock does: Home Assistant's `for:` holds
 * (helpers/event.py `async_track_same_state` -> `async_call_later` -> `loop.call_at(loop.time() + delay)`, the
 * event loop's monotonic clock) and delays are elapsed time too, so `for: "01:00:00"` across a daylight-saving
 * change is one real hour.
 */
export function after(ms: number, fn: () => void): Timer {
  let handle: ReturnType<typeof setTimeout> | undefined;
  const arm = (remaining: number): void => {
    handle = setTimeout(
      () => (remaining > MAX_DELAY ? arm(remaining - MAX_DELAY) : fn()),
      Math.min(remaining, MAX_DELAY),
    );
  };
  arm(Math.max(0, ms));
  return { cancel: () => clearTimeout(handle) };
}

/** Calls `fn` once the clock reaches `epochMs` (checked again when the timer fires, in case the clock moved). */
export function at(clock: Clock, epochMs: number, fn: () => void): Timer {
  let current: Timer | undefined;
  const arm = (): void => {
    const wait = epochMs - clock.now().getTime();
    current = wait > 0 ? after(wait, () => (clock.now().getTime() >= epochMs ? fn() : arm())) : after(0, fn);
  };
  arm();
  return { cancel: () => current?.cancel() };
}

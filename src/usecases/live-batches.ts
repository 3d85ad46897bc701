// What the live streams (the MQTT explorer's topics, the log) share: the sink a batch goes to (an SSE client) and the
// one timer that sends what waits. The timer exists only while something waits: a stream with nothing new, or no
// stream at all, costs no timer.

/** Where a live stream's batches go. `blocked`: the client has too much unread; the batch is dropped and counted. */
export interface LiveSink<T> {
  send(batch: T): void;
  blocked(): boolean;
}

export interface LiveOptions {
  /** how long changes gather before they are sent together (default 250 ms) */
  flushMs?: number;
  /** bytes that may wait for the next flush; past it new items are dropped and counted (default 1 MiB) */
  maxPendingBytes?: number;
}

export const DEFAULT_FLUSH_MS = 250;
export const DEFAULT_MAX_PENDING_BYTES = 1024 * 1024;

/** Runs `flush` `ms` after the first `schedule()` since the last run; `stop()` cancels what is planned. */
export function flushTimer(ms: number, flush: () => void): { schedule(delay?: number): void; stop(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  return {
    schedule(delay = ms) {
      if (timer !== undefined || stopped) return;
      timer = setTimeout(() => {
        timer = undefined;
        flush();
      }, delay);
      timer.unref?.();
    },
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}

// Counters with a recent rate (messages received and published, state changes), for get_system_status
// and /api/system/status. add() runs once per MQTT message, so it is a few arithmetic operations on a
// small ring of per-second buckets: no allocation, no timers.

export interface RateCounter {
  /** counts `n` events now */
  add(n?: number): void;
  /** events since start */
  readonly total: number;
  /** mean events per second over the last `windowS` complete seconds */
  perSecond(): number;
}

export function createRateCounter(nowMs: () => number = Date.now, windowS = 10): RateCounter {
  const size = windowS + 1;
  const buckets = new Float64Array(size);
  let total = 0;
  /** the second the newest bucket belongs to */
  let current = Math.floor(nowMs() / 1000);

  /** moves the ring forward to `second`, zeroing the buckets of the seconds skipped */
  const advance = (second: number): void => {
    if (second <= current) return;
    const steps = Math.min(second - current, size);
    for (let k = 1; k <= steps; k++) buckets[(current + k) % size] = 0;
    current = second;
  };

  return {
    add(n = 1) {
      advance(Math.floor(nowMs() / 1000));
      buckets[current % size] = (buckets[current % size] ?? 0) + n;
      total += n;
    },
    get total() {
      return total;
    },
    perSecond() {
      advance(Math.floor(nowMs() / 1000));
      let sum = 0;
      for (let k = 1; k <= windowS; k++) sum += buckets[(current - k + size * 2) % size] ?? 0;
      return sum / windowS;
    },
  };
}

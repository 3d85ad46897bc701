// What one render may spend: operations, bytes built and wall-clock time (templates come from strangers:
// any client of the broker can publish a discovery config).
import { errorAt } from './errors.js';

export const LIMITS = {
  /** HA's MAX_TEMPLATE_OUTPUT. */
  maxOutputLength: 256 * 1024,
  /** Loop iterations per render, all loops together. */
  maxLoopIterations: 100_000,
  /**
   * Expression evaluations per render; a filter or method call is charged the size of what it works on
   * too (items of a list, or characters / 16), so one costly call over a large list counts as what it is.
   */
  maxOperations: 1_000_000,
  /**
   * Bytes of strings and lists built per render (every string result counted at its length, every list
   * at 16 bytes an item): a template from a stranger cannot fill the heap.
   */
  maxBytes: 16 * 1024 * 1024,
  /** Wall-clock time per render, checked as it runs (a single call over a list still finishes first). */
  maxMilliseconds: 50,
} as const;

/** how often (in operations) the clock is read */
const CLOCK_EVERY = 1024;

export class RenderBudget {
  private operations = 0;
  private bytes = 0;
  private nextClockCheck = CLOCK_EVERY;
  private deadline = Number.POSITIVE_INFINITY;

  constructor(private readonly src: string) {}

  start(): void {
    this.deadline = performance.now() + LIMITS.maxMilliseconds;
  }

  /** Counts work and memory against the budget; throws once it is spent. */
  charge(ops: number, bytes: number, pos: number): void {
    this.operations += ops;
    this.bytes += bytes;
    if (this.operations > LIMITS.maxOperations) {
      const message = `template too complex: more than ${LIMITS.maxOperations} operations`;
      throw errorAt(this.src, pos, message, undefined, false);
    }
    if (this.bytes > LIMITS.maxBytes) {
      const message = `template too large: it built more than ${LIMITS.maxBytes} bytes of strings and lists`;
      throw errorAt(this.src, pos, message, undefined, false);
    }
    if (this.operations >= this.nextClockCheck) {
      this.nextClockCheck = this.operations + CLOCK_EVERY;
      if (performance.now() > this.deadline) {
        throw errorAt(this.src, pos, `template too slow: more than ${LIMITS.maxMilliseconds} ms`, undefined, false);
      }
    }
  }
}

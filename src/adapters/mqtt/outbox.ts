// Commands kept while the broker is away (issue 21): a QoS 1 or 2 command asked for during an outage is kept, in
// order, until the connection is back and then published once; one still waiting when its time runs out is dropped
// and reported (never lost without a word). QoS 0 commands are not kept: MQTT promises them nothing, and a light that
// switches minutes after it was asked is worse than a clear refusal. Bounded: when full, a command is refused.
import { UnavailableError } from '../../core/errors.js';
import type { OutboxMessage } from '../../core/ports.js';

interface Kept {
  readonly messages: readonly OutboxMessage[];
  readonly what: string;
  readonly expires: number;
}

export interface OutboxStats {
  /** commands waiting for the broker */
  readonly waiting: number;
  /** published after an outage, since start */
  readonly delivered_total: number;
  /** dropped because their time ran out before the broker came back, since start */
  readonly expired_total: number;
}

export class Outbox {
  private kept: Kept[] = [];
  private delivered = 0;
  private expired = 0;

  /**
   * @param ttlMs how long a command waits (0: none is kept)
   * @param capacity the most commands kept at once
   * @param now the clock, in ms
   */
  constructor(
    private readonly ttlMs: number,
    private readonly capacity: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Keeps the messages of one command; returns when they expire. Throws UnavailableError when it cannot keep them. */
  keep(messages: readonly OutboxMessage[], what: string): Date {
    if (this.ttlMs <= 0) throw new UnavailableError('MQTT is not connected; nothing was published');
    if (messages.some((m) => m.qos === 0))
      throw new UnavailableError(
        'MQTT is not connected; nothing was published (a QoS 0 command is not kept for later: MQTT promises it nothing)',
      );
    if (this.kept.length >= this.capacity)
      throw new UnavailableError(
        `MQTT is not connected and ${this.capacity} commands already wait for it; nothing was published`,
      );
    const expires = this.now() + this.ttlMs;
    this.kept.push({ messages, what, expires });
    return new Date(expires);
  }

  /**
   * Hands what is still in time to `publish`, in the order asked, and returns the descriptions of the commands
   * whose time ran out. Called once the connection is back (after its subscriptions were restored).
   */
  release(publish: (m: OutboxMessage) => void): string[] {
    const now = this.now();
    const late: string[] = [];
    const kept = this.kept;
    this.kept = [];
    for (const k of kept) {
      if (k.expires < now) {
        late.push(k.what);
        this.expired++;
        continue;
      }
      for (const m of k.messages) publish(m);
      this.delivered++;
    }
    return late;
  }

  stats(): OutboxStats {
    return { waiting: this.kept.length, delivered_total: this.delivered, expired_total: this.expired };
  }
}

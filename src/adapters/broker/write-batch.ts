// Commits the broker's state changes of one event-loop turn to the durable store in one transaction.
import type { Logger } from '../../core/logger.js';
import type { BrokerStateChange, BrokerStateStore } from '../../core/ports.js';

/** The changes of one event-loop turn, committed together at the end of it. */
export class WriteBatch {
  private changes: BrokerStateChange[] = [];
  private committed: Promise<boolean> | undefined;
  private settle: ((ok: boolean) => void) | undefined;

  constructor(
    private readonly store: BrokerStateStore,
    private readonly log: Logger,
  ) {}

  /** resolves true once committed, false if the transaction failed (logged here) */
  add(changes: readonly BrokerStateChange[]): Promise<boolean> {
    if (changes.length === 0) return Promise.resolve(true);
    for (const c of changes) this.changes.push(c);
    if (this.committed === undefined) {
      this.committed = new Promise<boolean>((resolve) => (this.settle = resolve));
      setImmediate(() => this.flush());
    }
    return this.committed;
  }

  flush(): void {
    const changes = this.changes;
    const settle = this.settle;
    this.changes = [];
    this.committed = undefined;
    this.settle = undefined;
    if (settle === undefined) return;
    try {
      this.store.apply(changes);
      settle(true);
    } catch (err) {
      this.log.error('the embedded broker could not store its state; the publishes waiting for it are refused', {
        changes: changes.length,
        err: err instanceof Error ? err.message : String(err),
      });
      settle(false);
    }
  }
}

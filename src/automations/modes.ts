/**
 * Run modes (Home Assistant's `mode`): single (a new run is refused while one runs), restart (the
 * running one is cancelled first), queued (runs wait their turn, in order), parallel (side by side).
 * For queued and parallel, `max` counts running and waiting runs; one more is refused and logged at
 * the `max_exceeded` level.
 */
import type { Logger } from '../core/logger.js';
import type { AutomationConfig } from './model.js';

export interface QueuedRun {
  readonly id: string;
  /** starts the run; resolves when it has ended */
  start(): Promise<void>;
  /** cancels it (running or waiting); resolves when it has ended */
  cancel(reason: string): Promise<void>;
}

export type Admission = 'started' | 'queued' | 'failed_single' | 'failed_max_runs';

export class RunQueue<R extends QueuedRun> {
  private readonly running = new Set<R>();
  private readonly waiting: R[] = [];

  constructor(
    private readonly config: Pick<AutomationConfig, 'mode' | 'max' | 'max_exceeded'>,
    private readonly log: Logger,
  ) {}

  /** the runs going now, then the waiting ones */
  runs(): { running: R[]; waiting: R[] } {
    return { running: [...this.running], waiting: [...this.waiting] };
  }

  /** how many runs are going now, without copying them (read on every trigger for `this`) */
  get runningCount(): number {
    return this.running.size;
  }

  /** Admits the run; only `restart` with runs going has to wait (for them to be cancelled), else it answers at once. */
  offer(run: R): Admission | Promise<Admission> {
    const { mode, max } = this.config;
    if (mode === 'single' && this.running.size > 0) return this.refuse('failed_single', 'Already running');
    if ((mode === 'queued' || mode === 'parallel') && this.running.size + this.waiting.length >= max) {
      return this.refuse('failed_max_runs', 'Maximum number of runs exceeded');
    }
    if (mode === 'restart' && this.running.size > 0)
      return Promise.all([...this.running].map((r) => r.cancel('restart'))).then(() => this.admit(run));
    return this.admit(run);
  }

  private admit(run: R): Admission {
    const { mode } = this.config;
    if (mode === 'queued' && this.running.size > 0) {
      this.waiting.push(run);
      return 'queued';
    }
    this.launch(run);
    return 'started';
  }

  /** cancels every run, waiting ones first; resolves when all have ended */
  async cancelAll(reason: string): Promise<void> {
    const waiting = this.waiting.splice(0);
    await Promise.all([...waiting.map((r) => r.cancel(reason)), ...[...this.running].map((r) => r.cancel(reason))]);
  }

  private launch(run: R): void {
    this.running.add(run);
    void run.start().finally(() => {
      this.running.delete(run);
      const next = this.waiting.shift();
      if (next) this.launch(next);
    });
  }

  private refuse(outcome: 'failed_single' | 'failed_max_runs', message: string): Admission {
    const level = this.config.max_exceeded;
    const fields = { mode: this.config.mode, max: this.config.max };
    if (level === 'critical' || level === 'error') this.log.error(message, fields);
    else if (level === 'warning') this.log.warn(message, fields);
    else if (level === 'info') this.log.info(message, fields);
    else if (level !== 'silent') this.log.debug(message, fields);
    return outcome;
  }
}

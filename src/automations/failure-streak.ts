/**
 * Runs that fail one after another are a problem for a person, not just for the log (issue 21): the third error
 * in a row raises one `automation_failing` alert; the next run that ends without an error resolves it
 * (acknowledged) and the count starts again. Runs stopped by their conditions or a `stop` do not break a streak.
 */
import type { AlertStore } from '../core/alerts.js';

/** errors in a row that make an alert */
export const FAILURES_FOR_ALERT = 3;

export class FailureStreak {
  private errors = 0;
  private alert: number | undefined;

  /** `what` names the automation in the alert (read when it is raised: a reload may rename it) */
  constructor(private readonly what: () => string) {}

  ended(end: { outcome: string; error: string | null }, alerts: Pick<AlertStore, 'raise' | 'acknowledge'>): void {
    if (end.outcome === 'error') {
      this.errors++;
      if (this.errors < FAILURES_FOR_ALERT || this.alert !== undefined) return;
      this.alert = alerts.raise({
        severity: 'error',
        type: 'automation_failing',
        message: `${this.what()} failed ${this.errors} times in a row; last error: ${end.error ?? 'unknown'}`,
        device_id: null,
        entity_id: null,
      }).id;
      return;
    }
    if (end.outcome !== 'finished') return;
    this.errors = 0;
    if (this.alert !== undefined) alerts.acknowledge(this.alert);
    this.alert = undefined;
  }
}

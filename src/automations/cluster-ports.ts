// What the engine needs from several instances sharing one home (docs/scale-out.md): every instance arms every
// trigger, and the gate decides which one runs a trigger that fired; the journal keeps the runs in progress where
// the instance taking over finds them, so a run interrupted by its instance's end is recorded as such.
import type { AutomationTrace } from '../core/automation-ports.js';
import type { TriggerFire } from './triggers/types.js';

export interface FireGate {
  /** `handle` checks the conditions and runs the automation: now (this instance leads), later or never */
  offer(automationId: string, fire: TriggerFire, handle: () => void): void;
}

export interface RunJournal {
  /** a run was admitted; `snapshot` is its trace as the instance taking over records it (aborted) */
  started(automationId: string, runId: string, snapshot: () => AutomationTrace): void;
  ended(runId: string): void;
}

export interface AutomationCluster {
  readonly gate: FireGate;
  readonly journal: RunJournal;
}

/** the reason on the trace of a run its instance did not finish */
export const FAILOVER_REASON = 'the instance running it stopped (fail-over)';

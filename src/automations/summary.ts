/** What the engine tells about an automation: a summary for lists, details for one. */
import type { RunOutcome } from '../core/automation-ports.js';
import type { Automation } from './automation.js';
import type { AutomationConfig } from './model.js';
import { toJson } from './native.js';
import { withSecretReferences } from './secrets.js';

export interface AutomationSummary {
  readonly id: string;
  readonly alias: string;
  readonly description: string | null;
  readonly enabled: boolean;
  readonly mode: AutomationConfig['mode'];
  readonly max: number;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** when a trigger last fired (whether or not the conditions passed) */
  readonly last_triggered: string | null;
  /** when the actions last started */
  readonly last_ran: string | null;
  readonly last_outcome: RunOutcome | null;
  readonly last_error: string | null;
  readonly error_count: number;
  readonly running: number;
  readonly waiting: number;
}

export interface RunInfo {
  readonly run_id: string;
  readonly state: 'waiting' | 'running';
  readonly started: string;
  readonly trigger: string | null;
  readonly last_step: string | null;
}

export interface AutomationDetails extends AutomationSummary {
  readonly source_hash: string;
  /** the normalised configuration */
  readonly config: Record<string, unknown>;
  readonly runs: RunInfo[];
}

export function automationSummary(a: Automation): AutomationSummary {
  const { loaded } = a;
  const runs = a.runs();
  return {
    id: loaded.id,
    alias: loaded.alias,
    description: loaded.config.description ?? null,
    enabled: a.enabled,
    mode: loaded.config.mode,
    max: loaded.config.max,
    file: loaded.file,
    line: loaded.line,
    column: loaded.column,
    ...a.stats,
    running: runs.filter((r) => r.status === 'running').length,
    waiting: runs.filter((r) => r.status === 'waiting').length,
  };
}

export function automationDetails(a: Automation): AutomationDetails {
  return {
    ...automationSummary(a),
    source_hash: a.loaded.source_hash,
    // `!secret` values shown as their references (issue 21)
    config: withSecretReferences(toJson(a.loaded.config) as Record<string, unknown>, a.loaded.secrets),
    runs: a
      .runs()
      .filter((r) => r.status !== 'ended')
      .map((r) => ({
        run_id: r.id,
        state: r.status === 'waiting' ? 'waiting' : 'running',
        started: r.startedAt,
        trigger: r.trigger,
        last_step: r.lastStep,
      })),
  };
}

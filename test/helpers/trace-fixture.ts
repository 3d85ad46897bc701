// An automation run's trace as the engine stores it, for the trace store tests of both engines.
import type { AutomationTrace } from '../../src/core/automation-ports.js';

/** run `n` of `automation`, as the engine stores it */
export function trace(
  automation: string,
  n: number,
  outcome: AutomationTrace['outcome'] = 'finished',
): AutomationTrace {
  const start = new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();
  return {
    run_id: `${automation}-run-${n}`,
    automation_id: automation,
    alias: automation,
    source: { file: 'a.yaml', line: 1, column: 1 },
    config_hash: 'abc',
    start,
    finish: start,
    duration_ms: n,
    outcome,
    error: outcome === 'error' ? 'boom' : null,
    reason: null,
    trigger: { idx: 0, id: '0', platform: 'state', description: 'state of light.x', variables: { n } },
    context: { id: `ctx-${n}`, parent_id: null, origin: `automation:${automation}` },
    variables: { n },
    conditions: [{ path: 'condition/0', condition: 'state', result: true, compared: { value: 'on', wanted: ['on'] } }],
    conditions_skipped: false,
    steps: [{ path: 'action/0', kind: 'delay', timestamp: start, duration_ms: 1, result: { delay_ms: 1 } }],
    last_step: 'action/0',
  };
}

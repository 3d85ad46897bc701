import type { Migration } from 'kysely';
import { initial } from './0001-initial.js';
import { bridge } from './0002-bridge.js';
import { automationTraces } from './0003-automation-traces.js';
import { helperStates } from './0004-helper-states.js';
import { alertRepeats } from './0005-alert-repeats.js';

/** Every migration in order; names sort the way they must run. Add new ones at the end. */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001-initial': initial,
  '0002-bridge': bridge,
  '0003-automation-traces': automationTraces,
  '0004-helper-states': helperStates,
  '0005-alert-repeats': alertRepeats,
};

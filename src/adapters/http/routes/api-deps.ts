import type { Clock } from '../../../core/clock.js';
import type { CommandRouter } from '../../../core/commands.js';
import type { DiagnosticsSource, HistoryReader } from '../../../core/ports.js';
import type { Registry } from '../../../core/registry.js';
import type { StateStore } from '../../../core/state-store.js';

/** What the read/control routes need from the core, passed in by app.ts. */
export interface ApiDeps {
  registry: Registry;
  states: StateStore;
  commands: CommandRouter;
  history: HistoryReader;
  diagnostics: DiagnosticsSource;
  clock: Clock;
}

/**
 * The automations folder as the domain's `AutomationSource`, and the engine built on it with json-rules-engine
 * evaluating conditions: what the composition root and the engine tests start.
 */
import type { Logger } from '../../core/logger.js';
import { createAutomationEngine, type AutomationEngine, type AutomationEngineDeps } from '../../automations/engine.js';
import type { AutomationSource } from '../../automations/model.js';
import { compileConditionBlock } from './conditions/block.js';
import { loadAutomations } from './loader.js';
import { watchFolder } from './watcher.js';

export interface FolderSourceOptions {
  /** watch the folder and reload on changes (default true) */
  readonly watch?: boolean;
  /** how long the folder must be quiet before a reload (default 300 ms) */
  readonly watchDebounceMs?: number;
}

export function createFolderSource(dir: string, log: Logger, options: FolderSourceOptions = {}): AutomationSource {
  return {
    load: () => loadAutomations(dir),
    ...(options.watch === false
      ? {}
      : { watch: (onChange: () => void) => watchFolder(dir, options.watchDebounceMs ?? 300, onChange, log) }),
  };
}

export type FolderEngineDeps = Omit<AutomationEngineDeps, 'source' | 'conditions'> &
  FolderSourceOptions & {
    /** the automations folder */
    readonly dir: string;
  };

/** The automation engine over a folder of YAML files, conditions on json-rules-engine. */
export function createFolderAutomationEngine(deps: FolderEngineDeps): AutomationEngine {
  const { dir, watch, watchDebounceMs, ...rest } = deps;
  const options = {
    ...(watch !== undefined ? { watch } : {}),
    ...(watchDebounceMs !== undefined ? { watchDebounceMs } : {}),
  };
  return createAutomationEngine({
    ...rest,
    source: createFolderSource(dir, deps.log, options),
    conditions: compileConditionBlock,
  });
}

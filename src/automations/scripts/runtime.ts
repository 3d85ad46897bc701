/**
 * The folder's scripts and scenes as the engine runs them: the `script.*` and `scene.*` controls its runs use,
 * the definition consumers fed by each load, and their start and stop (command handlers, runs).
 */
import type { AutomationDeps } from '../automation.js';
import type { DefinitionConsumer } from '../model.js';
import type { Run } from '../run.js';
import type { SceneControl } from '../scenes/control.js';
import { createScenes, type ScenesDeps } from '../scenes/scenes.js';
import type { ScriptControl } from './control.js';
import { createScripts } from './scripts.js';

/** what scenes need is all both need (scripts take the rest from the engine's AutomationDeps) */
export type ScriptsAndScenesDeps = ScenesDeps;

export interface ScriptsAndScenes {
  /** for the runs' ActionDeps */
  readonly controls: { readonly scripts: ScriptControl; readonly scenes: SceneControl };
  readonly consumers: readonly DefinitionConsumer[];
  /** script runs going or waiting */
  runs(): Run[];
  start(): void;
  stop(): Promise<void>;
}

/** `automation` is read when a script is built or run (the engine makes it after this). */
export function createScriptsAndScenes(deps: ScriptsAndScenesDeps, automation: () => AutomationDeps): ScriptsAndScenes {
  const scripts = createScripts({ automation, commands: deps.commands, reload: deps.reload });
  const scenes = createScenes(deps);
  return {
    controls: { scripts: scripts.control, scenes: scenes.control },
    consumers: [scripts, scenes],
    runs: () => scripts.runs(),
    start() {
      scripts.start();
      scenes.start();
    },
    async stop() {
      await scripts.stop('shutdown');
      scenes.stop();
    },
  };
}

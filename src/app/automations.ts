// Wiring of the automation engine (part of the composition root).
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createFolderAutomationEngine } from '../adapters/automations/file-source.js';
import { createGroups } from '../automations/groups/groups.js';
import type { AutomationEngine } from '../automations/engine.js';
import type { AutomationApiDeps } from '../adapters/http/routes/automations.js';
import type { StorageService } from '../adapters/storage/storage-service.js';
import type { Settings } from '../config/settings.js';
import type { Clock } from '../core/clock.js';
import type { CommandRouter } from '../core/commands.js';
import type { EventBus } from '../core/event-bus.js';
import type { CoreEvents } from '../core/events.js';
import type { Logger } from '../core/logger.js';
import type { MessageBus } from '../core/ports.js';
import type { Registry } from '../core/registry.js';
import type { StateStore } from '../core/state-store.js';
import type { SunSource } from '../automations/sun.js';
import type { DefinitionConsumer } from '../automations/model.js';
import type { AutomationInputs } from './inputs.js';
import type { HaRegistries } from '../automations/device-automation/ids.js';
import type { AutomationCluster } from '../automations/cluster-ports.js';
import { UnavailableError } from '../core/errors.js';
import type { Cluster } from './cluster.js';

export interface AutomationWiring {
  settings: Settings;
  storage: StorageService;
  messages: MessageBus;
  bus: EventBus<CoreEvents>;
  registry: Registry;
  states: StateStore;
  commands: CommandRouter;
  clock: Clock;
  log: Logger;
  /** the home's sun (sun triggers and conditions); absent without a location */
  sun?: SunSource | undefined;
  /** Home Assistant's device and entity registries (as an add-on), for device automations with its ids */
  haRegistries?: HaRegistries | undefined;
  /** webhook ids, conversation sentences and zones (`app/inputs.ts`) */
  inputs?: AutomationInputs | undefined;
  /** example automations copied into a folder that does not exist yet (the add-on's first start) */
  examplesDir?: string | undefined;
  /** the helpers (input_boolean … timer) the folder defines (`app/helpers.ts`) */
  helpers?: DefinitionConsumer | undefined;
  /** several instances: which one runs a fired trigger, and the runs in progress (`app/cluster.ts`) */
  cluster?: AutomationCluster | undefined;
}

export function createAutomations(w: AutomationWiring): AutomationEngine {
  // a fresh add-on has no automations folder yet: start it with the examples, or empty
  if (!existsSync(w.settings.automations_dir)) {
    mkdirSync(w.settings.automations_dir, { recursive: true });
    if (w.examplesDir && existsSync(w.examplesDir)) {
      const examples = readdirSync(w.examplesDir).filter((f) => /\.ya?ml$/.test(f));
      for (const file of examples) copyFileSync(join(w.examplesDir, file), join(w.settings.automations_dir, file));
      w.log.info('example automations copied', { dir: w.settings.automations_dir, files: examples.length });
    }
  }
  return createFolderAutomationEngine({
    dir: w.settings.automations_dir,
    bus: w.bus,
    states: w.states,
    registry: w.registry,
    commands: w.commands,
    messages: w.messages,
    alerts: w.storage.alerts,
    traces: w.storage.traces,
    clock: w.clock,
    sun: w.sun,
    haRegistries: w.haRegistries,
    definitions: [
      createGroups({ registry: w.registry, states: w.states, bus: w.bus }),
      ...(w.inputs ? [w.inputs.zones] : []),
      ...(w.helpers ? [w.helpers] : []),
    ],
    webhooks: w.inputs?.webhooks,
    sentences: w.inputs?.sentences,
    log: w.log.child({ part: 'automations' }),
    cluster: w.cluster,
    // SIGTERM must end the process within 5 s, shutdown automations included
    shutdownGraceMs: 2_000,
  });
}

/**
 * The routes exist before the engine does; this forwards to it once started. With several instances, only the one
 * running the automations runs one on request.
 */
export function automationApi(
  engine: () => AutomationEngine | undefined,
  cluster?: Pick<Cluster, 'leads' | 'instance'>,
): AutomationApiDeps {
  const need = () => {
    const e = engine();
    if (!e) throw new Error('automations are available after start()');
    return e;
  };
  return {
    list: () => engine()?.list() ?? [],
    get: (id) => engine()?.get(id),
    diagnostics: () => engine()?.diagnostics() ?? [],
    trigger(id, options) {
      if (cluster && !cluster.leads('automations'))
        throw new UnavailableError(
          `this instance (${cluster.instance}) does not run the automations now: ask the instance holding the automations lease (GET /api/health on each says which)`,
        );
      return need().trigger(id, options);
    },
    setEnabled: (id, enabled) => need().setEnabled(id, enabled),
    reload: () => need().reload(),
    traces: (id, limit) => engine()?.traces(id, limit) ?? [],
    trace: (id, runId) => engine()?.trace(id, runId),
    evaluations: (id, options) => engine()?.evaluations(id, options) ?? [],
  };
}

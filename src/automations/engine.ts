/**
 * The automation engine (a Service): loads the automations folder, arms each automation's triggers,
 * runs them, and reloads when the folder changes — automations whose YAML changed are restarted,
 * unchanged ones keep their runs and pending `for:` timers, removed ones stop.
 */
import { createContext } from '../core/context.js';
import { NotFoundError, ValidationError } from '../core/errors.js';
import type { ActionDeps } from './actions/types.js';
import { Automation } from './automation.js';
import { ContextLog } from './context-log.js';
import { createDeviceResolver, deviceWarnings } from './device-automation/diagnostics.js';
import type { AutomationDiagnostic, LoadedAutomation } from './model.js';
import { aliasSlug, entityWarnings, registryLookup, withAutomations } from './references.js';
import { automationDetails, automationSummary } from './summary.js';
import { createScriptsAndScenes } from './scripts/runtime.js';
import { createTemplateEnv } from './templates.js';
import { createTriggerIndex } from './trigger-index.js';
import { describeEvaluations } from './evaluation-text.js';

export type { AutomationDetails, AutomationSummary, RunInfo } from './summary.js';
export type { TriggerResult } from './automation.js';

import type { AutomationEngine, AutomationEngineDeps, ReloadResult } from './engine-types.js';

export type { AutomationEngine, AutomationEngineDeps, ReloadResult } from './engine-types.js';

export function createAutomationEngine(deps: AutomationEngineDeps): AutomationEngine {
  const log = deps.log;
  const index = createTriggerIndex(deps);
  const templates = createTemplateEnv(deps);
  const contexts = new ContextLog();
  const automations = new Map<string, Automation>();
  /** enabled/disabled set at run time, kept across reloads */
  const enabledById = new Map<string, boolean>();
  let loadDiagnostics: AutomationDiagnostic[] = [];
  let buildDiagnostics: AutomationDiagnostic[] = [];
  const none: ReloadResult = { added: [], changed: [], removed: [], unchanged: 0, errors: 0 };
  let reloading: Promise<ReloadResult> = Promise.resolve(none);
  let watcher: { stop(): void } | undefined;
  let started = false;

  const need = (id: string): Automation => {
    const found = automations.get(id);
    if (!found) throw new NotFoundError(`no automation '${id}'`);
    return found;
  };

  const setEnabled = (id: string, enabled: boolean, stopActions = true): void => {
    const automation = need(id);
    enabledById.set(id, enabled);
    if (automation.enabled === enabled) return;
    automation.enabled = enabled;
    if (!enabled) {
      automation.disarm();
      if (stopActions) void automation.cancelAll('disabled');
    } else if (started) automation.arm();
  };

  const own = createScriptsAndScenes({ ...deps, reload: () => engine.reload() }, () => automationDeps);
  const devices = createDeviceResolver(deps.registry, deps.bus, deps.haRegistries);
  const actions: ActionDeps = {
    devices,
    index,
    states: deps.states,
    clock: deps.clock,
    templates,
    log,
    registry: deps.registry,
    sun: deps.sun,
    webhooks: deps.webhooks,
    sentences: deps.sentences,
    commands: deps.commands,
    messages: deps.messages,
    alerts: deps.alerts,
    notifications: new Map(),
    automations: {
      resolve(entityId) {
        const name = entityId.startsWith('automation.') ? entityId.slice('automation.'.length) : entityId;
        if (automations.has(name)) return name;
        return [...automations.values()].find((a) => aliasSlug(a.loaded.alias) === name)?.id;
      },
      setEnabled,
      isEnabled: (id) => need(id).enabled,
      trigger(id, options) {
        if (contexts.causedBy(options.context, id))
          throw new ValidationError(`automation '${id}' cannot trigger itself (loop protection)`);
        return need(id).trigger(null, options);
      },
      reload: () => engine.reload(),
    },
    ...own.controls,
  };
  const automationDeps = {
    actions,
    conditions: deps.conditions,
    contexts,
    traces: deps.traces,
    log,
    cluster: deps.cluster,
  };

  const failed = ({ file, line, column, id }: LoadedAutomation, message: string): void => {
    buildDiagnostics.push({ file, line, column, severity: 'error', message, automation_id: id });
  };
  const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

  const build = (loaded: LoadedAutomation): Automation | undefined => {
    const enabled = enabledById.get(loaded.id) ?? loaded.config.initial_state ?? true;
    try {
      return new Automation(loaded, enabled, automationDeps);
    } catch (err) {
      failed(loaded, errorText(err));
      return undefined;
    }
  };

  const arm = (automation: Automation): void => {
    try {
      automation.arm();
    } catch (err) {
      failed(automation.loaded, `cannot set up its triggers: ${errorText(err)}`);
    }
  };

  const doReload = async (): Promise<ReloadResult> => {
    const result = deps.source.load();
    loadDiagnostics = result.diagnostics;
    buildDiagnostics = [];
    // helpers, scripts, scenes and zones first: automations that name them find them in place
    for (const consumer of [...own.consumers, ...(deps.definitions ?? [])]) {
      const mine = (result.definitions ?? []).filter((d) => consumer.sections.includes(d.section));
      try {
        buildDiagnostics.push(...(await consumer.apply(mine)));
      } catch (err) {
        log.error('definitions could not be applied', { sections: consumer.sections, err: errorText(err) });
      }
    }
    const added: string[] = [];
    const changed: string[] = [];
    let unchanged = 0;
    const seen = new Set<string>();
    for (const loaded of result.automations) {
      seen.add(loaded.id);
      const current = automations.get(loaded.id);
      if (current && current.loaded.source_hash === loaded.source_hash) {
        current.loaded = loaded;
        unchanged++;
        continue;
      }
      const next = build(loaded);
      // the new one listens before the old one stops, so MQTT subscriptions they share stay in place
      if (next && started) arm(next);
      if (current) {
        current.disarm();
        void current.cancelAll('reload');
        changed.push(loaded.id);
      } else added.push(loaded.id);
      if (next) automations.set(loaded.id, next);
      else automations.delete(loaded.id);
    }
    const removed = [...automations.keys()].filter((id) => !seen.has(id));
    for (const id of removed) {
      const old = automations.get(id);
      automations.delete(id);
      old?.disarm();
      void old?.cancelAll('reload');
    }
    await index.ready();
    const errors = [...loadDiagnostics, ...buildDiagnostics].filter((d) => d.severity === 'error').length;
    if (started)
      log.info('automations reloaded', {
        added: added.length,
        changed: changed.length,
        removed: removed.length,
        unchanged,
        errors,
      });
    index.fireEvent('automation_reloaded', {}, null);
    return { added, changed, removed, unchanged, errors };
  };

  const engine: AutomationEngine = {
    name: 'automations',
    async start() {
      if (started) return;
      index.start();
      own.start();
      started = true;
      await engine.reload();
      // automations kept from before a stop() need their triggers again
      for (const automation of automations.values()) arm(automation);
      await index.ready();
      index.emitLifecycle('start');
      const reload = (): void =>
        void engine.reload().catch((err: unknown) => log.error('automations reload failed', { err: String(err) }));
      watcher = deps.source.watch?.(reload);
      log.info('automations started', { count: automations.size, watched: index.size() });
    },
    async stop() {
      if (!started) return;
      watcher?.stop();
      watcher = undefined;
      const before = new Set([...automations.values()].flatMap((a) => a.runs()));
      index.emitLifecycle('shutdown');
      await Promise.all([...automations.values()].map((a) => a.settle()));
      const closing = [...automations.values()].flatMap((a) => a.runs()).filter((r) => !before.has(r));
      if (closing.length > 0) {
        const grace = new Promise<void>((resolve) => setTimeout(resolve, deps.shutdownGraceMs ?? 5_000).unref());
        await Promise.race([Promise.all(closing.map((r) => r.done)), grace]);
      }
      started = false;
      await Promise.all(
        [...automations.values()].map((a) => {
          a.disarm();
          return a.cancelAll('shutdown');
        }),
      );
      await own.stop();
      index.stop();
      deps.traces.flush?.();
    },
    reload() {
      reloading = reloading.catch(() => undefined).then(doReload);
      return reloading;
    },
    list: () => [...automations.values()].map(automationSummary),
    get(id) {
      const automation = automations.get(id);
      return automation ? automationDetails(automation) : undefined;
    },
    trigger(id, options = {}) {
      const automation = need(id);
      return automation.trigger(null, {
        skip_condition: options.skip_condition ?? true,
        variables: options.variables ?? {},
        context: createContext('api'),
      });
    },
    setEnabled(id, enabled) {
      setEnabled(id, enabled);
      return automationSummary(need(id));
    },
    diagnostics() {
      // entities come and go with discovery: which ones are missing is worked out on each request
      const loaded = [...automations.values()].map((a) => a.loaded);
      const lookup = withAutomations(registryLookup(deps.registry), loaded);
      const warnings = (a: LoadedAutomation) => [...entityWarnings(a, lookup), ...deviceWarnings(a, devices, lookup)];
      return [...loadDiagnostics, ...buildDiagnostics, ...loaded.flatMap(warnings)];
    },
    traces(id, limit) {
      return deps.traces.list(id, limit);
    },
    trace: (id, runId) => deps.traces.get(id, runId),
    evaluations(id, options = {}) {
      const automation = need(id);
      const records = automation.evaluations.list(options.entity_id, options.limit);
      return describeEvaluations(automation.loaded.config, records);
    },
    async cancelRuns(reason) {
      await Promise.all([...automations.values()].map((a) => a.cancelAll(reason)));
    },
    async whenIdle() {
      for (let i = 0; i < 100; i++) {
        const all = [...automations.values()];
        await Promise.all(all.map((a) => a.settle()));
        const runs = [...all.flatMap((a) => a.runs()), ...own.runs()];
        if (runs.length === 0) return;
        await Promise.all(runs.map((r) => r.done));
      }
    },
  };
  return engine;
}

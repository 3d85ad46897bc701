/**
 * The folder's scripts (Home Assistant's `script` integration): one `script.<id>` entity each in the registry
 * and the state store, under a source of their own so the command router sends `script.turn_on`,
 * `script.turn_off` and `script.toggle` (REST, MCP, `homeassistant.*`) here. On each load a script whose YAML
 * changed is stopped and rebuilt, an unchanged one keeps its runs, a removed one stops and its entity goes.
 */
import { type Entity, localEntity } from '../../core/model.js';
import type { ActionHandler, ActionResult, AllowedActions } from '../../core/commands.js';
import type { Context } from '../../core/context.js';
import type { Unsubscribe } from '../../core/event-bus.js';
import type { AutomationDeps } from '../automation.js';
import type { AutomationDiagnostic, DefinitionConsumer } from '../model.js';
import type { Run } from '../run.js';
import { definitionsOf, type LoadedDefinition } from '../sections.js';
import type { ScriptCallResult, ScriptControl } from './control.js';
import { ScriptRuntime } from './script.js';

export const SCRIPT_SOURCE = 'script';

export interface ScriptsDeps {
  /** what runs need (read when a script is built or run: the engine makes it after this part) */
  readonly automation: () => AutomationDeps;
  readonly commands: { register(source: string, handler: ActionHandler): Unsubscribe };
  /** reloads the automations folder (`script.reload`) */
  readonly reload: () => Promise<unknown>;
}

export interface Scripts extends DefinitionConsumer {
  readonly control: ScriptControl;
  /** every run going or waiting, for the engine's whenIdle */
  runs(): Run[];
  /** takes commands for the script entities */
  start(): void;
  /** stops every run and takes no more commands */
  stop(reason: string): Promise<void>;
}

const VARIABLES = { variables: { type: 'json' } } as const;
const ACTIONS: AllowedActions = {
  turn_on: { description: 'Run the script (does not wait for it to end); data: variables', params: VARIABLES },
  turn_off: { description: 'Stop every run of the script', params: VARIABLES },
  toggle: { description: 'Stop the script when running, else run it', params: VARIABLES },
};

const record = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

export function createScripts(deps: ScriptsDeps): Scripts {
  const scripts = new Map<string, ScriptRuntime>();
  const registry = { get: () => deps.automation().actions.registry };
  const states = { get: () => deps.automation().actions.states };
  let unregister: Unsubscribe | undefined;

  const need = (id: string): ScriptRuntime => {
    const found = scripts.get(id);
    if (!found) throw new Error(`no script '${id}'`);
    return found;
  };

  /** the scripts waiting on the run that owns `context` (empty for an automation or the API) */
  const stackOf = (context: Context): readonly string[] => {
    for (const s of scripts.values()) {
      const stack = s.stackOf(context.id);
      if (stack) return stack;
    }
    return [];
  };

  const register = (s: ScriptRuntime): void => {
    const { config } = s.def;
    registry.get().upsertEntity(
      localEntity({
        entity_id: s.entityId,
        unique_id: s.id,
        domain: 'script',
        name: s.name,
        source: SCRIPT_SOURCE,
        // what a caller needs to know: Home Assistant shows these in the script's action description
        config: {
          ...(config.description !== undefined ? { description: config.description } : {}),
          fields: config.fields,
          mode: config.mode,
        },
      }),
    );
    s.publish();
  };

  const remove = (entityId: string): void => {
    registry.get().removeEntity(entityId);
    states.get().remove(entityId);
  };

  const build = (def: LoadedDefinition<'script'>, problems: AutomationDiagnostic[]): ScriptRuntime | undefined => {
    // last_triggered survives a change of the script, as Home Assistant restores it
    const last = states.get().get(`script.${def.id}`)?.attributes['last_triggered'];
    try {
      return new ScriptRuntime(def, typeof last === 'string' ? last : null, deps.automation());
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const { file, line, column } = def;
      problems.push({ file, line, column, severity: 'error', message, automation_id: `script.${def.id}` });
      return undefined;
    }
  };

  const finished = (id: string, end: { outcome: string; error: string | null; reason: string | null }) => ({
    status: end.outcome,
    ...(end.error !== null && end.outcome === 'error' ? { error: `script.${id}: ${end.error}` } : {}),
    ...(end.reason !== null ? { reason: end.reason } : {}),
  });

  const control: ScriptControl = {
    resolve(entityId) {
      const id = entityId.startsWith('script.') ? entityId.slice('script.'.length) : entityId;
      return scripts.has(id) ? id : undefined;
    },
    ids: () => [...scripts.keys()],
    async call(id, variables, context, signal): Promise<ScriptCallResult> {
      const { result, run, ended } = await need(id).start(variables, context, stackOf(context));
      if (!run || !ended) return result;
      // the caller is stopped (restart, turn_off, reload): so is the script run it waits for
      const stop = () => void run.cancel('caller stopped');
      signal?.addEventListener('abort', stop, { once: true });
      try {
        const end = await ended;
        return {
          ...result,
          ...finished(id, end),
          ...(end.response !== undefined ? { response: end.response } : {}),
        };
      } finally {
        signal?.removeEventListener('abort', stop);
      }
    },
    async turnOn(id, variables, context) {
      // helpers/script.py: a run that is not waited for starts a new script stack (it may turn itself on)
      return (await need(id).start(variables, context, [])).result;
    },
    async turnOff(id) {
      await need(id).cancelAll('turned off');
    },
    async toggle(id, context) {
      const script = need(id);
      if (script.runs().length === 0) return (await script.start({}, context, [])).result;
      await script.cancelAll('turned off');
      return { script: id, run_id: null, status: 'stopped' };
    },
    reload: () => deps.reload(),
  };

  const handler: ActionHandler = {
    allowedActions: () => ACTIONS,
    async execute(entity: Entity, action, data, context): Promise<ActionResult> {
      const id = entity.unique_id ?? entity.entity_id.slice('script.'.length);
      if (action === 'turn_on') await control.turnOn(id, record(data['variables']), context);
      else if (action === 'turn_off') await control.turnOff(id);
      else if (action === 'toggle') await control.toggle(id, context);
      return { entity_id: entity.entity_id, action, published: [], optimistic: false };
    },
  };

  return {
    sections: ['script'],
    control,
    apply(all) {
      const problems: AutomationDiagnostic[] = [];
      const defs = definitionsOf(all, 'script');
      const seen = new Set(defs.map((d) => d.id));
      for (const def of defs) {
        const current = scripts.get(def.id);
        if (current && current.def.source_hash === def.source_hash) {
          current.def = def;
          continue;
        }
        const next = build(def, problems);
        if (current) void current.retire('reload');
        if (next) {
          scripts.set(def.id, next);
          register(next);
        } else {
          scripts.delete(def.id);
          remove(`script.${def.id}`);
        }
      }
      for (const [id, old] of scripts) {
        if (seen.has(id)) continue;
        scripts.delete(id);
        void old.retire('reload');
        remove(old.entityId);
      }
      // entities of scripts removed while Switchyard was stopped
      for (const e of registry.get().entities())
        if (e.source === SCRIPT_SOURCE && !scripts.has(e.entity_id.slice('script.'.length))) remove(e.entity_id);
      return problems;
    },
    runs: () => [...scripts.values()].flatMap((s) => s.runs()),
    start() {
      unregister ??= deps.commands.register(SCRIPT_SOURCE, handler);
    },
    async stop(reason) {
      unregister?.();
      unregister = undefined;
      await Promise.all([...scripts.values()].map((s) => s.cancelAll(reason)));
    },
  };
}

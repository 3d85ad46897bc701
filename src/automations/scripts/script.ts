/**
 * One script at run time, as Home Assistant's ScriptEntity with its Script (`components/script/__init__.py`,
 * `helpers/script.py`): its runs by mode (single, restart, queued, parallel with max and max_exceeded, as
 * automations), the `script.<id>` entity's state (`on` while a run is going or waiting, else `off`) with the
 * attributes Home Assistant gives it, and a trace of every run stored under `script.<id>`.
 */
import type { AutomationTrace } from '../../core/automation-ports.js';
import { createContext, type Context } from '../../core/context.js';
import { newId } from '../../core/ids.js';
import type { AutomationDeps } from '../automation.js';
import type { ConditionBlock } from '../conditions/types.js';
import type { Condition } from '../model.js';
import { RunQueue } from '../modes.js';
import { toJson } from '../native.js';
import { Run, type RunEnd } from '../run.js';
import type { LoadedDefinition } from '../sections.js';
import { TraceRecorder } from '../trace.js';
import type { ScriptCallResult } from './control.js';
import { withFieldDefaults } from './schema.js';

/** A run that was admitted, and how it ends; or why it was not. */
export interface Started {
  readonly result: ScriptCallResult;
  readonly run?: Run;
  readonly ended?: Promise<RunEnd>;
}

const asState = (s: { entity_id: string; state: string; attributes: unknown } | undefined) =>
  s ? { entity_id: s.entity_id, state: s.state, attributes: s.attributes } : null;

export class ScriptRuntime {
  private readonly queue: RunQueue<Run>;
  private readonly blocks = new Map<string, ConditionBlock>();
  /** the call stack (script ids) of each going run, by its context id: Home Assistant's script_stack */
  private readonly stacks = new Map<string, readonly string[]>();
  private retired = false;

  /** Checks the templates up front; throws when one cannot be compiled. */
  constructor(
    public def: LoadedDefinition<'script'>,
    private lastTriggered: string | null,
    private readonly deps: AutomationDeps,
  ) {
    const problems = deps.actions.templates.check(def.config);
    if (problems.length > 0) throw new Error(problems.join('; '));
    this.queue = new RunQueue(def.config, deps.log.child({ script: def.id }));
  }

  get id(): string {
    return this.def.id;
  }

  get entityId(): string {
    return `script.${this.def.id}`;
  }

  get name(): string {
    return this.def.config.alias ?? this.def.id;
  }

  /** runs going or waiting (Home Assistant's `current`) */
  runs(): Run[] {
    const { running, waiting } = this.queue.runs();
    return [...running, ...waiting].filter((r) => r.status !== 'ended');
  }

  stackOf(contextId: string): readonly string[] | undefined {
    return this.stacks.get(contextId);
  }

  /** The entity's attributes, as ScriptEntity's extra_state_attributes plus its name and icon. */
  attributes(): Record<string, unknown> {
    const { config } = this.def;
    return {
      last_triggered: this.lastTriggered,
      mode: config.mode,
      current: this.runs().length,
      ...(config.mode === 'queued' || config.mode === 'parallel' ? { max: config.max } : {}),
      friendly_name: this.name,
      ...(config.icon !== undefined ? { icon: config.icon } : {}),
    };
  }

  publish(context?: Context): void {
    if (this.retired) return;
    const state = this.runs().length > 0 ? 'on' : 'off';
    this.deps.actions.states.set(this.entityId, state, this.attributes(), context ? { context } : {});
  }

  cancelAll(reason: string): Promise<void> {
    return this.queue.cancelAll(reason);
  }

  /** stops its runs for good: it was changed or removed, and no longer shows in the entity */
  retire(reason: string): Promise<void> {
    this.retired = true;
    return this.queue.cancelAll(reason);
  }

  /**
   * Offers a run by the script's mode. `stack` is the chain of scripts waiting on this call: in restart and queued
   * mode a script already on it is refused (helpers/script.py "Disallowed recursion detected"), since it would
   * stop or wait for itself.
   */
  async start(
    variables: Readonly<Record<string, unknown>>,
    parent: Context,
    stack: readonly string[],
  ): Promise<Started> {
    const { config } = this.def;
    const { actions } = this.deps;
    const context = createContext(`script:${this.id}`, parent.id);
    this.deps.contexts.remember(context);
    const trace = new TraceRecorder(
      { ...this.def, id: this.entityId, alias: this.name },
      newId(),
      context,
      actions.clock,
    );
    trace.setConditions([], false);
    actions.index.fireEvent('script_started', { name: this.name, entity_id: this.entityId }, parent);
    const refuse = (status: string, reason: string): Started => {
      const outcome = status === 'failed_single' || status === 'failed_max_runs' ? status : 'aborted';
      this.save(trace.finish(outcome, null, reason));
      return { result: { script: this.id, run_id: trace.runId, status, reason } };
    };
    if ((config.mode === 'restart' || config.mode === 'queued') && stack.includes(this.id)) {
      const chain = [...stack, this.id].map((s) => `script.${s}`).join(' → ');
      this.deps.log.warn('Disallowed recursion detected', { script: this.id, chain });
      return refuse('disallowed_recursion', `disallowed recursion detected: ${chain}`);
    }
    let vars: Record<string, unknown>;
    try {
      vars = this.variables(variables);
    } catch (err) {
      const error = `variables: ${err instanceof Error ? err.message : String(err)}`;
      this.save(trace.finish('error', error, null));
      return { result: { script: this.id, run_id: trace.runId, status: 'error', error } };
    }
    trace.setVariables(vars);
    let finish: (end: RunEnd) => void = () => undefined;
    const ended = new Promise<RunEnd>((resolve) => {
      finish = resolve;
    });
    const base = {
      automationId: this.entityId,
      context,
      trace,
      deps: actions,
      block: (c: readonly Condition[], p: string) => this.block(c, p),
    };
    const run = new Run(trace.runId, config.sequence, vars, base, (t, end) => {
      this.stacks.delete(context.id);
      this.save(t);
      // a restart stops the old run for a new one: the entity stays on
      if (end.reason !== 'restart') this.publish(context);
      finish(end);
    });
    this.stacks.set(context.id, [...stack, this.id]);
    const admission = await this.queue.offer(run);
    if (admission === 'failed_single' || admission === 'failed_max_runs') {
      this.stacks.delete(context.id);
      return refuse(admission, admission === 'failed_single' ? 'already running' : 'maximum number of runs exceeded');
    }
    this.lastTriggered = trace.startedAt;
    if (run.status !== 'ended') this.publish(context);
    return { result: { script: this.id, run_id: trace.runId, status: admission }, run, ended };
  }

  /** `this`, the fields' defaults and the caller's variables, then the script's `variables` as defaults (helpers/script.py). */
  private variables(passed: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const { templates, states } = this.deps.actions;
    const vars: Record<string, unknown> = {
      this: asState(states.get(this.entityId)),
      ...withFieldDefaults(this.def.config, passed),
    };
    for (const [name, value] of Object.entries(this.def.config.variables)) {
      if (!Object.hasOwn(passed, name)) vars[name] = templates.renderValue(value, vars);
    }
    return vars;
  }

  private block(conditions: readonly Condition[], path: string): ConditionBlock {
    let block = this.blocks.get(path);
    if (!block) {
      block = this.deps.conditions(conditions, path, this.deps.actions, 'stop');
      this.blocks.set(path, block);
    }
    return block;
  }

  private save(trace: AutomationTrace): void {
    if (trace.outcome === 'error')
      this.deps.log.error('script run failed', { script: this.id, run_id: trace.run_id, err: trace.error });
    try {
      this.deps.traces.save(
        { automation_id: trace.automation_id, run_id: trace.run_id, build: () => toJson(trace) as AutomationTrace },
        this.def.config.trace?.stored_traces,
      );
    } catch (err) {
      this.deps.log.warn('could not store a script trace', {
        script: this.id,
        err: err instanceof Error ? err.message : String(err),
      });
    }
  }
}

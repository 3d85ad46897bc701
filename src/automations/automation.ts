/**
 * One automation at run time: its armed triggers, its compiled condition blocks, its runs (by mode)
 * and what it did last. A trigger that fires renders the variables, checks the conditions, then
 * hands a run to the mode's queue; every run (and every refused or failed one) leaves a trace.
 */
import { newId } from '../core/ids.js';
import type { AutomationTrace, RunOutcome, TraceStore } from '../core/automation-ports.js';
import { createContext, type Context } from '../core/context.js';
import type { Logger } from '../core/logger.js';
import type { ActionDeps, RunReply, RunState } from './actions/types.js';
import type { ConditionBlock, ConditionCompiler, ConditionOutcome, ListErrors } from './conditions/types.js';
import type { ContextLog } from './context-log.js';
import type { Condition, LoadedAutomation } from './model.js';
import { RunQueue } from './modes.js';
import { toJson } from './native.js';
import { Run, type RunEnd } from './run.js';
import { TraceRecorder } from './trace.js';
import { armTriggers, type ArmedTrigger, type TriggerFire } from './triggers/index.js';
import { FailureStreak } from './failure-streak.js';
import { TriggerEvaluations } from './evaluations.js';
import { FAILOVER_REASON, type AutomationCluster } from './cluster-ports.js';
import { thisState } from './this-state.js';

export interface AutomationDeps {
  readonly actions: ActionDeps;
  /** builds condition blocks (json-rules-engine, from the adapter) */
  readonly conditions: ConditionCompiler;
  readonly contexts: ContextLog;
  readonly traces: TraceStore;
  readonly log: Logger;
  /** several instances: which one runs a fired trigger, and the runs in progress (cluster-ports.ts) */
  readonly cluster?: AutomationCluster | undefined;
}

export interface TriggerOptions {
  readonly skip_condition?: boolean;
  readonly variables?: Readonly<Record<string, unknown>>;
  /** who asked (API, another automation); the run's context has it as parent */
  readonly context?: Context | null;
}

export interface TriggerResult {
  readonly run_id: string;
  /** `started` / `queued`, or the outcome when no action ran */
  readonly status: 'started' | 'queued' | RunOutcome;
}

export interface AutomationStats {
  last_triggered: string | null;
  last_ran: string | null;
  last_outcome: RunOutcome | null;
  last_error: string | null;
  error_count: number;
}

export class Automation {
  private armed: ArmedTrigger | undefined;
  private readonly queue: RunQueue<Run>;
  private readonly blocks = new Map<string, ConditionBlock>();
  private readonly conditions: ConditionBlock;
  private readonly triggerVariables: Record<string, unknown>;
  private readonly handling = new Set<Promise<unknown>>();
  /** runs failing one after another raise one alert (issue 21) */
  private readonly failing = new FailureStreak(() => `automation '${this.loaded.alias}' (${this.loaded.id})`);
  readonly evaluations = new TriggerEvaluations(); // its entity triggers' last evaluations ("why didn't it fire?")
  readonly stats: AutomationStats = {
    last_triggered: null,
    last_ran: null,
    last_outcome: null,
    last_error: null,
    error_count: 0,
  };

  /** Compiles everything up front; throws when a template or condition cannot be compiled. */
  constructor(
    public loaded: LoadedAutomation,
    public enabled: boolean,
    private readonly deps: AutomationDeps,
  ) {
    const problems = deps.actions.templates.check(loaded.config);
    if (problems.length > 0) throw new Error(problems.join('; '));
    // like Home Assistant's ConditionsChecker: a condition that raises does not stop the list (a later false decides)
    this.conditions = this.block(loaded.config.conditions, 'condition', 'continue');
    this.queue = new RunQueue(loaded.config, deps.log.child({ automation: loaded.id }));
    const rendered = deps.actions.templates.renderValue(loaded.config.trigger_variables, {});
    this.triggerVariables = rendered as Record<string, unknown>;
  }

  get id(): string {
    return this.loaded.id;
  }

  private originOf: { id: string; origin: string } | undefined;
  /** `automation:<id>`, built once: every run's context keeps it */
  private get origin(): string {
    if (this.originOf?.id !== this.id) this.originOf = { id: this.id, origin: `automation:${this.id}` };
    return this.originOf.origin;
  }

  /** the condition block at `path`, compiled on first use */
  block(conditions: readonly Condition[], path: string, errors: ListErrors = 'stop'): ConditionBlock {
    let block = this.blocks.get(path);
    if (!block) {
      block = this.deps.conditions(conditions, path, this.deps.actions, errors);
      this.blocks.set(path, block);
    }
    return block;
  }

  arm(): void {
    if (this.armed || !this.enabled) return;
    const { loaded, deps, triggerVariables: vars } = this;
    this.armed = armTriggers(loaded.config.triggers, deps.actions, vars, (f) => this.onFire(f), this.evaluations);
  }

  disarm(): void {
    this.armed?.stop();
    this.armed = undefined;
  }

  runs(): Run[] {
    const { running, waiting } = this.queue.runs();
    return [...running, ...waiting];
  }

  /** resolves when the triggers that fired so far have been handled (conditions checked, run admitted) */
  async settle(): Promise<void> {
    await Promise.all([...this.handling]);
  }

  cancelAll(reason: string): Promise<void> {
    return this.queue.cancelAll(reason);
  }

  private onFire(fire: TriggerFire): void {
    const noted = this.evaluations.claim(fire.idx);
    if (!this.enabled) {
      fire.reply?.(null);
      return;
    }
    if (this.deps.contexts.causedBy(fire.context, this.id)) {
      this.deps.log.debug('ignored a change this automation caused itself', {
        automation: this.id,
        trigger: fire.description,
      });
      this.evaluations.settle(noted, null, 'own_change');
      fire.reply?.(null);
      return;
    }
    const { cluster } = this.deps;
    if (cluster) cluster.gate.offer(this.id, fire, () => this.handle(fire, noted));
    else this.handle(fire, noted);
  }

  private handle(fire: TriggerFire, noted: number): void {
    // whoever waits for the run (a conversation trigger) hears from the run when it ends, else now
    const handled = this.trigger(fire, { context: fire.context }).then(
      (result) => {
        this.evaluations.settle(noted, result.run_id, result.status);
        if (result.status !== 'started' && result.status !== 'queued') fire.reply?.(null);
      },
      (err: unknown) => {
        fire.reply?.(null);
        this.deps.log.error('automation trigger failed', {
          automation: this.id,
          err: err instanceof Error ? err.stack : String(err),
        });
      },
    );
    this.handling.add(handled);
    void handled.finally(() => this.handling.delete(handled));
  }

  /** Handles a fired trigger (or a manual trigger when `fire` is null). */
  async trigger(fire: TriggerFire | null, options: TriggerOptions): Promise<TriggerResult> {
    const { actions: deps } = this.deps;
    const context = createContext(this.origin, options.context?.id ?? null);
    this.deps.contexts.remember(context);
    const trace = new TraceRecorder(this.loaded, newId(), context, deps.clock);
    trace.setTrigger(fire);
    this.stats.last_triggered = trace.startedAt;
    let vars: Record<string, unknown>;
    try {
      vars = this.variables(fire, options.variables ?? {});
    } catch (err) {
      return this.record(trace, {
        outcome: 'error',
        error: `variables: ${err instanceof Error ? err.message : String(err)}`,
        reason: null,
      });
    }
    trace.setVariables(vars);
    const skip = options.skip_condition === true;
    if (!skip && !this.conditions.empty) {
      let outcome: ConditionOutcome;
      try {
        outcome = await this.conditions.evaluate(vars);
      } catch (err) {
        return this.record(trace, {
          outcome: 'error',
          error: `conditions: ${err instanceof Error ? err.message : String(err)}`,
          reason: null,
        });
      }
      trace.setConditions(outcome.results, false);
      if (outcome.error !== undefined) {
        // Home Assistant logs a warning and the automation does not run
        this.deps.log.warn('error evaluating the conditions', { automation: this.id, err: outcome.error });
        const reason = `condition error: ${outcome.error}`;
        return this.record(trace, { outcome: 'failed_conditions', error: null, reason });
      }
      if (!outcome.passed)
        return this.record(trace, { outcome: 'failed_conditions', error: null, reason: 'conditions did not pass' });
    } else trace.setConditions([], skip);

    const reply: RunReply = {};
    const base: Omit<RunState, 'signal'> = {
      automationId: this.id,
      context,
      trace,
      deps,
      block: (c, p) => this.block(c, p),
      reply,
    };
    const { cluster } = this.deps;
    const run = new Run(trace.runId, this.loaded.config.actions, vars, base, (t, end) => {
      cluster?.journal.ended(t.run_id);
      this.ended(t, end);
      // Home Assistant's automation answers nothing when its actions raised
      fire?.reply?.(end.outcome === 'error' ? null : (reply.conversation_response ?? null));
    });
    const admission = await this.queue.offer(run);
    if (admission === 'failed_single' || admission === 'failed_max_runs') {
      return this.record(trace, {
        outcome: admission,
        error: null,
        reason: admission === 'failed_single' ? 'already running' : 'maximum number of runs exceeded',
      });
    }
    cluster?.journal.started(this.id, trace.runId, () => trace.finish('aborted', null, FAILOVER_REASON));
    this.stats.last_ran = trace.startedAt;
    deps.index.fireEvent(
      'automation_triggered',
      { name: this.loaded.alias, entity_id: `automation.${this.id}`, source: fire?.description ?? 'manual' },
      context,
    );
    return { run_id: trace.runId, status: admission };
  }

  private variables(fire: TriggerFire | null, extra: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const { templates } = this.deps.actions;
    const { config } = this.loaded;
    const vars: Record<string, unknown> = {
      ...this.triggerVariables,
      this: thisState(this.loaded, this.enabled, this.stats.last_triggered, this.queue.runningCount),
      trigger: fire?.variables ?? { platform: null },
    };
    const own = fire ? config.triggers[fire.idx]?.variables : undefined;
    for (const [name, value] of Object.entries(own ?? {})) vars[name] = templates.renderValue(value, vars);
    Object.assign(vars, extra);
    for (const [name, value] of Object.entries(config.variables)) vars[name] = templates.renderValue(value, vars);
    return vars;
  }

  private record(trace: TraceRecorder, end: RunEnd): TriggerResult {
    this.ended(trace.finish(end.outcome, end.error, end.reason), end);
    return { run_id: trace.runId, status: end.outcome };
  }

  private ended(trace: AutomationTrace, end: RunEnd): void {
    this.stats.last_outcome = end.outcome;
    this.failing.ended(end, this.deps.actions.alerts);
    if (end.outcome === 'error') {
      this.stats.error_count++;
      this.stats.last_error = end.error;
      this.deps.log.error('automation run failed', {
        automation: this.id,
        run_id: trace.run_id,
        step: trace.last_step,
        err: end.error,
      });
    }
    try {
      // built only if the store keeps it (see TraceInput)
      this.deps.traces.save(
        { automation_id: trace.automation_id, run_id: trace.run_id, build: () => toJson(trace) as AutomationTrace },
        this.loaded.config.trace?.stored_traces,
      );
    } catch (err) {
      this.deps.log.warn('could not store an automation trace', {
        automation: this.id,
        err: err instanceof Error ? err.message : String(err),
      });
    }
  }
}

/** What the automation engine (`engine.ts`) is built from and what it offers. */
import type { AlertStore } from '../core/alerts.js';
import type { AutomationTrace, TraceStore, TraceSummary } from '../core/automation-ports.js';
import type { Clock } from '../core/clock.js';
import type { CommandRouter } from '../core/commands.js';
import type { EventBus } from '../core/event-bus.js';
import type { CoreEvents } from '../core/events.js';
import type { Logger } from '../core/logger.js';
import type { MessageBus, Service } from '../core/ports.js';
import type { Registry } from '../core/registry.js';
import type { StateStore } from '../core/state-store.js';
import type { TriggerResult } from './automation.js';
import type { ConditionCompiler } from './conditions/types.js';
import type { SentenceTriggers } from './conversation/sentence-triggers.js';
import type { HaRegistries } from './device-automation/diagnostics.js';
import type { AutomationDiagnostic, AutomationSource, DefinitionConsumer } from './model.js';
import type { AutomationDetails, AutomationSummary } from './summary.js';
import type { SunSource } from './sun.js';
import type { TriggerEvaluation } from './evaluation-text.js';
import type { WebhookRegistry } from './triggers/webhook-registry.js';
import type { AutomationCluster } from './cluster-ports.js';

export interface AutomationEngineDeps {
  /** where the automations come from (the YAML folder: `adapters/automations/file-source.ts`) */
  readonly source: AutomationSource;
  /** builds condition blocks (json-rules-engine: `adapters/automations/conditions/block.ts`) */
  readonly conditions: ConditionCompiler;
  readonly bus: EventBus<CoreEvents>;
  readonly states: StateStore;
  readonly registry: Registry;
  readonly commands: CommandRouter;
  readonly messages: MessageBus;
  readonly alerts: AlertStore;
  readonly traces: TraceStore;
  readonly clock: Clock;
  readonly log: Logger;
  /** the home's sun (sun triggers and conditions); absent when no location is configured */
  readonly sun?: SunSource | undefined;
  /** where webhook triggers register (`POST /api/webhook/<id>` reaches them); without it they cannot be armed */
  readonly webhooks?: WebhookRegistry | undefined;
  /** where conversation triggers register their sentences; without it they cannot be armed */
  readonly sentences?: SentenceTriggers | undefined;
  /** the parts that run the folder's helpers, scripts, scenes and zones (`sections.ts`), given each load's */
  readonly definitions?: readonly DefinitionConsumer[];
  /** Home Assistant's device and entity registries (running as an add-on), for device automations written with its ids */
  readonly haRegistries?: HaRegistries | undefined;
  /** several instances on one home: which instance runs a fired trigger, and its runs in progress */
  readonly cluster?: AutomationCluster | undefined;
  /** how long stop() lets runs started by `homeassistant: shutdown` triggers finish (default 5 s) */
  readonly shutdownGraceMs?: number;
}

export interface ReloadResult {
  readonly added: string[];
  readonly changed: string[];
  readonly removed: string[];
  readonly unchanged: number;
  /** diagnostics with severity error */
  readonly errors: number;
}

export interface AutomationEngine extends Service {
  reload(): Promise<ReloadResult>;
  list(): AutomationSummary[];
  get(id: string): AutomationDetails | undefined;
  /** runs an automation now; conditions are skipped unless `skip_condition: false` (Home Assistant's default) */
  trigger(
    id: string,
    options?: { skip_condition?: boolean; variables?: Record<string, unknown> },
  ): Promise<TriggerResult>;
  setEnabled(id: string, enabled: boolean): AutomationSummary;
  /** problems loading the automations, and a warning for each entity id they name that does not exist now */
  diagnostics(): AutomationDiagnostic[];
  traces(id: string, limit?: number): TraceSummary[];
  trace(id: string, runId: string): AutomationTrace | undefined;
  /** the last evaluations of its triggers for entity changes, newest first ("why didn't it fire?") */
  evaluations(
    id: string,
    options?: { entity_id?: string | undefined; limit?: number | undefined },
  ): TriggerEvaluation[];
  /** cancels every automation's runs (another instance leads now); their traces say `reason` */
  cancelRuns(reason: string): Promise<void>;
  /** resolves when no run is going or waiting (for tests and tools) */
  whenIdle(): Promise<void>;
}

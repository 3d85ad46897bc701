import type { AlertStore } from '../../core/alerts.js';
import type { AutomationTrace, TraceSummary } from '../../core/automation-ports.js';
import type { Clock } from '../../core/clock.js';
import type { CommandRouter } from '../../core/commands.js';
import type { HistoryReader, MessageBus } from '../../core/ports.js';
import type { Registry } from '../../core/registry.js';
import type { StateStore } from '../../core/state-store.js';
import type { TopicIndex } from '../../core/topic-index.js';
import type { CaptureStore } from './captures.js';

/** One automation as the MCP tools list it (the automation engine's list items fit this shape). */
export interface McpAutomationSummary {
  readonly id: string;
  readonly alias: string;
  readonly enabled: boolean;
  readonly mode: string;
  readonly last_triggered: string | null;
  readonly last_outcome: string | null;
  readonly error_count: number;
  readonly file?: string;
  readonly line?: number;
}

/** One automation with its configuration. */
export interface McpAutomationDetail extends McpAutomationSummary {
  readonly config: unknown;
  readonly runs?: readonly unknown[];
}

/** What the automation tools need from the automation engine (app.ts passes an adapter over it). */
export interface McpAutomations {
  list(): readonly McpAutomationSummary[];
  get(id: string): McpAutomationDetail | undefined;
  trigger(id: string, options: { skip_condition?: boolean; variables?: Record<string, unknown> }): Promise<{ readonly run_id: string; readonly status: string }>;
  setEnabled(id: string, enabled: boolean): McpAutomationSummary;
  traces(id: string, limit?: number): readonly TraceSummary[];
  trace(id: string, runId: string): AutomationTrace | undefined;
  /** re-reads the automations folder (save_automation / delete_automation call it after writing) */
  reload?(): Promise<unknown>;
}

/** One problem found validating automation YAML. */
export interface McpAutomationDiagnostic {
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly hint?: string;
  readonly severity?: 'error' | 'warning';
}

/** The automations folder, for the authoring tools (validate_automation, save_automation, delete_automation). */
export interface McpAutomationFiles {
  /** absolute path of the automations folder */
  readonly dir: string;
  /** validates YAML as if it were the file `fileName` in `dir`; `ok` is false when any error would keep an automation from loading */
  validate(text: string, fileName: string): { ok: boolean; diagnostics: readonly McpAutomationDiagnostic[]; ids: readonly string[] };
}

/** The add-on's health, as `/api/health` reports it. */
export interface McpHealth {
  readonly status: 'ok' | 'degraded';
  readonly version: string;
  readonly uptime_s: number;
  readonly mqtt: { readonly connected: boolean; readonly broker: string };
  readonly database: { readonly ok: boolean };
}

/** The part of a topic index the MCP tools read. */
export type McpTopicIndex = Pick<TopicIndex, 'list' | 'size' | 'maxTopics' | 'evicted'>;

/** The id of Switchyard's own broker connection in the raw MQTT tools (the default). */
export const MAIN_CONNECTION = 'main';

/** One broker connection as mqtt_connections lists it. Never holds credentials. */
export interface McpConnectionInfo {
  /** "main" for Switchyard's own broker, else the profile name from the add-on settings */
  readonly id: string;
  /** the broker URL without user name or password, or "embedded" */
  readonly broker: string;
  readonly connected: boolean;
  readonly default: boolean;
  /** false for a read-only profile: mqtt_publish refuses */
  readonly publish_allowed: boolean;
}

/** A connection the raw MQTT tools can use: its messages and the live index of the topics seen on it. */
export interface McpConnection extends McpConnectionInfo {
  readonly messages: MessageBus;
  readonly topics?: McpTopicIndex;
}

/**
 * The broker connections: "main" (Switchyard's own, the default) and one per configured MQTT profile.
 * They come from the add-on settings only; a tool call can pick one by id but never supply a broker or credentials.
 */
export interface McpConnections {
  list(): readonly McpConnectionInfo[];
  /** undefined for an unknown id */
  get(id: string): McpConnection | undefined;
}

/** Live figures of the running add-on (get_system_status). */
export interface McpRuntime {
  readonly messages: { readonly received_total: number; readonly published_total: number; readonly received_per_s: number; readonly published_per_s: number };
  readonly state_changes: { readonly total: number; readonly per_s: number };
  readonly history: { readonly rows_written: number; readonly rows_pending: number };
  readonly process: {
    readonly rss_bytes: number;
    readonly heap_used_bytes: number;
    readonly heap_total_bytes: number;
    readonly external_bytes: number;
    readonly event_loop_delay_p50_ms: number;
    readonly event_loop_delay_p99_ms: number;
    readonly event_loop_delay_max_ms: number;
  };
}

/** Everything the MCP tools use, passed in by app.ts. No SDK types here: tool logic is plain functions over these. */
export interface McpDeps {
  registry: Registry;
  states: StateStore;
  commands: CommandRouter;
  history: HistoryReader;
  alerts: AlertStore;
  automations: McpAutomations;
  /** the MQTT connection (raw publish / subscribe tools) */
  messages: MessageBus;
  health: () => McpHealth;
  /** message rates, history writer and process figures; without it get_system_status leaves them out */
  runtime?: () => McpRuntime;
  clock: Clock;
  /** Home Assistant's discovery prefix; `mqtt_publish` refuses topics under it unless asked explicitly */
  discoveryPrefix: string;
  /** largest payload `mqtt_publish` accepts, in bytes (default 1 MiB) */
  maxPublishBytes?: number;
  /** extra live facts about a device (online, metrics, counters) when its owner has them */
  deviceDetails?: (id: string) => Record<string, unknown> | undefined;
  /** the automations folder; without it the authoring tools are not offered */
  automationFiles?: McpAutomationFiles;
  /** server version reported to clients */
  version?: string;
  /** the live index of seen MQTT topics (fed by one `#` subscription); without it mqtt_list_topics reports it unavailable */
  topics?: McpTopicIndex;
  /**
   * every broker connection, "main" included; without it the MQTT tools know only "main" (`messages`, `topics`).
   * The tools use `messages` and `topics` for "main" either way.
   */
  connections?: McpConnections;
  /** long MQTT captures; shared by every request (app.ts creates one). Without it one store per deps object is used. */
  captures?: CaptureStore;
}

export const DEFAULT_MAX_PUBLISH_BYTES = 1024 * 1024;

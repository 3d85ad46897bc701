// What the use cases run on: the core services and the ports through which they reach the outside world.
// The composition root (src/app/) builds one UseCaseDeps and hands the same object to the REST routes and
// the MCP tools, so both answer alike. Nothing here knows HTTP or MCP.
import type { AlertStore } from '../core/alerts.js';
import type { EntityLookup } from '../automations/references.js';
import type { AutomationTrace, TraceSummary } from '../core/automation-ports.js';
import type { Clock } from '../core/clock.js';
import type { CommandRouter } from '../core/commands.js';
import type { LatestImage } from '../core/images.js';
import type { DiagnosticsSource, HistoryReader, LogTail, MessageBus } from '../core/ports.js';
import type { Registry } from '../core/registry.js';
import type { StateStore } from '../core/state-store.js';
import type { TopicIndex } from '../core/topic-index.js';
import type {
  AutomationItem,
  AutomationListItem,
  AutomationProblem,
  ReloadResult,
  TriggerResult,
} from './automation-schemas.js';
import type { CaptureStore } from './captures.js';
import type { IntentDonor } from './intents.js';
import type { ConversationHandler } from '../automations/conversation/agent.js';
import type { WebhookRegistry } from '../automations/triggers/webhook-registry.js';
import type { TriggerEvaluation } from '../automations/evaluation-text.js';

/** The automation engine as the use cases see it (app/ passes an adapter over the engine). */
export interface Automations {
  list(): readonly AutomationListItem[];
  get(id: string): AutomationItem | undefined;
  /** problems found loading the automations folder */
  diagnostics(): readonly AutomationProblem[];
  trigger(
    id: string,
    options: { skip_condition?: boolean; variables?: Record<string, unknown> },
  ): Promise<TriggerResult>;
  setEnabled(id: string, enabled: boolean): AutomationListItem;
  /** re-reads the automations folder (saving or deleting a file calls it) */
  reload(): Promise<ReloadResult>;
  traces(id: string, limit?: number): readonly TraceSummary[];
  trace(id: string, runId: string): AutomationTrace | undefined;
  /** the last evaluations of its triggers for entity changes, newest first ("why didn't it fire?") */
  evaluations(
    id: string,
    options: { entity_id?: string | undefined; limit?: number | undefined },
  ): readonly TriggerEvaluation[];
}

/** One problem found validating automation YAML. */
export interface AutomationFileDiagnostic {
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly hint?: string;
  readonly severity?: 'error' | 'warning';
}

/**
 * The automations folder, for the authoring use cases (validate, save, delete). File names are plain names
 * with their extension ("porch_lights.yaml"); the use cases check them before any call.
 */
export interface AutomationFiles {
  /** the file's bytes, or undefined when it does not exist */
  read(fileName: string): Uint8Array | undefined;
  /** writes the whole file at once (through a temporary file, so a folder watcher never sees half a file) */
  write(fileName: string, text: string): void;
  remove(fileName: string): void;
  /**
   * validates YAML as if it were the file `fileName`; `ok` is false when any error would keep an automation
   * from loading. With `entities`, an entity id the YAML names that they do not hold is a warning.
   */
  validate(
    text: string,
    fileName: string,
    entities?: EntityLookup,
  ): { ok: boolean; diagnostics: readonly AutomationFileDiagnostic[]; ids: readonly string[] };
}

/** The add-on's health, as `/api/health` reports it. */
export interface Health {
  readonly status: 'ok' | 'degraded';
  readonly version: string;
  readonly uptime_s: number;
  readonly mqtt: { readonly connected: boolean; readonly broker: string };
  readonly database: { readonly ok: boolean };
}

/** The part of a topic index the use cases read (and watch: the live explorer). */
export type TopicIndexView = Pick<TopicIndex, 'list' | 'get' | 'watch' | 'size' | 'maxTopics' | 'evicted'>;

/** The id of Switchyard's own broker connection in the raw MQTT use cases (the default). */
export const MAIN_CONNECTION = 'main';

/** One broker connection as mqtt_connections lists it. Never holds credentials. */
export interface ConnectionInfo {
  /** "main" for Switchyard's own broker, else the profile name from the add-on settings */
  readonly id: string;
  /** the broker URL without user name or password, or "embedded" */
  readonly broker: string;
  readonly connected: boolean;
  readonly default: boolean;
  /** false for a read-only profile: publishing refuses */
  readonly publish_allowed: boolean;
}

/** A connection the raw MQTT use cases can use: its messages and the live index of the topics seen on it. */
export interface Connection extends ConnectionInfo {
  readonly messages: MessageBus;
  readonly topics?: TopicIndexView;
}

/**
 * The broker connections: "main" (Switchyard's own, the default) and one per configured MQTT profile.
 * They come from the add-on settings only; a caller can pick one by id but never supply a broker or credentials.
 */
export interface Connections {
  list(): readonly ConnectionInfo[];
  /** undefined for an unknown id */
  get(id: string): Connection | undefined;
}

/** Live figures of the running add-on (system status). */
export interface RuntimeFigures {
  readonly messages: {
    readonly received_total: number;
    readonly published_total: number;
    readonly received_per_s: number;
    readonly published_per_s: number;
  };
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
    /** handles and requests keeping the event loop alive (sockets, timers, …) */
    readonly active_resources: number;
    /** listeners on the core event bus */
    readonly bus_listeners: number;
    /** listeners of the panel's live MQTT explorer and log (topic indexes, log tail): 0 with none open */
    readonly live_listeners?: number;
  };
}

/** Extra live facts about a device (online, metrics, counters) when its owner has them (the ESP32 bridge). */
export interface DeviceLiveDetails {
  readonly online: boolean;
  readonly last_seen: string | null;
  readonly metrics: Record<string, unknown>;
  readonly counters: Record<string, number>;
}

/** Why a conversation request over MQTT was refused. */
export type ConversationRefusal =
  | 'too_large'
  | 'bad_json'
  | 'invalid'
  | 'bad_response_topic'
  | 'busy'
  | 'failed'
  | 'publish_failed';

/** What the conversation topic (`switchyard/conversation/request`) received and answered since the start. */
export interface ConversationRequestCounts {
  readonly request_topic: string;
  readonly response_topic: string;
  readonly received: number;
  readonly answered: number;
  readonly in_flight: number;
  readonly refused: Readonly<Record<ConversationRefusal, number>>;
  readonly last_refusal: {
    readonly reason: ConversationRefusal;
    readonly message: string;
    readonly id: string | null;
    readonly at: string;
  } | null;
}

/** Everything the use cases use, passed in by app/. */
export interface UseCaseDeps {
  registry: Registry;
  states: StateStore;
  commands: CommandRouter;
  history: HistoryReader;
  alerts: AlertStore;
  automations: Automations;
  /** the main MQTT connection (raw publish / subscribe) */
  messages: MessageBus;
  health: () => Health;
  /** message rates, history writer and process figures; without them the system status leaves them out */
  runtime?: () => RuntimeFigures;
  clock: Clock;
  /** Home Assistant's discovery prefix; raw publishing refuses topics under it unless asked explicitly */
  discoveryPrefix: string;
  /** largest payload raw publishing accepts, in bytes (default 1 MiB) */
  maxPublishBytes?: number;
  /** extra live facts about a device when its owner has them */
  deviceDetails?: (id: string) => DeviceLiveDetails | undefined;
  /** the automations folder; without it the authoring use cases are not offered */
  automationFiles?: AutomationFiles;
  /** the live index of seen MQTT topics on "main" (fed by one `#` subscription); without it none are listed */
  topics?: TopicIndexView;
  /** every broker connection, "main" included; without it only "main" is known (`messages`, `topics`) */
  connections?: Connections;
  /** long MQTT captures, shared by every caller (one store per process) */
  captures: CaptureStore;
  /** problems MQTT discovery met; without it none are reported */
  discoveryDiagnostics?: DiagnosticsSource;
  /** removes a device Switchyard owns (and everything it announced); throws for devices it cannot remove */
  removeDevice?: (id: string) => Promise<void>;
  /** the latest picture of a camera or image entity */
  image?: (entityId: string) => LatestImage | undefined;
  /** the topics of the tag scanners a device announced (`tag` discovery configs) */
  tagScanners?: (deviceId: string) => { topic: string }[];
  /** the armed webhook triggers (`/api/webhook/<id>`); without it every webhook id is unknown */
  webhooks?: WebhookRegistry;
  /** what answers a command, asked in order: the sentence triggers first, then (when there is one) an intent engine */
  conversation?: readonly ConversationHandler[];
  /** the last log entries kept in memory (the panel's log view); without it there are none */
  logs?: LogTail;
  /** the intent engine's handler donation (`GET /api/intents/donation`); without it there is none */
  intents?: IntentDonor;
  /** the conversation requests over MQTT (satellites); without it the system status leaves them out */
  conversationRequests?: () => ConversationRequestCounts;
  /** fires `tag_scanned` (tag triggers) for a tag read without an MQTT tag scanner */
  scanTag?: (tagId: string, deviceId: string | null) => void;
}

export const DEFAULT_MAX_PUBLISH_BYTES = 1024 * 1024;

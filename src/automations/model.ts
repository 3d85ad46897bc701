/**
 * The automation model: what a loaded automation is (its validated config, where it came from, the hash of
 * its text) and the problems found while loading. The config types are inferred from the zod schemas in
 * `schema/`; the sources that produce these (the YAML folder) live in `adapters/automations/`.
 */
import type { AutomationConfig } from './schema/automation.js';
import type { SecretsUsed } from './secrets.js';
import type { LoadedDefinition, SectionKey } from './sections.js';

export interface AutomationDiagnostic {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly hint?: string;
  readonly automation_id?: string;
}

export interface LoadedAutomation {
  readonly id: string;
  readonly alias: string;
  /** file (relative to the automations folder) and 1-based position where the automation starts */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** sha256 (hex) of the automation's YAML text, including the files it includes */
  readonly source_hash: string;
  readonly config: AutomationConfig;
  /** the entity ids it names, where they are written; checked against the registry on request (`references.ts`) */
  readonly entity_references?: readonly EntityReference[];
  /** the `!secret` values it uses (value → name): shown as references, masked in traces (`secrets.ts`) */
  readonly secrets?: SecretsUsed;
}

/** An entity id an automation names (not a template), and where. */
export interface EntityReference {
  readonly entity_id: string;
  /** `triggers[0].entity_id` */
  readonly path: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** set when it is the `device_id` or `entity_id` of a device trigger, condition or action */
  readonly device?: DeviceReference;
}

/** Which id of a device automation a reference is, and of which domain. */
export interface DeviceReference {
  readonly domain: string;
  readonly key: 'device_id' | 'entity_id';
}

export interface LoadResult {
  readonly automations: LoadedAutomation[];
  readonly diagnostics: AutomationDiagnostic[];
  /** the helpers, scripts, scenes and zones the folder defines (`sections.ts`); problems are in `diagnostics` */
  readonly definitions?: LoadedDefinition[];
}

export type {
  Action,
  AutomationConfig,
  CallAction,
  Condition,
  Duration,
  LeafCondition,
  LogicCondition,
  RepeatSpec,
  TimeAt,
  TimeMatch,
  Trigger,
  TriggerType,
  Weekday,
} from './schema/automation.js';

/** A part that runs the definitions of some sections (helpers, zones, …): the engine gives it those of each load. */
export interface DefinitionConsumer {
  readonly sections: readonly SectionKey[];
  /** every current definition of its sections, on each load (it works out what changed); returns the problems it found */
  apply(
    definitions: readonly LoadedDefinition[],
  ): readonly AutomationDiagnostic[] | Promise<readonly AutomationDiagnostic[]>;
}

/** Where automations come from (the YAML folder in production): read all of them, and say when they change. */
export interface AutomationSource {
  load(): LoadResult;
  /** calls `onChange` (debounced) whenever the source changes; absent when the source never changes */
  watch?(onChange: () => void): { stop(): void };
}

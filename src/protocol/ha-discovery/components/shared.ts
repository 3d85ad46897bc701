/**
 * Helpers shared by the platform modules: HA's numeric quirks (Python rounding and float formatting),
 * action-data validation and the generic message dispatcher. Config templates live in config-templates.ts
 * and are re-exported here for the platform modules.
 */
import type { z } from 'zod';
import { topicMatches } from '../../../core/topic.js';
import type { CompiledTemplate } from '../../template/index.js';
import { renderValue, type BaseConfig } from './config-templates.js';
import { validateData } from './action-data.js';
import { readJsonAttributes } from './json-attributes.js';
import {
  CommandError,
  type ActionSpec,
  type CommandResult,
  type EntityState,
  type MqttPublish,
  type PlatformModule,
  type StateUpdate,
} from './platform.js';

export {
  attachTemplates,
  renderCommand,
  renderValue,
  type BaseConfig,
  type Templates,
  type WithTemplates,
} from './config-templates.js';

type OptionalString = z.ZodOptional<z.ZodType<string, unknown>>;

/** Builds `{ <kind>_<suffix>: schema(suffix).optional() }` for every kind × suffix, fully typed. */
export function keyFamily<K extends string, S extends string>(
  kinds: readonly K[],
  suffixes: readonly S[],
  schema: (suffix: S) => z.ZodType<string, unknown>,
): { [P in `${K}_${S}`]: OptionalString } {
  const out: Record<string, OptionalString> = {};
  for (const k of kinds) for (const s of suffixes) out[`${k}_${s}`] = schema(s).optional();
  return out as { [P in `${K}_${S}`]: OptionalString };
}

/** HA's "reset to unknown" payload (PAYLOAD_NONE). */
export const PAYLOAD_NONE = 'None';

/** Python 3 `round(x)`: halves go to the even neighbour. */
export function pyRound(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Python `str(float)`: 21 → "21.0", 21.5 → "21.5". */
export function pyFloatStr(x: number): string {
  return Number.isInteger(x) ? x.toFixed(1) : String(x);
}

const PY_FLOAT = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;

/** Python's `float(text)` for ordinary numbers; undefined when Python would raise ValueError. */
export function parsePyFloat(text: string): number | undefined {
  return PY_FLOAT.test(text) ? Number(text) : undefined;
}

/** HA's number parsing: `int(p)` when `p.isnumeric()` else `float(p)`; returns the number and its state text. */
export function parseHaNumber(text: string): { value: number; text: string } | undefined {
  if (/^\d+$/.test(text)) return { value: Number(text), text: String(Number.parseInt(text, 10)) };
  const value = parsePyFloat(text);
  return value === undefined ? undefined : { value, text: pyFloatStr(value) };
}

export function publishMsg(c: BaseConfig & { retain?: boolean }, topic: string, payload: string): MqttPublish {
  return { topic, payload, qos: c.qos, retain: c.retain ?? false };
}

export function mergeUpdates(a: StateUpdate | null, b: StateUpdate | null): StateUpdate | null {
  if (a === null) return b;
  if (b === null) return a;
  const state = b.state ?? a.state;
  const jsonKeys = b.jsonKeys ?? a.jsonKeys;
  const problem = b.problem ?? a.problem;
  return {
    ...(state === undefined ? {} : { state }),
    ...(a.attributes || b.attributes ? { attributes: { ...a.attributes, ...b.attributes } } : {}),
    ...(jsonKeys === undefined ? {} : { jsonKeys }),
    ...(problem === undefined ? {} : { problem }),
  };
}

export function applyUpdate(current: EntityState, update: StateUpdate | null): EntityState {
  if (update === null) return current;
  return { state: update.state ?? current.state, attributes: { ...current.attributes, ...update.attributes } };
}

/** Attributes HA never takes from `json_attributes_topic` (MQTT_ATTRIBUTES_BLOCKED). */
export const COMMON_ATTRIBUTES_BLOCKED: readonly string[] = [
  'assumed_state',
  'available',
  'device_class',
  'device_info',
  'entity_category',
  'entity_picture',
  'entity_registry_enabled_default',
  'extra_state_attributes',
  'force_update',
  'icon',
  'friendly_name',
  'should_poll',
  'state',
  'supported_features',
  'unique_id',
  'unit_of_measurement',
];

export interface TopicHandler<C> {
  /** Config key holding the topic (e.g. 'brightness_state_topic'). */
  readonly key: string;
  readonly handle: (c: C, payload: string, current: EntityState) => StateUpdate | null;
}

export interface PlatformDefinition<C extends BaseConfig> {
  readonly domain: string;
  readonly schema: z.ZodType<C, unknown>;
  readonly handlers: readonly TopicHandler<C>[];
  readonly actions: (c: C) => Record<string, ActionSpec>;
  readonly command: (c: C, action: string, data: Record<string, unknown>, current: EntityState) => CommandResult;
  readonly optimistic: (c: C) => boolean;
  readonly initialState?: (c: C) => EntityState;
  /** Extra attribute names blocked from json_attributes for this platform. */
  readonly attributesBlocked?: readonly string[];
  /** Post-processing of json attributes (device_tracker reads latitude/longitude from them). */
  readonly onAttributes?: (c: C, attributes: Record<string, unknown>, current: EntityState) => StateUpdate;
}

function attributesUpdate<C extends BaseConfig>(
  def: PlatformDefinition<C>,
  blocked: ReadonlySet<string>,
  c: C,
  payload: string,
  current: EntityState,
): StateUpdate | null {
  const rendered = renderValue(c.templates.json_attributes_template, payload);
  if (rendered === undefined) return null;
  const read = readJsonAttributes(rendered, blocked);
  if (!read.ok) return { problem: read.problem };
  const update = def.onAttributes ? def.onAttributes(c, read.attributes, current) : { attributes: read.attributes };
  return {
    ...update,
    jsonKeys: Object.keys(update.attributes ?? {}),
    ...(read.problem === undefined ? {} : { problem: read.problem }),
  };
}

/** Builds a PlatformModule: topic dispatch (several keys may share one topic), json attributes, data validation. */
export function definePlatform<C extends BaseConfig>(def: PlatformDefinition<C>): PlatformModule<C> {
  const topicOf = (c: C, key: string): string | undefined => {
    const t = (c as unknown as Record<string, unknown>)[key];
    return typeof t === 'string' ? t : undefined;
  };
  // HA's blocked names and the platform's, once per platform rather than per message
  const blocked: ReadonlySet<string> = new Set([...COMMON_ATTRIBUTES_BLOCKED, ...(def.attributesBlocked ?? [])]);
  return {
    domain: def.domain,
    schema: def.schema,
    optimistic: def.optimistic,
    actions: def.actions,
    initialState: def.initialState ?? (() => ({ state: 'unknown', attributes: {} })),
    stateTopics: (c) => {
      const topics = def.handlers.map((h) => topicOf(c, h.key));
      topics.push(c.json_attributes_topic);
      return [...new Set(topics.filter((t): t is string => t !== undefined))];
    },
    onMessage: (c, topic, payload, current) => {
      let result: StateUpdate | null = null;
      let cur = current;
      for (const h of def.handlers) {
        const filter = topicOf(c, h.key);
        if (filter === undefined || !topicMatches(filter, topic)) continue;
        const update = h.handle(c, payload, cur);
        result = mergeUpdates(result, update);
        cur = applyUpdate(cur, update);
      }
      if (c.json_attributes_topic !== undefined && topicMatches(c.json_attributes_topic, topic)) {
        result = mergeUpdates(result, attributesUpdate(def, blocked, c, payload, cur));
      }
      return result;
    },
    command: (c, action, data, current) => {
      const spec = def.actions(c)[action];
      if (spec === undefined) {
        const names = Object.keys(def.actions(c));
        throw new CommandError(
          `${def.domain} does not support the action '${action}'` +
            (names.length ? ` (supported: ${names.join(', ')})` : ' (it has no actions)'),
        );
      }
      return def.command(c, action, validateData(action, spec, data), current);
    },
  };
}

export interface AvailabilitySource {
  readonly topic: string;
  readonly payloadAvailable: string;
  readonly payloadNotAvailable: string;
  /** availability_template / availability[i].value_template, compiled. */
  readonly template?: CompiledTemplate | undefined;
}

/** The availability topics of an entity (combine them with `availability_mode`: all | any | latest). */
export function availabilitySources(c: BaseConfig): AvailabilitySource[] {
  if (c.availability_topic !== undefined) {
    return [
      {
        topic: c.availability_topic,
        payloadAvailable: c.payload_available,
        payloadNotAvailable: c.payload_not_available,
        template: c.templates.availability_template,
      },
    ];
  }
  return (c.availability ?? []).map((e, i) => ({
    topic: e.topic,
    payloadAvailable: e.payload_available,
    payloadNotAvailable: e.payload_not_available,
    template: c.templates[`availability[${i}].value_template`],
  }));
}

/** HA's usual rule: optimistic when configured so or when there is no state topic. */
export function optimisticByStateTopic(c: { optimistic?: boolean; state_topic?: string | undefined }): boolean {
  return c.optimistic === true || c.state_topic === undefined;
}

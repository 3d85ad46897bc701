/**
 * Helpers shared by the platform modules: template compilation (once per config), value/command
 * template rendering, HA's numeric quirks (Python rounding and float formatting), MQTT topic matching,
 * action-data validation and the generic message dispatcher.
 */
import type { z } from 'zod';
import { compileTemplate, payloadVariables, TemplateError, type CompiledTemplate } from '../../template/index.js';
import { isJsonObject, pyStr } from '../abbreviations.js';
import type { EntityCommonConfig } from '../common-schema.js';
import { validateData } from './action-data.js';
import {
  CommandError,
  type ActionSpec,
  type CommandResult,
  type EntityState,
  type MqttPublish,
  type PlatformModule,
  type StateUpdate,
} from './platform.js';

/** Compiled templates of one config, keyed by config key (availability entries: `availability[i].value_template`). */
export type Templates = Readonly<Record<string, CompiledTemplate>>;
export interface WithTemplates {
  readonly templates: Templates;
  /**
   * Templates that are valid Jinja but use something this interpreter does not support (a filter,
   * function, tag). Home Assistant would accept the config, so the entity is still created; these
   * templates fail when rendered and the caller reports them for the entity.
   */
  readonly templateProblems: readonly { readonly key: string; readonly message: string }[];
}
export type BaseConfig = EntityCommonConfig & WithTemplates;

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

// Compiled templates are immutable and depend only on their source, and announcers repeat the same few
// sources across thousands of configs (`{{ value_json.battery }}` on every battery device): compile each
// source once. A source that fails to compile fails the same way again, so its error is kept as well.
const TEMPLATE_CACHE_MAX = 5_000;
const compiled = new Map<string, CompiledTemplate | Error>();
function compileCached(source: string): CompiledTemplate {
  let entry = compiled.get(source);
  if (entry === undefined) {
    try {
      entry = compileTemplate(source);
    } catch (err) {
      entry = err instanceof Error ? err : new TemplateError(String(err));
    }
    if (compiled.size >= TEMPLATE_CACHE_MAX) compiled.clear();
    compiled.set(source, entry);
  }
  if (entry instanceof Error) throw entry;
  return entry;
}

/**
 * Returns a zod transform that compiles every template under `keys` (plus the availability templates)
 * and attaches them as `templates`. A template the engine cannot compile fails the config, naming the key.
 */
export function attachTemplates<T extends EntityCommonConfig>(keys: readonly string[]) {
  return (config: T, ctx: z.RefinementCtx): T & WithTemplates => {
    const templates: Record<string, CompiledTemplate> = {};
    const templateProblems: { key: string; message: string }[] = [];
    const sources: [string, unknown, PropertyKey[]][] = keys.map((k) => [k, (config as Record<string, unknown>)[k], [k]]);
    sources.push(['availability_template', config.availability_template, ['availability_template']]);
    config.availability?.forEach((entry, i) =>
      sources.push([`availability[${i}].value_template`, entry.value_template, ['availability', i, 'value_template']]),
    );
    for (const [name, source, path] of sources) {
      if (typeof source !== 'string') continue;
      try {
        templates[name] = compileCached(source);
      } catch (err) {
        const message = (err as Error).message;
        if (err instanceof TemplateError && message.startsWith('unsupported ')) {
          templateProblems.push({ key: name, message });
          templates[name] = unsupportedTemplate(source, message);
        } else {
          ctx.addIssue({ code: 'custom', path, message: `template cannot be used: ${message}` });
        }
      }
    }
    // the object zod just built for this parse, nobody else's: extended in place rather than copied
    return Object.assign(config, { templates, templateProblems });
  };
}

function unsupportedTemplate(source: string, message: string): CompiledTemplate {
  return {
    source,
    render: () => {
      throw new TemplateError(message);
    },
  };
}

/**
 * HA's `async_render_with_possible_json_value`: no template → the payload itself; otherwise render with
 * `value` (and `value_json` when the payload is JSON). A failing render yields undefined (message ignored).
 */
export function renderValue(
  template: CompiledTemplate | undefined,
  payload: string,
  extra?: Readonly<Record<string, unknown>>,
): string | undefined {
  if (template === undefined) return payload;
  // parse JSON only for templates that read it; payloadVariables keeps 21.0 a float as Python's json does
  const vars = template.source.includes('value_json') ? payloadVariables(payload, extra) : { ...extra, value: payload };
  try {
    return template.render(vars);
  } catch {
    return undefined;
  }
}

/** HA's MqttCommandTemplate: no template → the value as Python would print it; else render with `value`. */
export function renderCommand(
  template: CompiledTemplate | undefined,
  value: unknown,
  extra?: Readonly<Record<string, unknown>>,
): string {
  if (template === undefined) return pyStr(value);
  try {
    return template.render({ ...extra, value });
  } catch (err) {
    throw new CommandError(`the command template '${template.source}' failed: ${(err as Error).message}`);
  }
}

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

/** MQTT topic filter matching (`+` one level, `#` this level and below). */
export function topicMatches(filter: string, topic: string): boolean {
  if (filter === topic) return true;
  if (!filter.includes('+') && !filter.includes('#')) return false;
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i += 1) {
    if (f[i] === '#') return true;
    if (i >= t.length || (f[i] !== '+' && f[i] !== t[i])) return false;
  }
  return f.length === t.length;
}

export function publishMsg(c: BaseConfig & { retain?: boolean }, topic: string, payload: string): MqttPublish {
  return { topic, payload, qos: c.qos, retain: c.retain ?? false };
}

export function mergeUpdates(a: StateUpdate | null, b: StateUpdate | null): StateUpdate | null {
  if (a === null) return b;
  if (b === null) return a;
  const state = b.state ?? a.state;
  return {
    ...(state === undefined ? {} : { state }),
    ...(a.attributes || b.attributes ? { attributes: { ...a.attributes, ...b.attributes } } : {}),
  };
}

export function applyUpdate(current: EntityState, update: StateUpdate | null): EntityState {
  if (update === null) return current;
  return { state: update.state ?? current.state, attributes: { ...current.attributes, ...update.attributes } };
}

/** Attributes HA never takes from `json_attributes_topic` (MQTT_ATTRIBUTES_BLOCKED). */
export const COMMON_ATTRIBUTES_BLOCKED: readonly string[] = [
  'assumed_state', 'available', 'device_class', 'device_info', 'entity_category', 'entity_picture',
  'entity_registry_enabled_default', 'extra_state_attributes', 'force_update', 'icon', 'friendly_name',
  'should_poll', 'state', 'supported_features', 'unique_id', 'unit_of_measurement',
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

function attributesUpdate<C extends BaseConfig>(def: PlatformDefinition<C>, c: C, payload: string, current: EntityState): StateUpdate | null {
  const rendered = renderValue(c.templates.json_attributes_template, payload);
  if (rendered === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(rendered);
  } catch {
    return null;
  }
  if (!isJsonObject(parsed)) return null;
  const blocked = new Set([...COMMON_ATTRIBUTES_BLOCKED, ...(def.attributesBlocked ?? [])]);
  const attributes = Object.fromEntries(Object.entries(parsed).filter(([k]) => !blocked.has(k)));
  return def.onAttributes ? def.onAttributes(c, attributes, current) : { attributes };
}

/** Builds a PlatformModule: topic dispatch (several keys may share one topic), json attributes, data validation. */
export function definePlatform<C extends BaseConfig>(def: PlatformDefinition<C>): PlatformModule<C> {
  const topicOf = (c: C, key: string): string | undefined => {
    const t = (c as unknown as Record<string, unknown>)[key];
    return typeof t === 'string' ? t : undefined;
  };
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
        result = mergeUpdates(result, attributesUpdate(def, c, payload, cur));
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
    return [{ topic: c.availability_topic, payloadAvailable: c.payload_available, payloadNotAvailable: c.payload_not_available, template: c.templates.availability_template }];
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

/**
 * Templates in automations: the built-in Jinja subset plus Home Assistant's state functions
 * (`states()`, `states.sensor.x.state`, `is_state()`, `state_attr()`, `is_state_attr()`, `has_value()`),
 * time (`now()`, `utcnow()`, `today_at()`, `as_datetime()`, `as_local()`, `timedelta()`), and native
 * results as Home Assistant's `parse_result` gives them.
 */
import type { Clock } from '../core/clock.js';
import type { State } from '../core/state.js';
import { STATE_UNAVAILABLE, STATE_UNKNOWN } from '../core/state.js';
import type { StateStore } from '../core/state-store.js';
import {
  compileTemplate,
  HostObject,
  PyFloat,
  type CompiledTemplate,
  type HostFunction,
} from '../protocol/template/index.js';
import { DATETIME_METHODS, PyDatetime } from '../protocol/template/datetime-value.js';
import { timeFunctions, TIME_FUNCTIONS } from '../protocol/template/ha-time.js';
import { parseResult } from './native.js';
import { isRecord, isTemplate } from './schema/fields.js';

export { isTemplate };

const HOST_GLOBALS = ['states', 'is_state', 'state_attr', 'is_state_attr', 'has_value', ...TIME_FUNCTIONS] as const;

export interface Template {
  readonly source: string;
  /** the render as text */
  render(vars: Readonly<Record<string, unknown>>): string;
  /** the render as a native value (HA's parse_result) */
  native(vars: Readonly<Record<string, unknown>>): unknown;
}

export interface TemplateEnv {
  /** compiles (once per source); throws TemplateError for what the subset does not support */
  compile(source: string): Template;
  /** renders every template inside `value` (text, lists, mappings) to native values; other values stay */
  renderValue(value: unknown, vars: Readonly<Record<string, unknown>>): unknown;
  /** a state as templates see it (`trigger.to_state`, `states.light.x`) */
  stateObject(state: State): Record<string, unknown>;
  /** problems of every template inside `value`, each as `path: message` */
  check(value: unknown, path?: string): string[];
}

export interface TemplateEnvDeps {
  readonly states: StateStore;
  readonly clock: Clock;
}

/** `states` itself: callable, and `states.<domain>.<object_id>` reads a state object. */
class AllStates extends HostObject {
  readonly typeName = 'AllStates';

  constructor(
    private readonly deps: TemplateEnvDeps,
    private readonly toObject: (s: State) => Record<string, unknown>,
  ) {
    super();
  }

  toPyString(): string {
    return '<template AllStates>';
  }

  override attribute(domain: string): unknown {
    return new DomainStates(domain, this.deps, this.toObject);
  }

  override callable(): HostFunction {
    return ([id]) => this.deps.states.get(String(id).toLowerCase())?.state ?? STATE_UNKNOWN;
  }

  override items(): unknown[] {
    return this.deps.states.all().map(this.toObject);
  }
}

class DomainStates extends HostObject {
  readonly typeName = 'DomainStates';

  constructor(
    private readonly domain: string,
    private readonly deps: TemplateEnvDeps,
    private readonly toObject: (s: State) => Record<string, unknown>,
  ) {
    super();
  }

  toPyString(): string {
    return `<template DomainStates('${this.domain}')>`;
  }

  override attribute(objectId: string): unknown {
    const state = this.deps.states.get(`${this.domain}.${objectId}`);
    // Home Assistant's DomainStates gives None for an entity that does not exist
    return state ? this.toObject(state) : null;
  }

  override items(): unknown[] {
    return this.deps.states
      .all()
      .filter((s) => s.entity_id.startsWith(`${this.domain}.`))
      .map(this.toObject);
  }
}

const plain = (v: unknown): unknown => (v instanceof PyFloat ? v.value : v);
/** Python `==` for attribute values (numbers, text, lists, mappings) */
const sameValue = (a: unknown, b: unknown): boolean =>
  plain(a) === plain(b) || JSON.stringify(plain(a)) === JSON.stringify(plain(b));

export function createTemplateEnv(deps: TemplateEnvDeps): TemplateEnv {
  const cache = new Map<string, Template>();
  const compileOptions = { globals: HOST_GLOBALS, methods: DATETIME_METHODS };

  // A state never changes once set (the store replaces it), and the same one is asked for again and again: a
  // change's new state is the next change's old one, every trigger on the entity asks for both, and templates read
  // `states.x.y` on each render. Each is built once (3 dates parsed, the attributes copied: about 1% of the CPU
  // of a burst of runs when built per trigger), and lives as long as the state itself. Nothing changes the result:
  // templates cannot mutate what they read, and traces copy it into JSON.
  const built = new WeakMap<State, Record<string, unknown>>();
  const stateObject = (s: State): Record<string, unknown> => {
    let obj = built.get(s);
    if (obj === undefined) {
      obj = buildStateObject(s);
      built.set(s, obj);
    }
    return obj;
  };
  const buildStateObject = (s: State): Record<string, unknown> => {
    const dot = s.entity_id.indexOf('.');
    const friendly = s.attributes['friendly_name'];
    return {
      entity_id: s.entity_id,
      domain: s.entity_id.slice(0, dot),
      object_id: s.entity_id.slice(dot + 1),
      name: typeof friendly === 'string' ? friendly : s.entity_id.slice(dot + 1).replaceAll('_', ' '),
      state: s.state,
      attributes: { ...s.attributes },
      last_changed: new PyDatetime(Date.parse(s.last_changed), true),
      last_updated: new PyDatetime(Date.parse(s.last_updated), true),
      last_reported: new PyDatetime(Date.parse(s.last_reported), true),
      context: { id: s.context.id, parent_id: s.context.parentId, user_id: null },
    };
  };

  const attr = (id: unknown, name: unknown): unknown => {
    const state = deps.states.get(String(id).toLowerCase());
    if (!state || typeof name !== 'string' || !Object.hasOwn(state.attributes, name)) return null;
    return state.attributes[name] ?? null;
  };

  const globals: Record<string, unknown> = {
    states: new AllStates(deps, stateObject),
    is_state: (([id, value]) => {
      const current = deps.states.get(String(id).toLowerCase())?.state;
      if (current === undefined) return false;
      return Array.isArray(value) ? value.some((v) => String(v) === current) : String(value) === current;
    }) satisfies HostFunction,
    state_attr: (([id, name]) => attr(id, name)) satisfies HostFunction,
    is_state_attr: (([id, name, value]) => {
      const found = attr(id, name);
      return found !== null && sameValue(found, value);
    }) satisfies HostFunction,
    has_value: (([id]) => {
      const s = deps.states.get(String(id).toLowerCase())?.state;
      return s !== undefined && s !== STATE_UNAVAILABLE && s !== STATE_UNKNOWN;
    }) satisfies HostFunction,
    ...timeFunctions(() => deps.clock.now().getTime()),
  };

  const scope = (vars: Readonly<Record<string, unknown>>): Record<string, unknown> => ({ ...globals, ...vars });

  const compile = (source: string): Template => {
    const hit = cache.get(source);
    if (hit) return hit;
    const compiled: CompiledTemplate = compileTemplate(source, compileOptions);
    const template: Template = {
      source,
      render: (vars) => compiled.render(scope(vars)),
      native: (vars) => parseResult(compiled.render(scope(vars))),
    };
    cache.set(source, template);
    return template;
  };

  const renderValue = (value: unknown, vars: Readonly<Record<string, unknown>>): unknown => {
    if (typeof value === 'string') return isTemplate(value) ? compile(value).native(vars) : value;
    if (Array.isArray(value)) return value.map((v) => renderValue(v, vars));
    if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderValue(v, vars)]));
    return value;
  };

  const check = (value: unknown, path = ''): string[] => {
    if (typeof value === 'string') {
      if (!isTemplate(value)) return [];
      try {
        compile(value);
        return [];
      } catch (err) {
        return [`${path || 'template'}: ${err instanceof Error ? err.message : String(err)}`];
      }
    }
    if (Array.isArray(value)) return value.flatMap((v, i) => check(v, `${path}[${i}]`));
    if (isRecord(value)) {
      return Object.entries(value)
        .filter(([k]) => k !== 'alias' && k !== 'description')
        .flatMap(([k, v]) => check(v, path ? `${path}.${k}` : k));
    }
    return [];
  };

  return { compile, renderValue, stateObject, check };
}

/**
 * Home Assistant conditions → a json-rules-engine condition tree, and the evaluated tree back into
 * trace entries. Every node carries its Home Assistant path (`condition/1/conditions/0`) as `name`
 * and what it was (`ha_condition`, `alias`) so the result can be explained.
 *
 * and → all; or → any; not (none of the list passes) → not(any); multi-entity state/numeric_state
 * conditions → all over one leaf per entity. Disabled conditions are left out, which is how Home
 * Assistant treats them (neither true nor false); the others keep their index in the YAML list.
 *
 * Order and short-circuit (Home Assistant's `condition.py`): `and` stops at the first condition that is
 * false, `or` at the first that is true, `not` at the first that is true. Every child gets a priority,
 * descending in list order, so json-rules-engine evaluates them one after the other and skips the rest
 * once the result is decided (`prioritizeAndRun` in its `rule.js`); what was skipped has no `result`.
 *
 * Errors (a condition that raises in Home Assistant: an unknown entity, a template that fails, a value
 * that is not a number, …) are recorded per path in the run's `ha_errors` map. Inside and/or/not an
 * error does not decide: evaluation goes on with the next condition, and only when no other condition
 * decided does the and/or/not raise in turn. So an erring leaf answers the engine with whatever lets
 * its parent go on (true under `all`, false under `any`), and each and/or/not ends with a `ha_settle`
 * leaf, evaluated last, that raises it (records its error) when a child erred and nothing decided.
 */
import type { TopLevelCondition } from 'json-rules-engine';
import type { ConditionTrace } from '../../../core/automation-ports.js';
import type { Condition } from '../../../automations/model.js';
import type { ListErrors } from '../../../automations/conditions/types.js';
import { toJson } from '../../../automations/native.js';

/** A node of the JRE tree as we build it (JRE keeps unknown properties on its conditions). */
type Node = Record<string, unknown>;
type Logic = 'and' | 'or' | 'not';
/** A child of an and/or/not: its path and its index in the YAML list. */
interface Item {
  readonly path: string;
  readonly index: number;
}

/** What a trace says of a condition that was never reached because its and/or was already decided. */
export const NOT_EVALUATED = 'not evaluated: the result was decided before this condition';

const meta = (path: string, type: string, alias: string | undefined) => ({
  name: path,
  ha_condition: type,
  ...(alias !== undefined ? { ha_alias: alias } : {}),
});

/** `nodes` in list order: descending priorities, the lowest (1) left for the settle leaf. */
const ordered = (nodes: Node[], from = nodes.length + 1): Node[] => nodes.map((n, i) => ({ ...n, priority: from - i }));

/** The leaf evaluated last in an and/or/not: raises it when a child erred and nothing decided. */
function settle(
  path: string,
  label: string,
  logic: Logic,
  items: readonly Item[],
  total: number,
  inAll: boolean,
): Node {
  return {
    fact: 'ha_settle',
    params: { ha_path: path, label, items, total },
    operator: 'ha_settle',
    value: { logic, in_all: inAll },
    priority: 1,
  };
}

interface Meta {
  readonly path: string;
  readonly type: string;
  readonly alias: string | undefined;
  /** whether the node's parent is an `all` (an error here must then let it go on: true) or an `any` (false) */
  readonly inAll: boolean;
}

/** and / or / not over `children` (each already built for a parent of that kind). */
function logicNode(logic: Logic, children: Node[], items: Item[], total: number, at: Meta): Node {
  const { path, type, alias } = at;
  const body = [...ordered(children), settle(path, type, logic, items, total, at.inAll)];
  if (logic === 'and') return { all: body, ...meta(path, type, alias) };
  if (logic === 'or') return { any: body, ...meta(path, type, alias) };
  return { not: { any: body, name: `${path}/any` }, ...meta(path, type, alias) };
}

const constant = (value: boolean, at: Meta): Node => ({
  fact: 'ha_const',
  params: { value },
  operator: 'equal',
  value: true,
  ...meta(at.path, at.type, at.alias),
});

/** A leaf: `fact` gathers the values (and records an error), `operator` decides; errors let the parent go on. */
function leaf(fact: string, params: Node, operator: string, value: Node, at: Meta): Node {
  return {
    fact,
    params: { ...params, ha_path: at.path },
    operator,
    value: { ...value, on_error: at.inAll },
    ...meta(at.path, at.type, at.alias),
  };
}

/** One leaf per entity; several entities are an `and` of them (or, with `match: any`, all evaluated, any passing). */
function perEntity(ids: readonly string[], at: Meta, build: (id: string, at: Meta) => Node, matchAny = false): Node {
  if (ids.length === 1) return build(ids[0] ?? '', at);
  const items = ids.map((_, i) => ({ path: `${at.path}/entity_id/${i}`, index: i }));
  if (!matchAny) {
    const leaves = items.map((item) => build(ids[item.index] ?? '', { ...at, path: item.path, inAll: true }));
    return logicNode('and', leaves, items, ids.length, at);
  }
  // Home Assistant checks every entity, then raises if one erred, else passes if one matched: the
  // leaves share a priority (all evaluated), an erring one counts as a match so the settle leaf is reached
  const leaves = items.map((item) => ({
    ...build(ids[item.index] ?? '', { ...at, path: item.path, inAll: true }),
    priority: 2,
  }));
  const body = [{ any: leaves, priority: 2 }, settle(at.path, at.type, 'and', items, ids.length, at.inAll)];
  return { all: body, ...meta(at.path, at.type, at.alias) };
}

/** One condition as a JRE node; `inAll`: whether its parent is an `all` (see `logicNode`). */
function toNode(c: Condition, path: string, inAll: boolean): Node {
  const at: Meta = { path, type: c.condition, alias: c.alias, inAll };
  switch (c.condition) {
    case 'and':
    case 'or':
    case 'not': {
      const items = c.conditions.flatMap((x, index) =>
        x.enabled ? [{ path: `${path}/conditions/${index}`, index }] : [],
      );
      if (items.length === 0) return constant(c.condition !== 'or', at);
      const childInAll = c.condition === 'and';
      const children = items.map((item) => toNode(c.conditions[item.index] as Condition, item.path, childInAll));
      return logicNode(c.condition, children, items, c.conditions.length, at);
    }
    case 'state': {
      const params = {
        ...(c.attribute !== undefined ? { attribute: c.attribute } : {}),
        ...(c.for ? { for: c.for } : {}),
      };
      const build = (id: string, m: Meta) =>
        leaf('ha_state', { entity_id: id, ...params }, 'ha_state', { states: c.state }, m);
      return perEntity(c.entity_id, at, build, c.match === 'any');
    }
    case 'numeric_state': {
      const params = {
        ...(c.attribute !== undefined ? { attribute: c.attribute } : {}),
        ...(c.value_template !== undefined ? { value_template: c.value_template } : {}),
        ...(c.above !== undefined ? { above: c.above } : {}),
        ...(c.below !== undefined ? { below: c.below } : {}),
      };
      return perEntity(c.entity_id, at, (id, m) => leaf('ha_numeric', { entity_id: id, ...params }, 'ha_pass', {}, m));
    }
    case 'time': {
      const params = {
        ...(c.after !== undefined ? { after: c.after } : {}),
        ...(c.before !== undefined ? { before: c.before } : {}),
        ...(c.weekday ? { weekday: c.weekday } : {}),
      };
      return leaf('ha_time', params, 'ha_pass', {}, at);
    }
    case 'trigger':
      return {
        fact: 'trigger',
        path: 'id',
        operator: 'ha_id_in',
        value: c.id.map(String),
        ...meta(path, 'trigger', c.alias),
      };
    case 'template':
      return leaf('ha_template', { source: c.value_template }, 'ha_pass', {}, at);
    case 'sun': {
      const { alias: _a, enabled: _e, condition: _c, ...bounds } = c;
      return leaf('ha_sun', bounds, 'ha_pass', {}, at);
    }
    case 'zone':
      // one leaf: Home Assistant decides over every entity and zone together (`zones/condition.ts`)
      return leaf('ha_zone', { entity_id: c.entity_id, zone: c.zone }, 'ha_pass', {}, at);
    case 'device': {
      // the entity is resolved when evaluated (automations/device-automation/conditions.ts)
      const { alias: _a, enabled: _e, condition: _c, ...device } = c;
      return leaf('ha_device', { device }, 'ha_pass', {}, at);
    }
  }
}

export interface CompiledTree {
  readonly root: TopLevelCondition;
  /** the block's error after a run (undefined when it passed or failed without one) */
  errorOf(errors: ReadonlyMap<string, string>): string | undefined;
}

/**
 * The root of a block: the enabled conditions (paths `<prefix>/<index>`) in order, all of them to pass.
 * `continue`: an error does not stop the list (Home Assistant's automation `conditions:`); `stop`: the
 * first error ends it (a script's `choose`/`if`/`while`/`until` conditions).
 */
export function conditionTree(conditions: readonly Condition[], prefix: string, mode: ListErrors): CompiledTree {
  const items = conditions.flatMap((c, index) => (c.enabled ? [{ path: `${prefix}/${index}`, index }] : []));
  const nodes = items.map((item) => toNode(conditions[item.index] as Condition, item.path, mode === 'continue'));
  if (mode === 'stop') {
    return {
      root: { all: ordered(nodes, nodes.length), name: prefix } as unknown as TopLevelCondition,
      errorOf: (errors) => items.map((item) => errors.get(item.path)).find((e) => e !== undefined),
    };
  }
  const all = [...ordered(nodes), settle(prefix, 'condition', 'and', items, conditions.length, true)];
  return { root: { all, name: prefix } as unknown as TopLevelCondition, errorOf: (errors) => errors.get(prefix) };
}

const BOOLEAN_KEYS = ['all', 'any', 'not'] as const;

/** One evaluated JRE node → trace entries (a node that is only structure is flattened into its children). */
function explain(node: Node, errors: ReadonlyMap<string, string>): ConditionTrace[] {
  const type = node['ha_condition'] as string | undefined;
  const key = BOOLEAN_KEYS.find((k) => k in node);
  const raw = key ? node[key] : undefined;
  const nested = raw === undefined ? [] : Array.isArray(raw) ? (raw as Node[]) : [raw as Node];
  const children = nested.flatMap((child) => explain(child, errors));
  if (type === undefined) return children;
  const path = String(node['name']);
  const error = errors.get(path);
  const evaluated = error !== undefined || typeof node['result'] === 'boolean';
  const alias = node['ha_alias'] as string | undefined;
  const entry: ConditionTrace = {
    path,
    condition: type,
    ...(alias !== undefined ? { alias } : {}),
    result: error === undefined && evaluated ? (node['result'] as boolean) : null,
    ...(evaluated ? {} : { evaluated: false as const, message: NOT_EVALUATED }),
    ...(error !== undefined ? { error } : {}),
  };
  if (key) return [{ ...entry, ...(error !== undefined ? { message: error } : {}), conditions: children }];
  if (!evaluated) return [entry];
  const fact = toJson(node['factResult']);
  const record =
    fact !== null && typeof fact === 'object' && !Array.isArray(fact)
      ? (fact as Record<string, unknown>)
      : { value: fact };
  // `pass` is the fact's own verdict, already in `result`; an error is the message
  const { message, pass: _pass, error: _error, ...compared } = record;
  const value = node['value'] as { states?: string[] } | unknown[];
  const wanted = type === 'state' ? (value as { states: string[] }).states : type === 'trigger' ? value : undefined;
  const note = error ?? (typeof message === 'string' ? message : undefined);
  return [
    {
      ...entry,
      compared: { ...compared, ...(wanted !== undefined ? { wanted } : {}) },
      ...(note ? { message: note } : {}),
    },
  ];
}

/** The trace entries of an evaluated block root; `errors` as the run recorded them. */
export function explainTree(root: unknown, errors: ReadonlyMap<string, string>): ConditionTrace[] {
  return explain(root as Node, errors);
}

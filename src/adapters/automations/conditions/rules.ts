/**
 * Home Assistant conditions → a json-rules-engine condition tree, and the evaluated tree back into
 * trace entries. Every node carries its Home Assistant path (`condition/1/conditions/0`) as `name`
 * and what it was (`ha_condition`, `alias`) so the result can be explained.
 *
 * and → all; or → any; not (none of the list passes) → not(any); multi-entity state/numeric_state
 * conditions → all (or any with `match: any`) over one leaf per entity. Disabled conditions are
 * left out, which is how Home Assistant treats them (neither true nor false).
 */
import type { TopLevelCondition } from 'json-rules-engine';
import type { ConditionTrace } from '../../../core/automation-ports.js';
import type { Condition } from '../../../automations/model.js';
import { toJson } from '../../../automations/native.js';

/** A node of the JRE tree as we build it (JRE keeps unknown properties on its conditions). */
type Node = Record<string, unknown>;

const meta = (path: string, type: string, alias: string | undefined) => ({ name: path, ha_condition: type, ...(alias !== undefined ? { ha_alias: alias } : {}) });
const constant = (path: string, value: boolean, type: string, alias?: string): Node => ({
  fact: 'ha_const',
  params: { value },
  operator: 'equal',
  value: true,
  ...meta(path, type, alias),
});

function group(kind: 'all' | 'any', children: Node[], path: string, type: string, alias: string | undefined): Node {
  const [only] = children;
  if (children.length === 1 && only && only['name'] === path) return only;
  return { [kind]: children, ...meta(path, type, alias) };
}

/** One condition as a JRE node. */
function toNode(c: Condition, path: string): Node {
  switch (c.condition) {
    case 'and':
    case 'or':
    case 'not': {
      const children = c.conditions.filter((x) => x.enabled).map((x, i) => toNode(x, `${path}/conditions/${i}`));
      if (c.condition === 'and') return children.length === 0 ? constant(path, true, 'and', c.alias) : { all: children, ...meta(path, 'and', c.alias) };
      if (c.condition === 'or') return children.length === 0 ? constant(path, false, 'or', c.alias) : { any: children, ...meta(path, 'or', c.alias) };
      return children.length === 0 ? constant(path, true, 'not', c.alias) : { not: { any: children, name: `${path}/any` }, ...meta(path, 'not', c.alias) };
    }
    case 'state': {
      const leaves = c.entity_id.map((id, i) => ({
        fact: 'ha_state',
        params: { entity_id: id, ...(c.attribute !== undefined ? { attribute: c.attribute } : {}), ...(c.for ? { for: c.for } : {}) },
        operator: 'ha_state',
        value: { states: c.state },
        ...meta(c.entity_id.length === 1 ? path : `${path}/entity_id/${i}`, 'state', c.alias),
      }));
      return group(c.match === 'any' ? 'any' : 'all', leaves, path, 'state', c.alias);
    }
    case 'numeric_state': {
      const leaves = c.entity_id.map((id, i) => ({
        fact: 'ha_numeric',
        params: {
          entity_id: id,
          ...(c.attribute !== undefined ? { attribute: c.attribute } : {}),
          ...(c.value_template !== undefined ? { value_template: c.value_template } : {}),
          ...(c.above !== undefined ? { above: c.above } : {}),
          ...(c.below !== undefined ? { below: c.below } : {}),
        },
        operator: 'ha_pass',
        value: true,
        ...meta(c.entity_id.length === 1 ? path : `${path}/entity_id/${i}`, 'numeric_state', c.alias),
      }));
      return group('all', leaves, path, 'numeric_state', c.alias);
    }
    case 'time':
      return {
        fact: 'ha_time',
        params: { ...(c.after !== undefined ? { after: c.after } : {}), ...(c.before !== undefined ? { before: c.before } : {}), ...(c.weekday ? { weekday: c.weekday } : {}) },
        operator: 'ha_pass',
        value: true,
        ...meta(path, 'time', c.alias),
      };
    case 'trigger':
      return { fact: 'trigger', path: 'id', operator: 'ha_id_in', value: c.id.map(String), ...meta(path, 'trigger', c.alias) };
    case 'template':
      return { fact: 'ha_template', params: { source: c.value_template }, operator: 'ha_truthy', value: true, ...meta(path, 'template', c.alias) };
  }
}

/** The root of a block: all of the enabled conditions (paths `<prefix>/<index>`). */
export function conditionTree(conditions: readonly Condition[], prefix: string): TopLevelCondition {
  const nodes = conditions.map((c, i) => (c.enabled ? toNode(c, `${prefix}/${i}`) : undefined)).filter((n): n is Node => n !== undefined);
  return { all: nodes, name: prefix } as unknown as TopLevelCondition;
}

const BOOLEAN_KEYS = ['all', 'any', 'not'] as const;

/** One evaluated JRE node → trace entries (a node that is only structure is flattened into its children). */
function explain(node: Node): ConditionTrace[] {
  const type = node['ha_condition'] as string | undefined;
  const key = BOOLEAN_KEYS.find((k) => k in node);
  const raw = key ? node[key] : undefined;
  const children = raw === undefined ? [] : (Array.isArray(raw) ? (raw as Node[]) : [raw as Node]).flatMap(explain);
  if (type === undefined) return children;
  const result = typeof node['result'] === 'boolean' ? (node['result'] as boolean) : null;
  const alias = node['ha_alias'] as string | undefined;
  const entry: ConditionTrace = {
    path: String(node['name']),
    condition: type,
    ...(alias !== undefined ? { alias } : {}),
    result,
  };
  if (key) return [{ ...entry, conditions: children }];
  if (result === null) return [entry];
  const fact = toJson(node['factResult']);
  // `pass` is the fact's own verdict, already in `result`
  const { message, pass: _pass, ...compared } = fact !== null && typeof fact === 'object' && !Array.isArray(fact) ? (fact as Record<string, unknown>) : { value: fact };
  const wanted = type === 'state' ? (node['value'] as { states: string[] }).states : type === 'trigger' ? node['value'] : undefined;
  return [
    {
      ...entry,
      compared: { ...compared, ...(wanted !== undefined ? { wanted } : {}) },
      ...(typeof message === 'string' ? { message } : {}),
    },
  ];
}

/** The trace entries of an evaluated block root. */
export function explainTree(root: unknown): ConditionTrace[] {
  return explain(root as Node);
}

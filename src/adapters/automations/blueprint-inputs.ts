/**
 * An automation that uses a blueprint (`use_blueprint: {path, input}`) made into the automation it stands for,
 * as Home Assistant's blueprint/models.py `BlueprintInputs` does: every input the blueprint defines is given or
 * has a default (else "missing input", at the automation's `input:`), each `!input` is replaced by its value,
 * and the automation's own keys (id, alias, description, any other but `use_blueprint`) win over the
 * blueprint's (`{**substituted, **config}`; automation/config.py renames the legacy `trigger`/`condition`/
 * `action` on both sides first). Inputs given are checked against their selectors (selector-values.ts); an
 * input the blueprint does not define is ignored there, and warned about here.
 *
 * Every problem found in the result is placed where it can be fixed: a key of the automation's own, or an
 * input's value, in the automation's file; anything of the blueprint's in the blueprint's file AND, with
 * "via blueprint …", at the automation's `use_blueprint:`, since that is what does not load.
 */
import { blueprintInstanceSchema } from '../../automations/schema/blueprint.js';
import { didYouMean } from '../../automations/schema/fields.js';
import { schemaProblems } from '../../automations/schema/issues.js';
import { checkSelectorValue } from '../../automations/schema/selector-values.js';
import { placed, type Blueprint, type BlueprintLibrary, type Placed } from './blueprint.js';
import { BlueprintInput, substitute } from './input-tag.js';
import type { SourcePosition, YamlPath, YamlSource } from './yaml-source.js';

export interface Expansion {
  /** the automation the blueprint and inputs make; absent when they cannot make one */
  readonly value?: Record<string, unknown>;
  readonly problems: readonly Placed[];
  /** the blueprint's text (with its includes), for the source hash */
  readonly text: string;
  /** where a problem at `path` of `value` is reported: once, or in the blueprint and at the automation */
  place(path: YamlPath, key: boolean, message: string, hint?: string): Placed[];
  /** the one place that best stands for `path` of `value` */
  locate(path: YamlPath): SourcePosition;
}

const LEGACY: Readonly<Record<string, string>> = { trigger: 'triggers', condition: 'conditions', action: 'actions' };

/** Where a path of the result comes from; `usedAt`: the blueprint's `!input` whose whole value it is. */
type Where = { in: 'automation'; path: YamlPath; usedAt?: YamlPath } | { in: 'blueprint'; path: YamlPath };

/** Uses the blueprint named by `raw` (the automation at `at` of `source`). */
export function expandBlueprint(
  library: BlueprintLibrary,
  source: YamlSource,
  at: YamlPath,
  raw: Readonly<Record<string, unknown>>,
): Expansion {
  const mine = (path: YamlPath, key = false) => source.locate([...at, ...path], { key });
  const here = (path: YamlPath, severity: Placed['severity'], message: string, hint?: string, key = false) =>
    placed(mine(path, key), severity, message, hint);
  const problems: Placed[] = [];
  const failed = (text = ''): Expansion => ({
    problems,
    text,
    place: (path, key, message, hint) => [here(path, 'error', message, hint, key)],
    locate: (path) => mine(path),
  });

  const use = blueprintInstanceSchema.safeParse(raw, { reportInput: true });
  if (!use.success) {
    for (const p of schemaProblems(use.error, raw)) problems.push(here(p.path, 'error', p.message, p.hint, p.key));
    return failed();
  }
  const { path: bpPath, input: given } = use.data.use_blueprint;
  const found = library.get(bpPath);
  if ('error' in found) {
    problems.push(here(['use_blueprint', 'path'], 'error', found.error, found.hint));
    return failed();
  }
  const via = (d: Placed): Placed[] => [
    d,
    here(
      ['use_blueprint'],
      d.severity,
      `via blueprint '${bpPath}' (${d.file}:${d.line}:${d.column}): ${d.message}`,
      d.hint,
      true,
    ),
  ];
  problems.push(...found.problems.flatMap(via));
  const bp = found.blueprint;
  if (!bp) return failed(found.text);
  const values = inputValues(bp, given, here, problems);
  if (problems.some((p) => p.severity === 'error')) return failed(found.text);

  // the automation's own keys, under the names the result has
  const own = new Map<string, string>();
  for (const key of Object.keys(raw)) {
    if (key === 'use_blueprint') continue;
    const plural = Object.hasOwn(LEGACY, key) ? LEGACY[key] : undefined;
    own.set(plural !== undefined && !(plural in raw) ? plural : key, key);
  }
  const value = { ...(substitute(bp.body, values) as Record<string, unknown>) };
  for (const [key, rawKey] of own) value[key] = raw[rawKey];

  /** Follows `path` of the result back to the automation's keys, an input's value, or the blueprint. */
  const origin = (path: YamlPath): Where => {
    const [top, ...rest] = path;
    const rawKey = typeof top === 'string' ? own.get(top) : undefined;
    if (top === undefined) return { in: 'automation', path: [] };
    if (rawKey !== undefined) return { in: 'automation', path: [rawKey, ...rest] };
    const fileKey = bp.keys.get(String(top)) ?? top;
    let node: unknown = bp.body[top];
    for (let i = 0; i <= rest.length; i++) {
      if (node instanceof BlueprintInput) {
        const tail = rest.slice(i);
        const mapped = { in: 'automation', path: ['use_blueprint', 'input', node.name, ...tail] } as const;
        // the value as a whole may be wrong, or the blueprint's use of it: both places are named
        if (Object.hasOwn(given, node.name))
          return tail.length > 0 ? mapped : { ...mapped, usedAt: [fileKey, ...rest.slice(0, i)] };
        const def = bp.inputs.find((d) => d.name === (node as BlueprintInput).name);
        return { in: 'blueprint', path: [...(def?.path ?? []), 'default', ...tail] };
      }
      const seg = rest[i];
      if (seg === undefined) break;
      if (typeof seg === 'number' && !Array.isArray(node)) continue; // one item where a list may be
      node = typeof node === 'object' && node !== null ? (node as Record<string | number, unknown>)[seg] : undefined;
    }
    return { in: 'blueprint', path: [fileKey, ...rest] };
  };

  return {
    value,
    problems,
    text: found.text,
    place(path, key, message, hint) {
      const where = origin(path);
      if (where.in === 'automation' && where.usedAt) {
        const used = placed(bp.source.locate(where.usedAt), 'error', message, hint);
        const also = `${message} (blueprint '${bpPath}' uses this input at ${used.file}:${used.line}:${used.column})`;
        return [here(where.path, 'error', also, hint, key), used];
      }
      if (where.in === 'automation') return [here(where.path, 'error', message, hint, key)];
      return via(placed(bp.source.locate(where.path, { key }), 'error', message, hint));
    },
    locate(path) {
      const where = origin(path);
      return where.in === 'automation' ? mine(where.path) : bp.source.locate(where.path);
    },
  };
}

/** The value of every input (given, or its default); missing, unknown and ill-fitting inputs go to `problems`. */
function inputValues(
  bp: Blueprint,
  given: Readonly<Record<string, unknown>>,
  here: (path: YamlPath, severity: Placed['severity'], message: string, hint?: string, key?: boolean) => Placed,
  problems: Placed[],
): Map<string, unknown> {
  const values = new Map<string, unknown>();
  for (const def of bp.inputs) {
    if (!Object.hasOwn(given, def.name)) {
      if (def.default) values.set(def.name, def.default.value);
      else {
        const label = def.label !== undefined ? ` (${def.label})` : '';
        const hint = 'it has no default: give it under use_blueprint: input:';
        problems.push(
          here(
            ['use_blueprint', 'input'],
            'error',
            `missing input '${def.name}'${label} of blueprint '${bp.name}'`,
            hint,
            true,
          ),
        );
      }
      continue;
    }
    const value = given[def.name];
    values.set(def.name, value);
    const selector = bp.selectors.get(def.name);
    for (const p of selector ? checkSelectorValue(selector, value) : [])
      problems.push(
        here(
          ['use_blueprint', 'input', def.name, ...p.path],
          p.severity,
          `input '${def.name}': ${p.message}`,
          p.hint,
          p.key,
        ),
      );
  }
  const names = bp.inputs.map((d) => d.name);
  for (const name of Object.keys(given)) {
    if (names.includes(name)) continue;
    const hint =
      didYouMean(name, names) ?? (names.length > 0 ? `its inputs: ${names.join(', ')}` : 'it takes no inputs');
    problems.push(
      here(
        ['use_blueprint', 'input', name],
        'warning',
        `blueprint '${bp.name}' has no input '${name}': ignored`,
        hint,
        true,
      ),
    );
  }
  return values;
}

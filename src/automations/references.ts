/**
 * What an automation names outside itself, found after it has loaded: the actions it calls and the entity
 * ids it reads or targets. Neither keeps it from loading, as in Home Assistant: an action Switchyard cannot
 * perform is a load warning (and an error when a run reaches it, `actions/call.ts`); an entity id that is
 * not in the registry is a warning computed whenever diagnostics are asked for, since discovery brings
 * entities after start.
 *
 * The references are read from the automation as written (its YAML value), so each one keeps its path and
 * can be located at its line and column.
 */
import { closest } from '../core/similarity.js';
import type { Registry } from '../core/registry.js';
import type { AutomationDiagnostic, DeviceReference, EntityReference, LoadedAutomation } from './model.js';
import { unknownAction } from './schema/call-action.js';
import { isRecord, isTemplate } from './schema/fields.js';
import { pathLabel } from './schema/issues.js';

type Path = readonly (string | number)[];

export interface Reference {
  readonly kind: 'action' | 'entity';
  readonly value: string;
  /** path of the value in the automation as written */
  readonly path: Path;
  /** set for the ids of a device trigger, condition or action (checked by `device-automation/diagnostics.ts`) */
  readonly device?: DeviceReference;
}

/** Values that name no entity or action of their own: variables, data for templates, blueprint inputs. */
const OPAQUE = new Set(['variables', 'trigger_variables', 'metadata', 'use_blueprint']);
/** Mappings of action data, where an `action:` key is data (a mobile notification's buttons), not a step. */
const DATA = new Set(['data', 'data_template', 'event_data', 'event_data_template']);
const CALL_KEYS = ['action', 'service', 'service_template'] as const;
/** Home Assistant's valid_entity_id, with a letter first (so "1.5" is a number, not an entity) */
const ENTITY_ID = /^(?!.+__)[a-z][a-z0-9_]*(?<!_)\.(?!_)[a-z0-9_]+(?<!_)$/;

/** A device trigger, condition or action: its `entity_id` is the entity registry's id, not an entity id. */
const isDeviceAutomation = (v: Record<string, unknown>): boolean =>
  v['device_id'] !== undefined && v['domain'] !== undefined && v['type'] !== undefined;

function entityValues(value: unknown, path: Path, out: Reference[]): void {
  const one = (text: string, at: Path) => {
    if (isTemplate(text)) return;
    for (const part of text.split(',')) {
      const id = part.trim().toLowerCase();
      if (ENTITY_ID.test(id)) out.push({ kind: 'entity', value: id, path: at });
    }
  };
  if (typeof value === 'string') one(value, path);
  else if (Array.isArray(value))
    value.forEach((v, i) => {
      if (typeof v === 'string') one(v, [...path, i]);
    });
}

/** The `device_id` and `entity_id` of a device automation: Switchyard's ids or Home Assistant's (`ids.ts`). */
function deviceIds(value: Record<string, unknown>, path: Path, out: Reference[]): void {
  const domain = String(value['domain']);
  for (const key of ['device_id', 'entity_id'] as const) {
    // an MQTT device trigger with a discovery_id is found by it, whatever its device_id says
    if (key === 'device_id' && value['discovery_id'] !== undefined) continue;
    const v = value[key];
    if (typeof v === 'string' && !isTemplate(v))
      out.push({ kind: 'entity', value: v.trim(), path: [...path, key], device: { domain, key } });
  }
}

/** Every action called and entity id named in `raw` (an automation as written). */
export function findReferences(raw: unknown): Reference[] {
  const out: Reference[] = [];
  const walk = (value: unknown, path: Path, inData: boolean): void => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        walk(v, [...path, i], inData);
      });
      return;
    }
    if (!isRecord(value)) return;
    if (isDeviceAutomation(value)) {
      deviceIds(value, path, out);
      return;
    }
    const call = inData ? undefined : CALL_KEYS.find((k) => typeof value[k] === 'string');
    if (call !== undefined && !isTemplate(String(value[call])))
      out.push({ kind: 'action', value: String(value[call]).trim(), path: [...path, call] });
    for (const [key, v] of Object.entries(value)) {
      if (OPAQUE.has(key)) continue;
      if (key === 'entity_id') entityValues(v, [...path, key], out);
      else walk(v, [...path, key], inData || DATA.has(key));
    }
  };
  walk(raw, [], false);
  return out;
}

/** Warnings for the actions Switchyard cannot perform, at `locate(path)`. */
export function actionWarnings(
  refs: readonly Reference[],
  locate: (path: Path) => { file: string; line: number; column: number },
): Omit<AutomationDiagnostic, 'automation_id'>[] {
  return refs.flatMap((r) => {
    const problem = r.kind === 'action' ? unknownAction(r.value) : undefined;
    if (!problem) return [];
    return [
      {
        ...locate(r.path),
        severity: 'warning' as const,
        message: `${pathLabel(r.path)}: ${problem.message}; a run that reaches this step stops with an error`,
        hint: problem.hint,
      },
    ];
  });
}

/** A script an automation or script names: `action: script.<id>`, or `script.<id>` as an entity id. */
export interface ScriptCall {
  readonly script: string;
  readonly kind: 'action' | 'entity';
  /** `actions[0].action` */
  readonly path: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** `script.turn_on` and the like are actions of the script domain, not scripts. */
const SCRIPT_ACTIONS = new Set(['turn_on', 'turn_off', 'toggle', 'reload']);

/** The scripts `refs` call or name, located. */
export function scriptCalls(
  refs: readonly Reference[],
  locate: (path: Path) => { file: string; line: number; column: number },
): ScriptCall[] {
  return refs.flatMap((r) => {
    if (!r.value.startsWith('script.')) return [];
    const script = r.value.slice('script.'.length);
    if (r.kind === 'action' && SCRIPT_ACTIONS.has(script)) return [];
    return [{ script, kind: r.kind, path: pathLabel(r.path), ...locate(r.path) }];
  });
}

/**
 * A warning for each script `calls` name that the folder does not define, with the closest defined one (scripts
 * come only from the folder, so this is known at load; Home Assistant fails the run that reaches the call).
 */
export function scriptCallWarnings(
  calls: readonly ScriptCall[],
  defined: ReadonlySet<string>,
): Omit<AutomationDiagnostic, 'automation_id'>[] {
  return calls
    .filter((c) => !defined.has(c.script))
    .map((c) => {
      const [near] = closest(c.script, [...defined], 1);
      const effect = c.kind === 'action' ? '; a run that reaches this step stops with an error' : '';
      return {
        file: c.file,
        line: c.line,
        column: c.column,
        severity: 'warning' as const,
        message: `${c.path}: script 'script.${c.script}' is not defined${effect}`,
        hint: near ? `did you mean script.${near}?` : 'no script in the automations folder has this id',
      };
    });
}

/** The entity ids that exist, for the entity warnings. */
export interface EntityLookup {
  has(entityId: string): boolean;
  /** every entity id, for the closest match */
  ids(): readonly string[];
}

/** The registry's entities; `ids()` is read once per lookup (make one per request). */
export function registryLookup(registry: Pick<Registry, 'entity' | 'entities'>): EntityLookup {
  let ids: string[] | undefined;
  return {
    has: (id) => registry.entity(id) !== undefined,
    ids: () => {
      ids ??= registry.entities().map((e) => e.entity_id);
      return ids;
    },
  };
}

/** `Kitchen lights` → `kitchen_lights`, the object id of an automation's entity (as the engine resolves it). */
export const aliasSlug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');

/** `lookup` plus the `automation.<id>` and `automation.<alias slug>` entities of these automations. */
export function withAutomations(
  lookup: EntityLookup,
  automations: Iterable<{ readonly id: string; readonly alias: string }>,
): EntityLookup {
  const own = new Set<string>();
  for (const a of automations) {
    own.add(`automation.${a.id}`);
    const slug = aliasSlug(a.alias);
    if (slug !== '') own.add(`automation.${slug}`);
  }
  return {
    has: (id) => own.has(id) || lookup.has(id),
    ids: () => [...lookup.ids(), ...own],
  };
}

const objectIdOf = (entityId: string): string => entityId.slice(entityId.indexOf('.') + 1);

/**
 * The closest existing entity: of the same domain (compared by object id, so the shared domain does not
 * make every id look alike), else the same object id in another domain (`light.porch` for `switch.porch`).
 */
function closestEntity(id: string, lookup: EntityLookup): string | undefined {
  const objectId = objectIdOf(id);
  const domain = id.slice(0, id.length - objectId.length);
  const all = lookup.ids();
  const same = all.filter((e) => e.startsWith(domain));
  const [near] = closest(objectId, same.map(objectIdOf), 1);
  return (near === undefined ? undefined : `${domain}${near}`) ?? all.find((e) => objectIdOf(e) === objectId);
}

/** A warning for each entity id `automation` names that `lookup` does not know, with the closest one. */
export function entityWarnings(automation: LoadedAutomation, lookup: EntityLookup): AutomationDiagnostic[] {
  const hints = new Map<string, string>();
  return (
    (automation.entity_references ?? [])
      // scripts come from the folder: an undefined one is a load warning (scriptCallWarnings)
      .filter((r) => r.device === undefined && !lookup.has(r.entity_id) && !r.entity_id.startsWith('script.'))
      .map((r) => {
        let hint = hints.get(r.entity_id);
        if (hint === undefined) {
          const near = closestEntity(r.entity_id, lookup);
          const none = r.entity_id.startsWith('automation.')
            ? 'no automation has this id or alias'
            : 'no entity with this id has been discovered (yet)';
          hint = near ? `did you mean ${near}?` : none;
          hints.set(r.entity_id, hint);
        }
        return {
          file: r.file,
          line: r.line,
          column: r.column,
          severity: 'warning' as const,
          message: `${r.path}: entity '${r.entity_id}' does not exist`,
          hint,
          automation_id: automation.id,
        };
      })
  );
}

/** The entity references of `refs`, located. */
export function entityReferences(
  refs: readonly Reference[],
  locate: (path: Path) => { file: string; line: number; column: number },
): EntityReference[] {
  return refs
    .filter((r) => r.kind === 'entity')
    .map((r) => {
      const { file, line, column } = locate(r.path);
      return {
        entity_id: r.value,
        path: pathLabel(r.path),
        file,
        line,
        column,
        ...(r.device ? { device: r.device } : {}),
      };
    });
}

// A call step's action name, data and targets as the run performs them: rendered on every run when templates, areas
// or devices are involved, else worked out once per step (see fixedCall).
import { sameArea } from '../../core/areas.js';
import { ValidationError } from '../../core/errors.js';
import type { CallAction } from '../model.js';
import { unsupportedAction } from '../schema/call-action.js';
import { isRecord } from '../schema/fields.js';
import { isTemplate } from '../templates.js';
import type { RunState, Scope } from './types.js';

type Data = Record<string, unknown>;

function flatIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(flatIds);
  if (typeof value !== 'string') return value === null || value === undefined ? [] : [String(value)];
  return value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
}

export interface Prepared {
  readonly domain: string;
  readonly service: string;
  readonly data: Data;
  readonly targets: string[];
  readonly rawData: Data;
}

/** true when a template hides anywhere inside `value` */
const templated = (value: unknown): boolean =>
  typeof value === 'string'
    ? isTemplate(value)
    : Array.isArray(value)
      ? value.some(templated)
      : isRecord(value)
        ? Object.values(value).some(templated)
        : false;

/**
 * What a step without templates and without area or device targets prepares to, worked out once per step
 * (`null`: it has to be prepared on every run). The usual `switch.turn_on` on a fixed entity renders nothing,
 * and measured on the bench's burst this took 8 µs of every run: four renderings that copy the data and the
 * targets, the action name checked again, and the ids split. Frozen: each run shares them.
 */
const fixedCalls = new WeakMap<CallAction, Prepared | null>();

function fixedCall(step: CallAction, scope: Scope, run: RunState): Prepared | null {
  let fixed = fixedCalls.get(step);
  if (fixed !== undefined) return fixed;
  const { target } = step;
  const dynamic =
    isTemplate(step.action) ||
    templated(step.data) ||
    templated(target?.entity_id) ||
    (target?.area_id !== undefined && flatIds(target.area_id).length > 0) ||
    (target?.device_id !== undefined && flatIds(target.device_id).length > 0);
  fixed = null;
  if (!dynamic) {
    const p = render(step, scope, run);
    fixed = Object.freeze({ ...p, data: Object.freeze(p.data), targets: Object.freeze(p.targets) as string[] });
  }
  fixedCalls.set(step, fixed);
  return fixed;
}

/** Renders the action name, data and targets (once per step when nothing in them can change). */
export function prepare(step: CallAction, scope: Scope, run: RunState): Prepared {
  return fixedCall(step, scope, run) ?? render(step, scope, run);
}

function render(step: CallAction, scope: Scope, run: RunState): Prepared {
  const { templates } = run.deps;
  const vars = scope.all();
  const name = isTemplate(step.action) ? templates.compile(step.action).render(vars).trim() : step.action.trim();
  const problem = unsupportedAction(name);
  if (problem) throw new ValidationError(`${problem.message} (${problem.hint})`);
  const [domain = '', service = ''] = name.split('.');
  const rendered = templates.renderValue(step.data, vars);
  if (!isRecord(rendered)) throw new ValidationError('action data must be a mapping');
  const { entity_id: dataTargets, ...data } = rendered;
  const targets = [
    ...new Set([...flatIds(templates.renderValue(step.target?.entity_id ?? [], vars)), ...flatIds(dataTargets)]),
  ];
  const areas = flatIds(templates.renderValue(step.target?.area_id ?? [], vars));
  const devices = flatIds(templates.renderValue(step.target?.device_id ?? [], vars));
  return {
    domain,
    service,
    data,
    targets: [...targets, ...byAreaOrDevice(areas, devices, domain, run)],
    rawData: step.data,
  };
}

/** Entities of the action's domain in the given areas or on the given devices (the device's area counts). */
function byAreaOrDevice(areas: string[], devices: string[], domain: string, run: RunState): string[] {
  if (areas.length === 0 && devices.length === 0) return [];
  const { registry } = run.deps;
  const areaOf = (e: { area: string | null; device_id: string | null }) =>
    e.area ?? (e.device_id ? registry.device(e.device_id)?.area : null) ?? null;
  const found = registry
    .entities()
    .filter((e) => domain === 'homeassistant' || e.domain === domain)
    .filter(
      (e) =>
        (e.device_id !== null && devices.includes(e.device_id.toLowerCase())) ||
        areas.some((a) => sameArea(areaOf(e), a)),
    )
    .map((e) => e.entity_id);
  if (found.length === 0) {
    const what = [...areas.map((a) => `area '${a}'`), ...devices.map((d) => `device '${d}'`)].join(', ');
    throw new ValidationError(
      `${domain} target ${what} has no ${domain === 'homeassistant' ? '' : `${domain} `}entities`,
    );
  }
  return found;
}

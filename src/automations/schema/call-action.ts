/**
 * The "perform an action" step: `action: light.turn_on` (legacy `service:` / `service_template:`),
 * with `target`, `data` (legacy `data_template`) and the legacy call-level `entity_id`, all normalised
 * to `{kind: 'call', action, target?: {entity_id?, area_id?, device_id?}, data}`.
 *
 * Switchyard performs the generic actions below and any action of an entity domain it knows from MQTT
 * discovery (light, switch, …). A name that is not `domain.action` is a load error. A well-formed name of
 * an action it cannot perform (`script.*`, `scene.*`, helpers, other integrations) loads, as in Home
 * Assistant: the loader warns (`unknownAction`) and a run that reaches the step stops with Home Assistant's
 * "Action … not found" (`actions/call.ts`). Templated names are checked when run.
 */
import { z } from 'zod';
import { platforms } from '../../protocol/ha-discovery/components/index.js';
import { closest, fields, isRecord, isTemplate, report, unsupportedKey } from './fields.js';
import { entityIds, haBoolean, haString, template } from './values.js';

/** Keys every action step accepts. */
export const actionCommon = {
  alias: haString.optional(),
  enabled: haBoolean.default(true),
  continue_on_error: haBoolean.default(false),
};

/** Actions that are not tied to one entity domain; `*` = any action of that domain. */
const GENERIC: Readonly<Record<string, readonly string[] | '*'>> = {
  homeassistant: ['turn_on', 'turn_off', 'toggle', 'update_entity'],
  mqtt: ['publish'],
  notify: '*',
  persistent_notification: ['create', 'dismiss'],
  automation: ['turn_on', 'turn_off', 'toggle', 'trigger', 'reload'],
  // the helpers, scripts and scenes the automations folder defines (sections.ts)
  input_boolean: ['turn_on', 'turn_off', 'toggle', 'reload'],
  input_number: ['set_value', 'increment', 'decrement', 'reload'],
  input_select: [
    'select_option',
    'select_next',
    'select_previous',
    'select_first',
    'select_last',
    'set_options',
    'reload',
  ],
  input_text: ['set_value', 'reload'],
  input_datetime: ['set_datetime', 'reload'],
  input_button: ['press', 'reload'],
  counter: ['increment', 'decrement', 'reset', 'set_value'],
  timer: ['start', 'pause', 'cancel', 'finish', 'change', 'reload'],
  // script.turn_on|turn_off|toggle|reload, and script.<id> to run one
  script: '*',
  scene: ['turn_on', 'apply', 'create', 'delete', 'reload'],
  group: ['reload'],
};

const ACTION_NAME = /^([a-z0-9_]+)\.([a-z0-9_]+)$/;

/** Why `name` is not an action name (`domain.action`), or undefined (templates are checked when run). */
export function malformedAction(name: string): { message: string; hint: string } | undefined {
  if (isTemplate(name) || ACTION_NAME.test(name.trim())) return undefined;
  return {
    message: `'${name}' is not an action name`,
    hint: "actions are written 'domain.action', e.g. light.turn_on",
  };
}

/**
 * Why Switchyard cannot perform the well-formed action `name` (Home Assistant's ServiceNotFound), with the
 * closest action it knows as the hint; undefined when it can, or when `name` is malformed or a template.
 */
export function unknownAction(name: string): { message: string; hint: string } | undefined {
  const m = ACTION_NAME.exec(name.trim());
  if (!m) return undefined;
  const [, domain = '', action = ''] = m;
  const message = `action '${domain}.${action}' not found`;
  const generic = Object.hasOwn(GENERIC, domain) ? GENERIC[domain] : undefined;
  if (generic === '*' || generic?.includes(action)) return undefined;
  if (generic) {
    const near = closest(action, generic);
    const hint = near ? `did you mean ${domain}.${near}?` : undefined;
    return { message, hint: hint ?? `supported: ${generic.map((a) => `${domain}.${a}`).join(', ')}` };
  }
  if (platforms.has(domain)) return undefined;
  const domains = [...Object.keys(GENERIC), ...platforms.keys()];
  const near = closest(domain, domains);
  const hint = near ? `did you mean ${near}.${action}?` : undefined;
  return { message, hint: hint ?? `Switchyard performs actions of these domains: ${domains.join(', ')}` };
}

/** Why `name` cannot be performed (malformed or unknown), or undefined when it can. */
export const unsupportedAction = (name: string): { message: string; hint: string } | undefined =>
  malformedAction(name) ?? unknownAction(name);

const ENTITIES_ONLY = 'Switchyard targets entities, devices and areas: use target.entity_id, device_id or area_id';
const targetIds = entityIds({ templates: true, special: true });
const notEntity = (key: string) => unsupportedKey(`unsupported target '${key}'`, ENTITIES_ONLY);
/** area and device ids: one or a list, templates allowed (rendered when the action runs) */
const idList = z.union([haString, z.array(haString)]).transform((v) => [v].flat());

const targetFields = fields('target', {
  entity_id: targetIds.optional(),
  device_id: idList.optional(),
  area_id: idList.optional(),
  floor_id: notEntity('floor_id'),
  label_id: notEntity('label_id'),
});
const targetSchema = z.unknown().transform((v, ctx) => {
  if (typeof v === 'string') {
    report(ctx, 'a templated target is not supported', [], {
      hint: 'template the entity ids instead: target: {entity_id: "{{ … }}"}',
    });
    return z.NEVER;
  }
  const parsed = targetFields.safeParse(v, { reportInput: true });
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ ...issue } as Parameters<z.RefinementCtx['addIssue']>[0]);
  return z.NEVER;
});

const dataMap = z.unknown().transform((v, ctx): Record<string, unknown> => {
  if (v === null) return {};
  if (isRecord(v)) return v;
  report(
    ctx,
    typeof v === 'string' ? 'a templated data mapping is not supported' : 'expected a mapping of action data',
    [],
    {
      hint: 'write data as key: value pairs; values may be templates',
    },
  );
  return z.NEVER;
});

const NAME_KEYS = ['action', 'service', 'service_template'] as const;

export const callAction = fields(
  'action call',
  {
    ...actionCommon,
    action: haString.optional(),
    service: haString.optional(),
    service_template: template.optional(),
    target: targetSchema.optional(),
    entity_id: targetIds.optional(),
    device_id: idList.optional(),
    area_id: idList.optional(),
    floor_id: notEntity('floor_id'),
    label_id: notEntity('label_id'),
    data: dataMap.optional(),
    data_template: dataMap.optional(),
    response_variable: haString.optional(),
    /** written by Home Assistant's UI; carries nothing Switchyard uses */
    metadata: z.unknown().optional(),
  },
  { quiet: ['service', 'service_template', 'data_template', 'metadata'] },
)
  .superRefine((a, ctx) => {
    const given = NAME_KEYS.filter((k) => a[k] !== undefined);
    const [first, second] = given;
    if (first !== undefined && second !== undefined) {
      report(ctx, `Cannot specify both '${second}' and '${first}'. Please use '${first}' only.`, [second]);
      return;
    }
    const name = first === undefined ? undefined : a[first];
    if (first === undefined || name === undefined) return;
    // an unknown but well-formed name loads: the loader warns about it (adapters/automations/references.ts)
    const problem = malformedAction(name);
    if (problem) report(ctx, problem.message, [first], { hint: problem.hint });
  })
  .transform((a) => {
    const ids = [...new Set([...(a.target?.entity_id ?? []), ...(a.entity_id ?? [])])];
    const areas = [...new Set([...(a.target?.area_id ?? []), ...(a.area_id ?? [])])];
    const devices = [...new Set([...(a.target?.device_id ?? []), ...(a.device_id ?? [])])];
    const target = {
      ...(ids.length > 0 ? { entity_id: ids } : {}),
      ...(areas.length > 0 ? { area_id: areas } : {}),
      ...(devices.length > 0 ? { device_id: devices } : {}),
    };
    return {
      kind: 'call' as const,
      ...(a.alias !== undefined ? { alias: a.alias } : {}),
      enabled: a.enabled,
      continue_on_error: a.continue_on_error,
      action: a.action ?? a.service ?? a.service_template ?? '',
      ...(Object.keys(target).length > 0 ? { target } : {}),
      data: { ...(a.data ?? {}), ...(a.data_template ?? {}) },
      ...(a.response_variable !== undefined ? { response_variable: a.response_variable } : {}),
    };
  });

export type CallAction = z.output<typeof callAction>;

/**
 * The keys of a device trigger, condition or action (`device_id`, `domain`, `type`, `entity_id` and the type's
 * own keys), checked against the domain's table (`spec.ts`) the way Home Assistant's DEVICE_*_BASE_SCHEMA and
 * each domain's schema check them: an unknown domain or type, a missing key, a key the type does not take, a
 * value of the wrong kind — each reported at its own key.
 *
 * `entity_id` is `cv.entity_id_or_uuid` (helpers/config_validation.py): an entity id, or the 32-hex id of an
 * entity registry entry, which Home Assistant's editor writes since 2023; which entity that is gets worked out
 * when the automation runs (`ids.ts`).
 */
import { z } from 'zod';
import { isValidEntityId } from '../../core/entity-id.js';
import { actionCommon } from '../schema/call-action.js';
import { didYouMean, fields, isRecord, report, type Variant } from '../schema/fields.js';
import type { Duration } from '../schema/values.js';
import { haString } from '../schema/values.js';
import { ACTION_SPECS, type DomainSpecs, type TypeSpec } from './spec.js';

/** helpers/config_validation.py `fake_uuid4_hex`: what `entity_id_or_uuid` takes besides an entity id */
export const REGISTRY_ID = /^[0-9a-f]{32}$/;

/** `cv.entity_id_or_uuid` */
export const entityIdOrUuid = z.unknown().transform((v, ctx): string => {
  const text = typeof v === 'string' ? v.trim() : '';
  if (REGISTRY_ID.test(text)) return text;
  if (isValidEntityId(text.toLowerCase())) return text.toLowerCase();
  report(ctx, `Entity ${String(v)} is neither a valid entity ID nor a valid UUID`, [], {
    hint: "an entity id like 'light.kitchen', or the entity registry id Home Assistant's editor writes",
  });
  return z.NEVER;
});

/** The type's own keys after validation (which ones exist depends on the domain and type). */
export interface DeviceExtras {
  readonly for?: Duration;
  readonly above?: number;
  readonly below?: number;
  readonly to?: string;
  readonly from?: string;
  readonly subtype?: string;
  readonly discovery_id?: string;
  readonly hvac_mode?: string;
  readonly preset_mode?: string;
  readonly option?: string;
  readonly position?: number;
  readonly value?: number;
  readonly cycle?: boolean;
  readonly brightness_pct?: number;
  readonly flash?: string;
}

/** What every device trigger, condition and action has. */
export interface DeviceFields extends DeviceExtras {
  readonly domain: string;
  readonly device_id: string;
  readonly type: string;
  /** absent only for MQTT device triggers */
  readonly entity_id?: string;
}

/** The keys of a device automation mapping, each validated later by the type's spec. */
export function deviceShape(specs: readonly DomainSpecs[], extra: readonly TypeSpec[] = []) {
  const keys = new Set<string>();
  for (const s of [...specs.flatMap((d) => Object.values(d).flatMap((t) => Object.values(t))), ...extra])
    for (const k of Object.keys(s.keys)) keys.add(k);
  return {
    domain: haString,
    device_id: haString,
    type: haString,
    entity_id: z.unknown().optional(),
    /** written by Home Assistant's editor (`{secondary: false}`); carries nothing Switchyard uses */
    metadata: z.unknown().optional(),
    ...Object.fromEntries([...keys].map((k) => [k, z.unknown().optional()])),
  } as Record<'domain' | 'device_id' | 'type', typeof haString> &
    Record<'entity_id' | 'metadata', z.ZodOptional<z.ZodUnknown>> &
    Record<string, z.ZodType<unknown, unknown>>;
}

/** Runs `schema` on `value`, its issues placed at `key`. */
function parseAt(schema: z.ZodType<unknown, unknown>, value: unknown, key: string, ctx: z.RefinementCtx): unknown {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  for (const issue of result.error.issues)
    ctx.addIssue({ ...issue, path: [key, ...issue.path] } as Parameters<z.RefinementCtx['addIssue']>[0]);
  return undefined;
}

export interface DeviceCheck {
  /** 'device trigger', 'device condition', 'device action' */
  readonly what: string;
  readonly specs: DomainSpecs;
  /** types of integrations other than entity domains (`mqtt` device triggers), taking no `entity_id` */
  readonly integrations?: Readonly<Record<string, TypeSpec>>;
}

/** what `schema/issues.ts` turns into "missing required key '<key>' in <path>" */
const MISSING = 'required key not provided';
const COMMON = new Set(['domain', 'device_id', 'type', 'entity_id', 'metadata']);

/**
 * Checks a parsed mapping (`fields()` output: known keys only, common ones already validated) against the
 * domain's spec; returns the device fields, or z.NEVER with the problems reported at their keys.
 */
export function checkDevice(
  check: DeviceCheck,
  value: Record<string, unknown>,
  ownKeys: ReadonlySet<string>,
  ctx: z.RefinementCtx,
): DeviceFields {
  const domain = String(value['domain']);
  const type = String(value['type']);
  const integration = check.integrations?.[domain];
  const types = Object.hasOwn(check.specs, domain) ? check.specs[domain] : undefined;
  if (!types && !integration) {
    const known = [...Object.keys(check.specs), ...Object.keys(check.integrations ?? {})];
    report(ctx, `${check.what}s of the '${domain}' integration are not supported`, ['domain'], {
      hint: didYouMean(domain, known) ?? `supported domains: ${known.join(', ')}`,
    });
    return z.NEVER;
  }
  const spec = integration ?? (types && Object.hasOwn(types, type) ? types[type] : undefined);
  if (!spec) {
    const names = Object.keys(types ?? {});
    report(ctx, `unknown ${domain} ${check.what} type '${type}'`, ['type'], {
      hint: didYouMean(type, names) ?? `one of: ${names.join(', ')}`,
    });
    return z.NEVER;
  }
  let ok = true;
  const fail = (message: string, path: PropertyKey[], hint?: string) => {
    ok = false;
    report(ctx, message, path, hint ? { hint } : {});
  };
  let entityId: string | undefined;
  if (integration) {
    if (value['entity_id'] !== undefined) fail(`'entity_id' is not a key of ${domain} ${check.what}s`, ['entity_id']);
  } else if (value['entity_id'] === undefined)
    fail(MISSING, ['entity_id'], `a ${domain} ${check.what} names its entity`);
  else {
    entityId = parseAt(entityIdOrUuid, value['entity_id'], 'entity_id', ctx) as string | undefined;
    if (entityId === undefined) ok = false;
  }
  const extras: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (COMMON.has(key) || !ownKeys.has(key) || value[key] === undefined) continue;
    const schema = Object.hasOwn(spec.keys, key) ? spec.keys[key] : undefined;
    if (!schema) {
      const takes = Object.keys(spec.keys);
      ok = false;
      report(ctx, `'${key}' is not a key of the ${domain} ${check.what} '${type}'`, [key], {
        unknown_key: key,
        hint: takes.length > 0 ? `it takes: ${takes.join(', ')}` : 'it takes no other keys',
      });
      continue;
    }
    const parsed = parseAt(schema, value[key], key, ctx);
    if (parsed === undefined) ok = false;
    else extras[key] = parsed;
  }
  for (const key of spec.required ?? [])
    if (value[key] === undefined) fail(MISSING, [key], `the ${domain} ${check.what} '${type}' needs it`);
  if (spec.oneOf && !spec.oneOf.some((k) => value[k] !== undefined))
    fail(`must contain at least one of ${spec.oneOf.join(', ')}`, []);
  if (!ok) return z.NEVER;
  return {
    domain,
    device_id: String(value['device_id']),
    type,
    ...(entityId !== undefined ? { entity_id: entityId } : {}),
    ...(extras as DeviceExtras),
  };
}

/**
 * The device variant of a trigger or condition family: its domain checked first (`domainFirst`), and only the keys
 * every device automation has listed, so that "'below' is an option of …" hints for other variants do not name the
 * device ones (whose keys depend on the domain and type).
 */
export function deviceVariant<T>(check: DeviceCheck, v: Variant<T>, shape: Record<string, unknown>): Variant<T> {
  const own = shapeKeys(shape);
  return { schema: domainFirst(check, v.schema), keys: v.keys.filter((k) => !own.has(k)) };
}

/** The keys of a `deviceShape` besides the common ones, for `checkDevice`. */
export const shapeKeys = (shape: Record<string, unknown>): ReadonlySet<string> =>
  new Set(Object.keys(shape).filter((k) => !COMMON.has(k)));

/**
 * `schema` after a check of the domain alone: a device automation of an integration Switchyard does not have
 * (mobile_app's notify, zha's remote buttons, …) is reported as that, not as the keys that integration takes.
 */
export function domainFirst<T>(check: DeviceCheck, schema: z.ZodType<T, unknown>): z.ZodType<T, unknown> {
  return z.unknown().transform((v, ctx): T => {
    const domain = isRecord(v) && typeof v['domain'] === 'string' ? v['domain'] : undefined;
    const known = [...Object.keys(check.specs), ...Object.keys(check.integrations ?? {})];
    if (domain !== undefined && !known.includes(domain)) {
      report(ctx, `${check.what}s of the '${domain}' integration are not supported`, ['domain'], {
        hint: didYouMean(domain, known) ?? `supported domains: ${known.join(', ')}`,
      });
      return z.NEVER;
    }
    const result = schema.safeParse(v, { reportInput: true });
    if (result.success) return result.data;
    for (const issue of result.error.issues) ctx.addIssue({ ...issue } as Parameters<z.RefinementCtx['addIssue']>[0]);
    return z.NEVER;
  });
}

/**
 * A device action (`- device_id: …, domain: light, entity_id: …, type: turn_on`): the entity action Home
 * Assistant's `<domain>/device_action.py` performs for that type (`device-automation/spec.ts`, `actions.ts`).
 */
const actionKeys = deviceShape([ACTION_SPECS]);
const deviceActionFields = fields(
  'device action',
  { ...actionCommon, ...actionKeys },
  { quiet: ['metadata'] },
).transform((a, ctx) => {
  const device = checkDevice({ what: 'device action', specs: ACTION_SPECS }, a, shapeKeys(actionKeys), ctx);
  return {
    kind: 'device' as const,
    ...(a.alias !== undefined ? { alias: a.alias } : {}),
    enabled: a.enabled,
    continue_on_error: a.continue_on_error,
    device,
  };
});
export const deviceAction = domainFirst({ what: 'device action', specs: ACTION_SPECS }, deviceActionFields);

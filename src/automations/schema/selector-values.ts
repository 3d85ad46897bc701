/**
 * The values a blueprint input's selector takes, as each selector's `__call__` in Home Assistant's
 * helpers/selector.py: an entity id (of the selector's legacy `domain`, within include/exclude_entities), a
 * number within min/max, one of a select's options (unless custom_value), a time of day, a target mapping,
 * text, ids, a list of them when the selector has `multiple: true`.
 *
 * Home Assistant itself does not run the selectors over an automation's inputs (BlueprintInputs.validate only
 * looks for missing ones), so what works there is left alone or only warned about: templates and empty values
 * are not checked, a number or true/false given as text and a non-boolean for a boolean are warnings, and so is
 * an entity outside the selector's `filter` domains (the UI would not have offered it). Everything else a
 * selector refuses is an error, at the input's value.
 */
import { z } from 'zod';
import { isValidEntityId } from '../../core/entity-id.js';
import { haFloat } from '../../protocol/ha-discovery/common-schema.js';
import { describeValue, didYouMean, isRecord, isTemplate } from './fields.js';
import type { Selector, SelectorProblem } from './selectors.js';
import { timeOfDay } from './values.js';

type At = (string | number)[];
type Config = Readonly<Record<string, unknown>>;
type Check = (ctx: z.RefinementCtx, value: unknown, config: Config) => void;

interface Params {
  warning?: true;
  key?: true;
  hint?: string;
}
const issue = (ctx: z.RefinementCtx, message: string, path: At, params: Params) =>
  ctx.addIssue({ code: 'custom', message, path, params: { ...params } });
const fail = (ctx: z.RefinementCtx, message: string, path: At = [], hint?: string) =>
  issue(ctx, message, path, hint !== undefined ? { hint } : {});
const warn = (ctx: z.RefinementCtx, message: string, path: At = [], hint?: string) =>
  issue(ctx, message, path, hint !== undefined ? { warning: true, hint } : { warning: true });

/** An entity registry id (`cv.entity_id_or_uuid`'s other half). */
const UUID = /^[0-9a-f]{32}$/;
const skip = (v: unknown): boolean => v === null || v === undefined || isTemplate(v);

/** The one value, or each item of a `multiple: true` selector's list. */
function each(ctx: z.RefinementCtx, config: Config, value: unknown, one: (item: unknown, at: At) => void): void {
  if (config['multiple'] !== true) {
    one(value, []);
    return;
  }
  if (!Array.isArray(value)) {
    fail(ctx, `expected a list (the selector takes several), got ${describeValue(value)}`);
    return;
  }
  value.forEach((item, i) => {
    if (!skip(item)) one(item, [i]);
  });
}

const text =
  (ctx: z.RefinementCtx) =>
  (item: unknown, at: At): void => {
    if (typeof item === 'string') return;
    if (typeof item === 'number' || typeof item === 'boolean') {
      warn(ctx, `expected text, got ${describeValue(item)}`, at, 'quote it to make it text');
      return;
    }
    fail(ctx, `expected text, got ${describeValue(item)}`, at);
  };
const texts: Check = (ctx, value, config) => each(ctx, config, value, text(ctx));

/** An entity outside every domain the selector's filters name: the UI would not have offered it. */
function filtered(ctx: z.RefinementCtx, filters: unknown, id: string, at: At): void {
  const list = Array.isArray(filters) ? (filters as { domain?: string[] }[]) : [];
  const domain = id.slice(0, id.indexOf('.'));
  if (list.length === 0 || list.some((f) => !f.domain?.length || f.domain.includes(domain))) return;
  const domains = [...new Set(list.flatMap((f) => f.domain ?? []))].join(' or ');
  warn(ctx, `${id} is not a ${domains} entity, as the blueprint's selector asks`, at);
}

/** An entity id (or registry id, or `all`/`none` where `special`), and whether it is a plain entity id. */
function entityId(ctx: z.RefinementCtx, item: unknown, at: At, special = false): string | undefined {
  const id = typeof item === 'string' ? item.trim().toLowerCase() : undefined;
  if (id !== undefined && isValidEntityId(id)) return id;
  if (id !== undefined && (UUID.test(id) || (special && (id === 'all' || id === 'none')))) return undefined;
  fail(ctx, `expected an entity id, got ${describeValue(item)}`, at, 'entity ids look like light.kitchen');
  return undefined;
}

const entity: Check = (ctx, value, config) => {
  const domains = (config['domain'] as string[] | undefined) ?? [];
  const include = config['include_entities'] as string[] | undefined;
  const exclude = config['exclude_entities'] as string[] | undefined;
  each(ctx, config, value, (item, at) => {
    const id = entityId(ctx, item, at);
    if (id === undefined) return;
    const domain = id.slice(0, id.indexOf('.'));
    if (domains.length > 0 && !domains.includes(domain)) {
      fail(ctx, `entity ${id} belongs to domain ${domain}, expected ${domains.join(' or ')}`, at);
      return;
    }
    if (include?.length && !include.includes(id)) {
      fail(ctx, `entity ${id} is not one the selector offers`, at, `one of: ${include.join(', ')}`);
      return;
    }
    if (exclude?.includes(id)) {
      fail(ctx, `entity ${id} is excluded by the selector`, at);
      return;
    }
    filtered(ctx, config['filter'], id, at);
  });
};

const number: Check = (ctx, value, config) => {
  const n = haFloat.safeParse(value);
  if (!n.success) {
    fail(ctx, `expected a number, got ${describeValue(value)}`);
    return;
  }
  const [min, max] = [config['min'], config['max']] as (number | undefined)[];
  if (min !== undefined && n.data < min) fail(ctx, `value ${n.data} is too small: at least ${min}`);
  if (max !== undefined && n.data > max) fail(ctx, `value ${n.data} is too large: at most ${max}`);
};

const select: Check = (ctx, value, config) => {
  const options = config['options'] as string[];
  each(ctx, config, value, (item, at) => {
    if (typeof item === 'string' && (config['custom_value'] === true || options.includes(item))) return;
    const hint = typeof item === 'string' ? didYouMean(item, options) : undefined;
    fail(ctx, `expected one of ${options.join(', ')}, got ${describeValue(item)}`, at, hint);
  });
};

const TARGET_KEYS = ['entity_id', 'device_id', 'area_id', 'floor_id', 'label_id'];
/** `cv.TARGET_SERVICE_FIELDS`; entities outside the selector's entity filters are warned about. */
const target: Check = (ctx, value, config) => {
  if (!isRecord(value)) {
    fail(ctx, `expected a target (a mapping of ${TARGET_KEYS.join(', ')}), got ${describeValue(value)}`);
    return;
  }
  for (const [key, ids] of Object.entries(value)) {
    if (!TARGET_KEYS.includes(key)) {
      issue(ctx, `unknown key '${key}' in target`, [key], { key: true, hint: didYouMean(key, TARGET_KEYS) ?? '' });
      continue;
    }
    if (skip(ids)) continue;
    const list = Array.isArray(ids) ? ids : key === 'entity_id' && typeof ids === 'string' ? ids.split(',') : [ids];
    list.forEach((item, i) => {
      const at = Array.isArray(ids) ? [key, i] : [key];
      if (skip(item)) return;
      if (key !== 'entity_id') {
        text(ctx)(item, at);
        return;
      }
      const id = entityId(ctx, item, at, true);
      if (id !== undefined) filtered(ctx, config['entity'], id, at);
    });
  }
};

const DURATION_KEYS = ['days', 'hours', 'minutes', 'seconds', 'milliseconds'];
const duration: Check = (ctx, value) => {
  if (!isRecord(value) || Object.keys(value).length === 0) {
    fail(ctx, `expected a duration (a mapping of ${DURATION_KEYS.join(', ')}), got ${describeValue(value)}`);
    return;
  }
  for (const [key, n] of Object.entries(value)) {
    if (!DURATION_KEYS.includes(key)) issue(ctx, `unknown key '${key}' in duration`, [key], { key: true });
    else if (!haFloat.safeParse(n).success) fail(ctx, `expected a number, got ${describeValue(n)}`, [key]);
  }
};

const CHECKS: Readonly<Record<string, Check>> = {
  area: texts,
  boolean: (ctx, value) => {
    if (typeof value !== 'boolean')
      warn(
        ctx,
        `expected true or false, got ${describeValue(value)}`,
        [],
        'Home Assistant takes any non-empty value as true',
      );
  },
  color_rgb: (ctx, value) => {
    const byte = (n: unknown) => Number.isInteger(n) && (n as number) >= 0 && (n as number) <= 255;
    if (!Array.isArray(value) || value.length !== 3 || !value.every(byte))
      fail(ctx, `expected [red, green, blue] (0 to 255 each), got ${describeValue(value)}`);
  },
  date: (ctx, value) => {
    const ok = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value));
    if (!ok) fail(ctx, `expected a date like 2024-12-31, got ${describeValue(value)}`);
  },
  device: texts,
  duration,
  entity,
  floor: texts,
  icon: texts,
  label: texts,
  number,
  select,
  state: texts,
  statistic: texts,
  target,
  template: (ctx, value) => {
    if (typeof value === 'object') fail(ctx, `expected a template (text), got ${describeValue(value)}`);
  },
  text: texts,
  theme: texts,
  time: (ctx, value) => {
    if (timeOfDay(value) === undefined) fail(ctx, `expected a time of day like 07:30:00, got ${describeValue(value)}`);
  },
};

/** What is wrong with `value` as the input of `selector`; paths are relative to the value. */
export function checkSelectorValue(selector: Selector, value: unknown): SelectorProblem[] {
  const check = Object.hasOwn(CHECKS, selector.type) ? CHECKS[selector.type] : undefined;
  if (!check || skip(value)) return [];
  const result = z
    .unknown()
    .superRefine((v, ctx) => check(ctx, v, selector.config))
    .safeParse(value);
  if (result.success) return [];
  return result.error.issues.map((i) => {
    const params = (i.code === 'custom' ? i.params : undefined) as Params | undefined;
    return {
      path: i.path.filter((p): p is string | number => typeof p !== 'symbol'),
      key: params?.key === true,
      severity: params?.warning ? 'warning' : 'error',
      message: i.message,
      ...(params?.hint ? { hint: params.hint } : {}),
    };
  });
}

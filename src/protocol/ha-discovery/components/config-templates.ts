/**
 * The templates of a discovery config: compiled once per source (and per config key), attached to the
 * parsed config, and rendered the way Home Assistant renders value and command templates.
 */
import type { z } from 'zod';
import { DATETIME_METHODS } from '../../template/datetime-value.js';
import { timeFunctions, TIME_FUNCTIONS } from '../../template/ha-time.js';
import {
  payloadVariables,
  TemplateEnvironment,
  TemplateError,
  TEMPLATE_REGEX_CACHE_BYTES,
  type CompiledTemplate,
} from '../../template/index.js';
import { pyStr } from '../abbreviations.js';
import type { EntityCommonConfig } from '../common-schema.js';
import { CommandError } from './platform.js';
import { TemplateCache } from './template-cache.js';

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

// Home Assistant's time functions (now(), utcnow(), as_datetime(), …) are there in discovery templates
// too; only a template that calls one gets them added to its variables, so the others pay nothing.
const TIME_OPTIONS = { globals: TIME_FUNCTIONS, methods: DATETIME_METHODS };
// called (`now()`) or used as a filter (`'10:15' | today_at`, `x | as_datetime`)
const USES_TIME = new RegExp(`\\b(${TIME_FUNCTIONS.join('|')})\\s*\\(|\\|\\s*(${TIME_FUNCTIONS.join('|')})\\b`);
const TIME_GLOBALS = timeFunctions(() => Date.now());

// datetime methods (`value.strftime(…)`, `value.isoformat()`) are allowed in every template: a date, time or
// datetime entity's command template gets its value as such an object
const METHOD_OPTIONS = { methods: DATETIME_METHODS };

function compileWithTime(source: string, environment: TemplateEnvironment): CompiledTemplate {
  if (!USES_TIME.test(source)) return environment.compile(source, METHOD_OPTIONS);
  const inner = environment.compile(source, TIME_OPTIONS);
  return { source, render: (vars) => inner.render({ ...TIME_GLOBALS, ...vars }) };
}

/**
 * A template cache that compiles as discovery templates are compiled (time functions, datetime methods), in
 * `environment`: its templates share that environment's caches (regular expressions, %Z formatters), which
 * belong to whoever holds the cache. A new environment of default size unless one is given.
 */
export function createTemplateCache(maxBytes?: number, environment = new TemplateEnvironment()): TemplateCache {
  return new TemplateCache((source) => compileWithTime(source, environment), maxBytes);
}

// The cache of the parse under way: not a cache itself but the caller's, lent. Templates are compiled inside the
// platforms' zod transforms, and zod hands a transform nothing of the caller's (zod 4 calls it with the value and
// the issue list; safeParse's context takes only error, reportInput and jitless), so the cache cannot be passed
// as a parameter without building every platform's schema per cache or compiling outside zod, which would leave a
// schema parsed on its own without its templates. parseWithTemplates() points this at the caller's cache for the
// length of one synchronous parse and restores it after; it keeps nothing between parses.
let lent: TemplateCache | undefined;

/** Runs a (synchronous) config parse with `cache` compiling its templates. */
export function parseWithTemplates<T>(cache: TemplateCache | undefined, parse: () => T): T {
  const before = lent;
  lent = cache;
  try {
    return parse();
  } finally {
    lent = before;
  }
}

/**
 * A discovery template compiled as entity templates are (time functions), through the cache lent by
 * parseWithTemplates (compiled afresh when none is: a schema parsed on its own); throws TemplateError.
 */
export function compileCached(source: string): CompiledTemplate {
  if (lent) return lent.get(source);
  return compileWithTime(source, new TemplateEnvironment({ regexCacheBytes: TEMPLATE_REGEX_CACHE_BYTES }));
}

const NO_PROBLEMS: WithTemplates['templateProblems'] = Object.freeze([]);

/**
 * Returns a zod transform that compiles every template under `keys` (plus the availability and json attributes templates)
 * and attaches them as `templates`. A template the engine cannot compile fails the config, naming the key.
 */
export function attachTemplates<T extends EntityCommonConfig>(keys: readonly string[]) {
  return (config: T, ctx: z.RefinementCtx): T & WithTemplates => {
    const templates: Record<string, CompiledTemplate> = {};
    const templateProblems: { key: string; message: string }[] = [];
    const raw = config as Record<string, unknown>;
    const sources: [string, unknown, PropertyKey[]][] = keys.map((k) => [k, raw[k], [k]]);
    sources.push(['availability_template', config.availability_template, ['availability_template']]);
    // every platform's json attributes (shared.ts): compiled here, as the availability templates are, for all of them
    sources.push(['json_attributes_template', config.json_attributes_template, ['json_attributes_template']]);
    for (const [i, entry] of (config.availability ?? []).entries()) {
      sources.push([`availability[${i}].value_template`, entry.value_template, ['availability', i, 'value_template']]);
    }
    for (const [name, source, path] of sources) {
      if (typeof source !== 'string') continue;
      try {
        const template = compileCached(source);
        templates[name] = template;
        // the cached template's copy of the text (the same text): one string for thousands of configs
        if (path.length === 1) raw[name] = template.source;
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
    const problems = templateProblems.length > 0 ? templateProblems : NO_PROBLEMS;
    return Object.assign(config, { templates, templateProblems: problems });
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
 * HA's MqttValueTemplate.async_render_with_possible_json_value: no template → the payload itself; otherwise
 * render with `value` (and `value_json` when the payload is JSON). A Jinja error (an undefined value used,
 * e.g. `value.split(',')[3]` on a short payload) gives the payload itself, as Template does when it catches
 * jinja2.TemplateError; a Python error (TypeError, ValueError…) gives undefined: HA drops the message. So
 * does a construct this interpreter does not support (HA would render it; the raw payload would be a guess).
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
  } catch (err) {
    const jinja = err instanceof TemplateError && err.jinja && !err.message.startsWith('unsupported ');
    return jinja ? payload : undefined;
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

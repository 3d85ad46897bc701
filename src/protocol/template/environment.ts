// A template environment: it compiles templates, and its templates keep what their renders cache in it (caches.ts:
// compiled regular expressions, the formatters behind %Z), so the caches belong to whoever holds the environment.
import { TemplateCaches } from './caches.js';
import { TemplateError, errorAt } from './errors.js';
import { render } from './evaluate.js';
import { parseTemplate } from './parser.js';
import { hostNames, type CompileOptions } from './host.js';

/** Longest template source accepted by compileTemplate. */
export const MAX_TEMPLATE_LENGTH = 64 * 1024;

export interface CompiledTemplate {
  readonly source: string;
  /** Render with the given variables; throws TemplateError on runtime errors. */
  render(vars: Readonly<Record<string, unknown>>): string;
}

export interface EnvironmentOptions {
  /** the most its compiled regular expressions may hold together (see caches.ts); 256 KiB by default */
  readonly regexCacheBytes?: number;
}

export class TemplateEnvironment {
  /** what this environment's templates keep between renders */
  readonly caches: TemplateCaches;

  constructor(options: EnvironmentOptions = {}) {
    this.caches = new TemplateCaches(options.regexCacheBytes);
  }

  /**
   * Parse and validate a template; unsupported filters, tests, functions and tags are rejected here.
   * `options` declares the extra functions and methods a host provides (see host.ts); without it only
   * the built-in subset is accepted.
   */
  compile(source: string, options?: CompileOptions): CompiledTemplate {
    if (typeof source !== 'string') throw new TemplateError('template source must be a string');
    if (source.length > MAX_TEMPLATE_LENGTH) {
      const limit = `the maximum is ${MAX_TEMPLATE_LENGTH}`;
      throw new TemplateError(`template is too long: ${source.length} characters, ${limit}`);
    }
    let body: ReturnType<typeof parseTemplate>;
    try {
      body = parseTemplate(source, hostNames(options));
    } catch (err) {
      if (err instanceof TemplateError) throw err;
      throw errorAt(source, 0, `template could not be parsed: ${String(err)}`, err);
    }
    const caches = this.caches;
    return Object.freeze({
      source,
      render: (vars: Readonly<Record<string, unknown>>): string => render(source, body, vars, caches).trim(),
    });
  }
}

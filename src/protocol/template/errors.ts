/** Raised for every template problem: syntax, unsupported construct, runtime failure, limits. */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  /** 1-based line of the offending construct, when known. */
  readonly line: number | undefined;
  /** 1-based column of the offending construct, when known. */
  readonly column: number | undefined;
  /**
   * Whether Jinja itself would raise this (a syntax error, an undefined value, the sandbox…) rather than
   * Python (TypeError, ValueError…). Home Assistant's MQTT value templates keep the payload as the value
   * on the first kind and drop the message on the second.
   */
  readonly jinja: boolean;

  constructor(message: string, options: { line?: number; column?: number; cause?: unknown; jinja?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.line = options.line;
    this.column = options.column;
    this.jinja = options.jinja ?? true;
  }
}

/**
 * A Python-level runtime failure (TypeError, ValueError, UndefinedError...) raised by value
 * operations that do not know where they are; the evaluator turns it into a located TemplateError.
 */
export class PyError extends Error {
  override readonly name: string = 'PyError';
}

/** One of Jinja's own runtime errors: UndefinedError, TemplateRuntimeError, SecurityError. */
export class PyJinjaError extends PyError {
  override readonly name: string = 'PyJinjaError';
}

export function lineColumn(source: string, pos: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < pos && i < source.length; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: pos - lineStart + 1 };
}

/**
 * A TemplateError whose message ends with "at column C" (single-line) or "at line L, column C". Without a
 * cause it is Jinja's (a syntax error) unless `jinja` says otherwise; with one, Jinja's when the cause is.
 */
export function errorAt(source: string, pos: number, message: string, cause?: unknown, jinja?: boolean): TemplateError {
  const { line, column } = lineColumn(source, pos);
  const where = source.includes('\n') ? `line ${line}, column ${column}` : `column ${column}`;
  const fromJinja =
    jinja ?? (cause === undefined || cause instanceof PyJinjaError || (cause instanceof TemplateError && cause.jinja));
  return new TemplateError(`${message} at ${where}`, { line, column, cause, jinja: fromJinja });
}

/** Python ValueError/TypeError inside a "forgiving" HA function: the `default` argument applies. */
export class PyValueError extends PyError {}

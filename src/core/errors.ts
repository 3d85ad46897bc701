/** Base of every error the domain raises on purpose; `code` is stable and maps to HTTP/MCP errors. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The caller asked for something that does not exist (HTTP 404). */
export class NotFoundError extends AppError {
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}

/** The caller's input is wrong; the message says what and where (HTTP 400). */
export class ValidationError extends AppError {
  constructor(
    message: string,
    readonly details?: readonly string[],
  ) {
    super('VALIDATION', message);
  }
}

/** The caller is not allowed (HTTP 401/403). */
export class AuthError extends AppError {
  constructor(
    message: string,
    readonly status: 401 | 403 = 401,
  ) {
    super('UNAUTHORIZED', message);
  }
}

/** Something the request depends on is down, e.g. MQTT is disconnected (HTTP 503). */
export class UnavailableError extends AppError {
  constructor(message: string) {
    super('UNAVAILABLE', message);
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

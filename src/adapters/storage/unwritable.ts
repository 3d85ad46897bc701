// Which SQLite errors mean "the database cannot be written for now": the disk is full (SQLITE_FULL), the file or
// its folder became read-only (SQLITE_READONLY…), the disk fails (SQLITE_IOERR…) or the file cannot be opened
// (SQLITE_CANTOPEN…). A write refused for one of these is kept in memory and tried again with a capped backoff
// (history-backlog.ts in the history writer, write-guard.ts for everything else); any other error is a fault of
// the write itself and is reported as before. Loaded by the history writer's thread too: no imports.

/** the first retry comes this soon after a refused write, then twice as late each time, up to RETRY_MAX_MS */
export const RETRY_MIN_MS = 100;
export const RETRY_MAX_MS = 2_000;

const CODES = ['SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_IOERR', 'SQLITE_CANTOPEN'];

/** What the database said when it refused a write for a reason that may pass (a full disk, …). */
export interface Outage {
  readonly code: string;
  readonly message: string;
}

/** The SQLite code of `err` when it says the database cannot be written for now, else undefined. */
export function unwritableCode(err: unknown): string | undefined {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  if (typeof code !== 'string') return undefined;
  return CODES.some((c) => code === c || code.startsWith(`${c}_`)) ? code : undefined;
}

/** `err` as an Outage when it is one */
export function outageOf(err: unknown): Outage | undefined {
  const code = unwritableCode(err);
  return code === undefined ? undefined : { code, message: err instanceof Error ? err.message : String(err) };
}

/** an Error carrying an outage's code again (an outage reported by the history writer's thread) */
export function outageError(outage: Outage): Error {
  return Object.assign(new Error(outage.message), { code: outage.code });
}

export const nextDelay = (ms: number): number => Math.min(RETRY_MAX_MS, Math.max(RETRY_MIN_MS, ms * 2));

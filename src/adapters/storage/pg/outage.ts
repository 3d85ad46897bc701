// Which PostgreSQL errors mean "the database cannot be written for now", as unwritable.ts says for SQLite: the
// server cannot be reached or went away (a connection error, SQLSTATE class 08, an admin or crash shutdown
// 57P01-57P03), it is out of disk or memory (class 53), it is read-only (25006: a standby or
// default_transaction_read_only) or a transaction lost a race it can simply run again (40001, 40P01). A write
// refused for one of these is held and tried again; any other error is a fault of the write itself.
import type { Outage } from '../unwritable.js';

const NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);
const STATES = new Set(['57P01', '57P02', '57P03', '25006', '40001', '40P01']);
const MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /Client has encountered a connection error/,
  /^Cannot use a pool after calling end/,
];

/** `err` as an Outage when PostgreSQL (or the way to it) refused for a reason that may pass */
export function pgOutageOf(err: unknown): Outage | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : String(err);
  if (typeof code === 'string') {
    if (NODE_CODES.has(code) || STATES.has(code) || code.startsWith('08') || code.startsWith('53'))
      return { code, message };
    // pg's own codes are SQLSTATEs (five characters); anything else with a code is not an outage
    if (code.length === 5) return undefined;
  }
  if (MESSAGES.some((m) => m.test(message))) return { code: 'CONNECTION', message };
  return undefined;
}

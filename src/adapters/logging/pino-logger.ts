// Owns pino: structured JSON logs to stdout, at the configured level.
import { pino, type Logger as Pino, type DestinationStream } from 'pino';
import type { Logger } from '../../core/logger.js';
import { redactDeep } from './redact.js';

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const base = pino(
    {
      level,
      base: { name: 'switchyard' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // every level deep, and passwords inside URLs (redact.ts); the message text too
      formatters: { log: (object) => redactDeep(object) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? (redactDeep(a) as string) : a)) as typeof args);
        },
      },
    },
    destination,
  );
  return wrap(base);
}

function wrap(p: Pino): Logger {
  return {
    trace: (msg, fields) => p.trace(fields ?? {}, msg),
    debug: (msg, fields) => p.debug(fields ?? {}, msg),
    info: (msg, fields) => p.info(fields ?? {}, msg),
    warn: (msg, fields) => p.warn(fields ?? {}, msg),
    error: (msg, fields) => p.error(fields ?? {}, msg),
    child: (bindings) => wrap(p.child(bindings)),
  };
}

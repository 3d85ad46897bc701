// Owns pino: structured JSON logs to stdout, at the configured level.
import { pino, type Logger as Pino, type DestinationStream } from 'pino';
import type { Logger } from '../../core/logger.js';

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const base = pino(
    {
      level,
      base: { name: 'switchyard' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: ['password', 'token', 'api_token', 'mqtt_password', 'broker_password'],
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

// Owns pino (and pino-pretty): structured logs to stdout, at the configured level. JSON lines by default; readable
// lines, as pino-pretty prints them, when stdout is a terminal or the format says so. Redaction (redact.ts) runs
// before a line is serialised, so the readable lines are redacted as the JSON ones are.
import { createRequire } from 'node:module';
import { pino, type Logger as Pino, type DestinationStream } from 'pino';
import type { PrettyOptions } from 'pino-pretty';
import type { Logger } from '../../core/logger.js';
import { redactDeep } from './redact.js';

/** `auto`: readable lines when stdout is a terminal, JSON lines otherwise (the add-on's log, files, pipes). */
export type LogFormat = 'auto' | 'json' | 'pretty';

export interface LoggerOptions {
  /** default `auto` */
  format?: LogFormat | undefined;
  /** whether stdout is a terminal (default: process.stdout.isTTY); decides `auto`, and colours */
  isTTY?: boolean | undefined;
}

/** Whether the lines are printed readable: `pretty`, or `auto` on a terminal with no other destination given. */
export function prettyWanted(format: LogFormat, destinationGiven: boolean, isTTY: boolean): boolean {
  return format === 'pretty' || (format === 'auto' && !destinationGiven && isTTY);
}

type PrettyFactory = (options: PrettyOptions) => DestinationStream;

/** pino-pretty turns each JSON line into a readable one; loaded only when wanted (not on the way to healthy). */
function prettyStream(destination: DestinationStream | undefined, colorize: boolean): DestinationStream {
  const pretty = createRequire(import.meta.url)('pino-pretty') as PrettyFactory;
  return pretty({
    // synchronous: a line printed just before process.exit() is not lost
    sync: true,
    singleLine: true,
    colorize,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,name,part',
    messageFormat: '{if part}[{part}] {end}{msg}',
    ...(destination ? { destination } : {}),
  });
}

export function createLogger(level: string, destination?: DestinationStream, options: LoggerOptions = {}): Logger {
  const isTTY = options.isTTY ?? process.stdout.isTTY === true;
  const pretty = prettyWanted(options.format ?? 'auto', destination !== undefined, isTTY);
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
    pretty ? prettyStream(destination, destination === undefined && isTTY) : destination,
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

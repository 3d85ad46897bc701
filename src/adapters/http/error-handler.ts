import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, AuthError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';

const STATUS_BY_CODE: Record<string, number> = {
  NOT_FOUND: 404,
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  CONFLICT: 409,
  UNAVAILABLE: 503,
};

/** The one error handler: client errors get 4xx and their message, everything else 500 without internals. */
export function installErrorHandler(app: FastifyInstance, log: Logger): void {
  app.setErrorHandler((err: FastifyError | AppError | Error, request, reply) => {
    if (err instanceof AppError) {
      const status = err instanceof AuthError ? err.status : (STATUS_BY_CODE[err.code] ?? 400);
      const body: Record<string, unknown> = { error: err.code.toLowerCase(), message: err.message };
      if ('details' in err && err.details) body.details = err.details;
      return reply.status(status).send(body);
    }
    const status = (err as FastifyError).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return reply.status(status).send({ error: 'bad_request', message: err.message });
    }
    log.error('request failed', { method: request.method, url: request.url, err: err.stack });
    return reply.status(500).send({ error: 'internal', message: 'Internal Server Error' });
  });
  app.setNotFoundHandler((request, reply) => {
    reply
      .status(404)
      .send({ error: 'not_found', message: `no route for ${request.method} ${request.url.split('?')[0]}` });
  });
}

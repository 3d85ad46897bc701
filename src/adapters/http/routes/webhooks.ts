// Webhooks: `GET|HEAD|POST|PUT /api/webhook/:webhook_id`, Home Assistant's webhook URL, fires the webhook triggers
// armed with that id (use case `usecases/webhooks.ts`). Answered as Home Assistant answers: 200 with an empty body
// whatever happened (unknown id, caller outside the local network, a body that does not parse), 405 for a method
// the webhook does not allow. Unauthenticated on purpose (`config.unauthenticated`, see `auth.ts`): the id is the
// secret, as in Home Assistant, and `local_only` (the default) keeps callers outside the local network out.
// `GET /api/webhooks` (behind the usual token) lists the registered ids and what was received.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { UseCaseDeps } from '../../../usecases/deps.js';
import { handleWebhook, listWebhooks, ListWebhooksOutput } from '../../../usecases/webhooks.js';
import { routeDoc } from '../route-doc.js';
import { parseInput } from '../validate.js';

/** The largest body a webhook takes (Home Assistant's aiohttp allows 16 MiB; a home needs far less): 413 above. */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

const Params = z.object({ webhook_id: z.string().min(1).max(255) });

/** First value per name: query parameters as aiohttp's `request.query` gives them to templates. */
function firstValues(pairs: Iterable<[string, string]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of pairs) if (!Object.hasOwn(out, key)) out[key] = value;
  return out;
}

/** The headers with the caller's spelling of their names (`trigger.headers['X-Signature']`). */
function headersOf(request: FastifyRequest): Record<string, string> {
  const raw = request.raw.rawHeaders;
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i] ?? '', raw[i + 1] ?? '']);
  return firstValues(pairs);
}

export function registerWebhookRoutes(app: FastifyInstance, deps: UseCaseDeps): void {
  void app.register(async (scope) => {
    // any content type, kept as text: the use case reads it as Home Assistant does (json, form data or nothing)
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: WEBHOOK_BODY_LIMIT }, (_request, body, done) =>
      done(null, body),
    );
    scope.route({
      method: ['GET', 'HEAD', 'POST', 'PUT'],
      url: '/api/webhook/:webhook_id',
      exposeHeadRoute: false,
      bodyLimit: WEBHOOK_BODY_LIMIT,
      config: {
        unauthenticated: true,
        openapi: {
          summary: 'Fire the webhook triggers armed with this id (no token: the id is the secret)',
          params: Params,
          description:
            'Always 200 with an empty body (an unknown id or a caller outside the local network too), 405 for a ' +
            'method the webhook does not allow. JSON bodies become trigger.json, form bodies trigger.data.',
        },
      },
      handler: async (request, reply) => {
        const { webhook_id } = parseInput(Params, request.params, 'path');
        const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
        const answer = handleWebhook(deps, {
          webhook_id,
          method: request.method,
          remote: request.socket.remoteAddress,
          content_type: request.headers['content-type'] ?? '',
          body: typeof request.body === 'string' ? request.body : '',
          query: firstValues(new URLSearchParams(query)),
          headers: headersOf(request),
        });
        return reply.code(answer.status).send();
      },
    });
  });

  app.get(
    '/api/webhooks',
    routeDoc({ summary: 'Registered webhook ids and what the webhook URL received', response: ListWebhooksOutput }),
    async () => listWebhooks(deps),
  );
}

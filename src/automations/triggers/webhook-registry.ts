/**
 * Webhooks, as Home Assistant's `components/webhook/__init__.py` `async_handle_webhook` answers them (the id is the
 * secret: no authentication). Every answer is 200 with an empty body, so a caller cannot learn whether an id
 * exists, except:
 * - a method the webhook does not allow: 405 (HEAD: 200, "websites verify that the URL exists");
 * - an unknown id: 200, logged (with where it came from) and counted;
 * - `local_only` and a caller outside the local network (`local-network.ts`): 200, a warning, nothing runs;
 * - a handler that fails (a JSON body that does not parse): 200, logged.
 * The body (`webhook/trigger.py`): `json` when the content type contains "json" (an empty body is `{}`), else `data`,
 * the form fields (urlencoded, or no content type; aiohttp's `post()` gives nothing for other types, and multipart
 * bodies are not read here); `query` and `headers`, first value per name (header names as the caller spelled
 * them; Home Assistant's are case-insensitive). One registration per id: the first trigger
 * armed with an id decides its `allowed_methods` and `local_only`, later ones join it (Home Assistant's
 * `WEBHOOK_TRIGGERS` list), and it goes when the last one does.
 */
import type { Logger } from '../../core/logger.js';
import { isLocalAddress } from './local-network.js';

export const SUPPORTED_METHODS = ['GET', 'HEAD', 'POST', 'PUT'] as const;
export const DEFAULT_METHODS = ['POST', 'PUT'] as const;

export interface WebhookRequest {
  /** upper case */
  readonly method: string;
  /** the caller's address (the socket's) */
  readonly remote: string | undefined;
  /** '' when the request has none */
  readonly contentType: string;
  readonly body: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
}

/** What a webhook trigger gets: the body read as Home Assistant reads it. */
export interface WebhookPayload {
  readonly json?: unknown;
  readonly data?: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
}

export type WebhookOutcome = 'handled' | 'unknown' | 'head' | 'method_not_allowed' | 'not_local' | 'error';

export interface WebhookAnswer {
  readonly status: 200 | 405;
  readonly outcome: WebhookOutcome;
}

export interface WebhookOptions {
  readonly allowed_methods: readonly string[];
  readonly local_only: boolean;
}

export interface WebhookInfo {
  readonly webhook_id: string;
  readonly allowed_methods: string[];
  readonly local_only: boolean;
  readonly triggers: number;
}

export interface WebhookStats {
  readonly received: number;
  readonly counts: Readonly<Record<WebhookOutcome, number>>;
  /** ids asked for that nobody registered, with how often (the most recent 50 ids) */
  readonly unknown_ids: Readonly<Record<string, number>>;
}

export interface WebhookRegistry {
  /** adds a handler for `id`; the returned function removes it */
  register(id: string, options: WebhookOptions, handler: (payload: WebhookPayload) => void): () => void;
  handle(id: string, request: WebhookRequest): WebhookAnswer;
  list(): WebhookInfo[];
  stats(): WebhookStats;
}

const UNKNOWN_IDS_KEPT = 50;

function firstValues(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of params) if (!Object.hasOwn(out, key)) out[key] = value;
  return out;
}

/** `webhook/trigger.py` `_handle_webhook`: json or form data (throws when the JSON does not parse). */
export function readPayload(request: WebhookRequest): WebhookPayload {
  const { query, headers } = request;
  const type = request.contentType.toLowerCase();
  if (type.includes('json')) return { json: request.body ? JSON.parse(request.body) : {}, query, headers };
  const mime = type.split(';')[0]?.trim() ?? '';
  const form = mime === '' || mime === 'application/x-www-form-urlencoded';
  return { data: form ? firstValues(new URLSearchParams(request.body)) : {}, query, headers };
}

export function createWebhookRegistry(log: Logger): WebhookRegistry {
  const hooks = new Map<string, { options: WebhookOptions; handlers: Set<(p: WebhookPayload) => void> }>();
  const counts: Record<WebhookOutcome, number> = {
    handled: 0,
    unknown: 0,
    head: 0,
    method_not_allowed: 0,
    not_local: 0,
    error: 0,
  };
  const unknownIds = new Map<string, number>();
  let received = 0;

  const answer = (outcome: WebhookOutcome, status: 200 | 405 = 200): WebhookAnswer => {
    counts[outcome]++;
    return { status, outcome };
  };

  return {
    register(id, options, handler) {
      let hook = hooks.get(id);
      if (!hook) {
        hook = { options, handlers: new Set() };
        hooks.set(id, hook);
      }
      const current = hook;
      current.handlers.add(handler);
      return () => {
        current.handlers.delete(handler);
        if (current.handlers.size === 0 && hooks.get(id) === current) hooks.delete(id);
      };
    },
    handle(id, request) {
      received++;
      const hook = hooks.get(id);
      if (!hook) {
        unknownIds.delete(id);
        unknownIds.set(id, (unknownIds.get(id) ?? 0) + 1);
        if (unknownIds.size > UNKNOWN_IDS_KEPT) unknownIds.delete(unknownIds.keys().next().value ?? '');
        log.warn('received a message for an unregistered webhook', {
          webhook_id: id,
          from: request.remote,
          body: request.body.slice(0, 64),
        });
        return answer('unknown');
      }
      if (!hook.options.allowed_methods.includes(request.method)) {
        if (request.method === 'HEAD') return answer('head');
        log.warn('webhook called with a method it does not allow', {
          webhook_id: id,
          allowed_methods: hook.options.allowed_methods.join(','),
          method: request.method,
          from: request.remote,
        });
        return answer('method_not_allowed', 405);
      }
      if (hook.options.local_only && !isLocalAddress(request.remote)) {
        log.warn('received a remote request for a local webhook', { webhook_id: id, from: request.remote });
        return answer('not_local');
      }
      let payload: WebhookPayload;
      try {
        payload = readPayload(request);
      } catch (err) {
        log.error('error processing webhook', {
          webhook_id: id,
          err: err instanceof Error ? err.message : String(err),
        });
        return answer('error');
      }
      for (const handler of [...hook.handlers]) {
        try {
          handler(payload);
        } catch (err) {
          log.error('error processing webhook', {
            webhook_id: id,
            err: err instanceof Error ? err.message : String(err),
          });
        }
      }
      return answer('handled');
    },
    list: () =>
      [...hooks].map(([webhook_id, hook]) => ({
        webhook_id,
        allowed_methods: [...hook.options.allowed_methods].sort(),
        local_only: hook.options.local_only,
        triggers: hook.handlers.size,
      })),
    stats: () => ({ received, counts: { ...counts }, unknown_ids: Object.fromEntries(unknownIds) }),
  };
}

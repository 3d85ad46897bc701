import type { FastifyInstance, FastifyRequest } from 'fastify';
import { timingSafeEqual, createHash } from 'node:crypto';
import { AuthError } from '../../core/errors.js';

/** Home Assistant's ingress proxy (the Supervisor) connects from this address. */
export const INGRESS_ADDRESS = '172.30.32.2';
const OPEN_PATHS = new Set(['/api/health']);

export interface AuthOptions {
  apiToken: string | undefined;
  /** addresses allowed without a token when none is configured; loopback is always allowed then */
  trustedAddresses?: readonly string[];
  /** the ingress proxy's addresses, always served without a token (default 172.30.32.2) */
  ingressAddresses?: readonly string[];
}

/**
 * Applies to every path (the panel at /, the REST API under /api and the MCP endpoint /mcp alike) except the
 * open ones (/api/health) and routes that declare `config.unauthenticated` (webhooks).
 * - Home Assistant's ingress proxy (172.30.32.2, judged by the socket's address, never by X-Forwarded-For) is
 *   always served: Home Assistant has already signed the user in.
 * - With a token: `Authorization: Bearer <token>` is required from everyone else (401 otherwise).
 * - Without one: only loopback clients (and `trustedAddresses`) are served besides ingress (403 otherwise).
 */
export function installAuth(app: FastifyInstance, opts: AuthOptions): void {
  const expected = opts.apiToken === undefined ? undefined : digest(opts.apiToken);
  const ingress = new Set(opts.ingressAddresses ?? [INGRESS_ADDRESS]);
  const trusted = new Set(opts.trustedAddresses ?? []);

  app.addHook('onRequest', async (request: FastifyRequest) => {
    const path = request.url.split('?')[0] ?? '';
    if (OPEN_PATHS.has(path)) return;
    // a route that declares `config.unauthenticated` (only /api/webhook/:webhook_id) is served to everyone: Home
    // Assistant's webhooks need no login by design (the id is the secret) and callers cannot send our token; the
    // webhook's own `local_only` decides who may call it. Judged by the route matched, never by the path's text.
    if ((request.routeOptions.config as { unauthenticated?: unknown } | undefined)?.unauthenticated === true) return;
    const ip = normalizeAddress(request.socket.remoteAddress);
    if (ingress.has(ip)) return;
    if (expected === undefined) {
      if (!isLoopback(ip) && !trusted.has(ip)) {
        throw new AuthError(
          'no api_token is configured, so only local clients are served; set api_token to allow others',
          403,
        );
      }
      return;
    }
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1] || !timingSafeEqual(digest(match[1]), expected)) {
      throw new AuthError('missing or wrong bearer token (Authorization: Bearer <api_token>)', 401);
    }
  });
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** `::ffff:172.30.32.2` (IPv4-mapped, from a dual-stack socket) → `172.30.32.2`. */
export function normalizeAddress(ip: string | undefined): string {
  if (!ip) return '';
  return ip.toLowerCase().startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}

export function isLoopback(ip: string | undefined): boolean {
  if (!ip) return false;
  return ip === '::1' || ip.startsWith('127.') || ip.startsWith('::ffff:127.');
}

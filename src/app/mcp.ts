// Wiring of the MCP endpoint (part of the composition root): the tools run on the same use-case deps as the
// REST routes (app/usecases.ts).
import type { IncomingMessage } from 'node:http';
import { INGRESS_ADDRESS, normalizeAddress } from '../adapters/http/auth.js';
import type { McpHttpHandler, McpHttpOptions } from '../adapters/mcp/http-handler.js';
import type { Settings } from '../config/settings.js';
import type { UseCaseDeps } from '../usecases/deps.js';

export interface McpWiring {
  deps: UseCaseDeps;
  settings: Settings;
  version: string;
  /** SUPERVISOR_TOKEN is set: Home Assistant's ingress proxy is trusted (as the HTTP auth hook trusts it) */
  underSupervisor?: boolean;
}

/** The Streamable HTTP handler for /mcp (loads the MCP SDK on its first request). */
export function createMcpHandler(w: McpWiring): McpHttpHandler {
  // with a token every request is authenticated, so any Host may be used; without one only loopback names
  // are accepted, which keeps DNS-rebinding pages away from the local, unauthenticated endpoint. Through Home
  // Assistant's ingress (issue 21) the Host is the proxy's: the user is signed in there, so it is not checked.
  const viaTrustedProxy = (req: IncomingMessage) =>
    w.underSupervisor === true && normalizeAddress(req.socket.remoteAddress) === INGRESS_ADDRESS;
  return lazyMcpHandler(w.deps, {
    allowedHosts: w.settings.api_token ? ['*'] : [],
    version: w.version,
    viaTrustedProxy,
  });
}

/**
 * The /mcp handler, built on its first request: the MCP SDK, its HTTP adapter and the tool server cost
 * about a tenth of a second to load, which start-up (spawn → healthy) need not pay for an endpoint that
 * may never be called. Every tool is still registered when the server is built, so tools/list is complete.
 */
function lazyMcpHandler(deps: UseCaseDeps, options: McpHttpOptions): McpHttpHandler {
  let loading: Promise<McpHttpHandler> | undefined;
  const load = () =>
    import('../adapters/mcp/http-handler.js').then(
      (m) => m.createMcpHttpHandler(deps, options),
      (err: unknown) => {
        loading = undefined; // let the next request try again
        throw err;
      },
    );
  return async (req, res, body) => {
    loading ??= load();
    const handler = await loading;
    await handler(req, res, body);
  };
}

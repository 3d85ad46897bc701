// Streamable HTTP for the MCP server, stateless per request (both the 2025 and 2026-07-28 protocol
// eras), as one Node (req, res, body) function the http adapter can mount without importing the SDK.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostHeaderValidation, originValidation, toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler } from '@modelcontextprotocol/server';
import type { UseCaseDeps } from '../../usecases/deps.js';
import { createMcpServer } from './mcp-server.js';

export type McpHttpHandler = (req: IncomingMessage, res: ServerResponse, body: unknown) => Promise<void>;

export interface McpHttpOptions {
  /**
   * Host names (without port) clients may use besides loopback (localhost, 127.0.0.1, [::1]), e.g. the
   * add-on's LAN name or IP. `'*'` turns the Host check off (only sensible with an api_token).
   */
  allowedHosts?: readonly string[];
  /** Browser origins (host names, or `scheme://*`) allowed besides loopback; requests without Origin always pass. */
  allowedOrigins?: readonly string[];
  /** largest request body read from the socket when no parsed body is given (default 4 MiB) */
  maxRequestBodySize?: number;
  onerror?: (error: Error) => void;
  /** the server version reported to clients */
  version?: string;
  /**
   * requests that come through a proxy which has already signed the user in (Home Assistant's ingress): the Host
   * and Origin they carry are the proxy's and the browser's, not a rebinding page's, so they are not checked
   */
  viaTrustedProxy?: (req: IncomingMessage) => boolean;
}

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

/** Serves one MCP request per call; Host and Origin are checked first (DNS-rebinding protection, 403 otherwise). */
export function createMcpHttpHandler(deps: UseCaseDeps, options: McpHttpOptions = {}): McpHttpHandler {
  const maxRequestBodySize = options.maxRequestBodySize ?? 4 * 1024 * 1024;
  const handler = createMcpHandler(() => createMcpServer(deps, { version: options.version }), {
    maxRequestBodySize,
    ...(options.onerror ? { onerror: options.onerror } : {}),
  });
  const node = toNodeHandler(handler, { maxRequestBodySize, ...(options.onerror ? { onerror: options.onerror } : {}) });
  const hosts = options.allowedHosts ?? [];
  const checkHost = hosts.includes('*')
    ? () => true
    : hostHeaderValidation([...LOOPBACK, ...hosts.map((h) => h.toLowerCase())]);
  const checkOrigin = originValidation([...LOOPBACK, ...(options.allowedOrigins ?? [])]);
  const proxied = options.viaTrustedProxy ?? (() => false);
  return async (req, res, body) => {
    if (!proxied(req) && (!checkHost(req, res) || !checkOrigin(req, res))) return;
    await node(req, res, body ?? undefined);
  };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { routeDoc } from '../route-doc.js';

/** Serves one MCP request on the raw Node objects (the MCP adapter's Streamable HTTP handler). */
export type McpRequestHandler = (req: IncomingMessage, res: ServerResponse, body: unknown) => Promise<void>;

/**
 * A tools/call may carry an MQTT payload of up to 1 MiB as a JSON string (escaping can double it),
 * so /mcp accepts larger bodies than the REST API.
 */
export const MCP_BODY_LIMIT = 4 * 1024 * 1024;

/**
 * Mounts the MCP endpoint at /mcp (POST for requests; GET and DELETE answered by the handler, 405 when
 * stateless). Auth runs before, in the instance's onRequest hook; the handler writes the response itself.
 */
export function registerMcpRoute(app: FastifyInstance, handler: McpRequestHandler): void {
  const serve = async (request: FastifyRequest, reply: FastifyReply) => {
    reply.hijack();
    try {
      await handler(request.raw, reply.raw, request.body);
    } catch (err) {
      request.log.error({ err }, 'mcp request failed');
      if (!reply.raw.headersSent) {
        reply.raw.writeHead(500, { 'content-type': 'application/json' });
        reply.raw.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal error' }, id: null }));
      } else if (!reply.raw.writableEnded) {
        reply.raw.end();
      }
    }
  };
  // JSON-RPC over Streamable HTTP: the MCP SDK defines and checks the messages, so no schema is repeated here
  app.route({
    method: 'POST',
    url: '/mcp',
    bodyLimit: MCP_BODY_LIMIT,
    ...routeDoc({
      summary: 'Model Context Protocol endpoint (Streamable HTTP, JSON-RPC)',
      description: 'Use an MCP client: initialize, tools/list, tools/call… The MCP specification defines the messages.',
      tags: ['mcp'],
    }),
    handler: serve,
  });
  app.route({
    method: ['GET', 'DELETE'],
    url: '/mcp',
    ...routeDoc({
      summary:
        'Model Context Protocol endpoint: the server is stateless, so there is no stream to open or session to end (405)',
      tags: ['mcp'],
      status: 405,
    }),
    handler: serve,
  });
}

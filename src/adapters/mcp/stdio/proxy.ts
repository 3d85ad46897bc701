// A stdio MCP server that forwards every request to a running Switchyard's /mcp endpoint, for MCP hosts
// that only launch local processes (Claude Desktop, editors). One SDK client to the HTTP endpoint; a
// low-level SDK server per stdio connection whose handlers forward tools, resources, prompts and completion.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Server, type ServerCapabilities } from '@modelcontextprotocol/server';
import { serveStdio, type StdioServerHandle } from '@modelcontextprotocol/server/stdio';

export const DEFAULT_URL = 'http://127.0.0.1:8099/mcp';

export interface StdioProxyOptions {
  /** the running Switchyard's MCP endpoint */
  url: string;
  /** bearer token (the add-on's api_token), when it has one */
  token?: string;
  version?: string;
  onerror?: (error: Error) => void;
}

/** Connects to the remote endpoint; the capabilities and instructions it reports are mirrored on stdio. */
export async function connectRemote(options: StdioProxyOptions): Promise<Client> {
  const client = new Client({ name: 'switchyard-mcp-stdio', version: options.version ?? '0.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(options.url), {
    ...(options.token ? { requestInit: { headers: { Authorization: `Bearer ${options.token}` } } } : {}),
  });
  await client.connect(transport);
  return client;
}

/** A low-level server whose handlers forward to `remote` (only the capabilities the remote has). */
export function createProxyServer(remote: Client, version = '0.0.0'): Server {
  const caps: ServerCapabilities = remote.getServerCapabilities() ?? {};
  const info = remote.getServerVersion();
  const instructions = remote.getInstructions();
  const capabilities: ServerCapabilities = {
    ...(caps.tools ? { tools: {} } : {}),
    ...(caps.resources ? { resources: {} } : {}),
    ...(caps.prompts ? { prompts: {} } : {}),
    ...(caps.completions ? { completions: {} } : {}),
  };
  const server = new Server(
    {
      name: info?.name ?? 'switchyard',
      ...(info?.title !== undefined ? { title: info.title } : {}),
      version: info?.version ?? version,
    },
    { capabilities, ...(instructions !== undefined ? { instructions } : {}) },
  );
  if (caps.tools) {
    server.setRequestHandler('tools/list', (req) => remote.listTools(req.params));
    server.setRequestHandler('tools/call', (req) => remote.callTool(req.params));
  }
  if (caps.resources) {
    server.setRequestHandler('resources/list', (req) => remote.listResources(req.params));
    server.setRequestHandler('resources/templates/list', (req) => remote.listResourceTemplates(req.params));
    server.setRequestHandler('resources/read', (req) => remote.readResource(req.params));
  }
  if (caps.prompts) {
    server.setRequestHandler('prompts/list', (req) => remote.listPrompts(req.params));
    server.setRequestHandler('prompts/get', (req) => remote.getPrompt(req.params));
  }
  if (caps.completions) {
    server.setRequestHandler('completion/complete', (req) => remote.complete(req.params));
  }
  return server;
}

/** Serves the proxy on this process's stdin/stdout until stdin closes. */
export async function startStdioProxy(
  options: StdioProxyOptions,
): Promise<{ remote: Client; stdio: StdioServerHandle }> {
  const remote = await connectRemote(options);
  const stdio = serveStdio(() => createProxyServer(remote, options.version), {
    ...(options.onerror ? { onerror: options.onerror } : {}),
  });
  return { remote, stdio };
}

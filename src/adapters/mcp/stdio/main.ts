#!/usr/bin/env node
// `switchyard-mcp`: the Switchyard MCP tools on stdio, proxied to a running Switchyard over HTTP.
//   switchyard-mcp [--url http://127.0.0.1:8099/mcp] [--token <api_token>]
// Environment: SWITCHYARD_URL, SWITCHYARD_API_TOKEN. Logs go to stderr; stdout carries only MCP messages.
import { parseArgs } from 'node:util';
import { DEFAULT_URL, startStdioProxy } from './proxy.js';

const { values } = parseArgs({
  options: { url: { type: 'string' }, token: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  strict: true,
});

if (values.help) {
  process.stderr.write(
    'usage: switchyard-mcp [--url <http://host:8099/mcp>] [--token <api_token>]\n(env: SWITCHYARD_URL, SWITCHYARD_API_TOKEN)\n',
  );
  process.exit(0);
}

const url = values.url ?? process.env['SWITCHYARD_URL'] ?? DEFAULT_URL;
const token = values.token ?? process.env['SWITCHYARD_API_TOKEN'];

try {
  const { remote } = await startStdioProxy({
    url,
    ...(token ? { token } : {}),
    onerror: (err) => process.stderr.write(`switchyard-mcp: ${err.message}\n`),
  });
  const shutdown = () => {
    void remote.close().finally(() => process.exit(0));
  };
  process.stdin.on('end', shutdown);
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} catch (err) {
  process.stderr.write(
    `switchyard-mcp: cannot reach Switchyard at ${url}: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
}

// The README's generated tables: the MCP tools (with the resources and prompts) as the SDK's real client lists
// them from the server the app builds, and the REST routes as the app's own fastify instance recorded them
// (its onRoute hook, with each route's summary and zod schemas). `npm run docs` (update-readme.ts) writes them
// between the README's markers; test/docs/readme-tables.test.ts fails when the README is not current.
import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { createMcpServer } from '../src/adapters/mcp/mcp-server.js';
import { type CollectedRoute, openApiPath } from '../src/adapters/http/routes/openapi.js';
import { createApp } from '../src/app.js';
import { parseSettings } from '../src/config/settings.js';
import { silentLogger } from '../src/core/logger.js';

/** The command that rewrites the README's generated sections. */
export const REGENERATE = 'npm run docs';

/** Each generated section, by the name in its markers: `<!-- name:start -->` … `<!-- name:end -->`. */
export type Tables = Record<'mcp-tools' | 'routes', string>;

/** A table cell: one line, with the pipes a table would split on and the `<` of `<name>` escaped. */
const cell = (text: string): string =>
  text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[|<>]/g, (c) => `\\${c}`);

/** The first sentence of a tool description (the rest is guidance for the model, not for the reader). */
export function firstSentence(text: string): string {
  const match = /^(.+?[.!?])(?<!\be\.g\.|\bi\.e\.)(?=\s+[A-Z]|\s*$)/s.exec(text.trim());
  return match?.[1] ?? text.trim();
}

interface ToolRow {
  name: string;
  description?: string | undefined;
  annotations?: { readOnlyHint?: boolean | undefined; destructiveHint?: boolean | undefined } | undefined;
}

const kind = (t: ToolRow): string =>
  t.annotations?.readOnlyHint ? 'reads' : t.annotations?.destructiveHint ? 'changes (destructive)' : 'changes';

export function toolsTable(
  tools: readonly ToolRow[],
  extras: { resources: readonly string[]; templates: readonly string[]; prompts: readonly string[] },
): string {
  const rows = tools.map((t) => `| \`${t.name}\` | ${cell(firstSentence(t.description ?? ''))} | ${kind(t)} |`);
  const list = (items: readonly string[]) => items.map((i) => `\`${i}\``).join(', ');
  return [
    `${tools.length} tools, in the order \`tools/list\` gives them:`,
    '',
    '| tool | what | kind |',
    '|---|---|---|',
    ...rows,
    '',
    `Resources: ${list(extras.resources)}; resource templates: ${list(extras.templates)}; prompts: ${list(extras.prompts)}.`,
  ].join('\n');
}

/** The names of an object schema's fields (its input view), for "query: `a`, `b`". */
function fields(schema: z.ZodType | undefined): string[] {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: object };
  return Object.keys(json.properties ?? {});
}

export function routesTable(routes: readonly CollectedRoute[]): string {
  // one row per path and description: GET, POST and PUT of the webhook URL share theirs
  const rows = new Map<string, { methods: string[]; path: string; what: string }>();
  for (const r of routes) {
    const { path } = openApiPath(r.url);
    const doc = r.doc ?? {};
    const inputs = [
      ...(fields(doc.query).length > 0
        ? [
            `query: ${fields(doc.query)
              .map((f) => `\`${f}\``)
              .join(', ')}`,
          ]
        : []),
      ...(fields(doc.body).length > 0
        ? [
            `body: ${fields(doc.body)
              .map((f) => `\`${f}\``)
              .join(', ')}`,
          ]
        : []),
    ];
    const what = [
      doc.summary ?? '',
      ...(inputs.length > 0 ? [`(${inputs.join('; ')})`] : []),
      ...(doc.description ? [`— ${doc.description}`] : []),
    ].join(' ');
    const key = `${path}\n${what}`;
    const row = rows.get(key) ?? { methods: [], path, what };
    row.methods.push(r.method);
    rows.set(key, row);
  }
  const lines = [...rows.values()].map((r) => `| \`${r.methods.join(', ')} ${r.path}\` | ${cell(r.what)} |`);
  return [`${routes.length} routes:`, '', '| route | what |', '|---|---|', ...lines].join('\n');
}

/**
 * Builds the app (not started: nothing listens, nothing is opened) and reads its routes and MCP tools. The
 * routes are read after fastify's `ready()`, which registers the ones added inside plugins (the webhook URL).
 */
export async function readmeTables(): Promise<Tables> {
  const dir = join(tmpdir(), 'switchyard-readme-tables');
  const settings = parseSettings({ data_dir: dir, automations_dir: join(dir, 'automations') });
  const app = createApp(settings, { version: 'docs', log: silentLogger });
  try {
    await app.http.app.ready();
    const routes = routesTable(app.http.routes);
    const server = createMcpServer(app.mcpDeps);
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'switchyard-readme', version: '1.0.0' });
    await client.connect(clientSide);
    try {
      const { tools } = await client.listTools();
      const { resources } = await client.listResources();
      const { resourceTemplates } = await client.listResourceTemplates();
      const { prompts } = await client.listPrompts();
      const mcp = toolsTable(tools, {
        resources: resources.map((r) => r.uri),
        templates: resourceTemplates.map((t) => t.uriTemplate),
        prompts: prompts.map((p) => p.name),
      });
      return { 'mcp-tools': mcp, routes };
    } finally {
      await client.close();
      await server.close();
    }
  } finally {
    await app.http.app.close();
  }
}

const markers = (name: string) => [`<!-- ${name}:start -->`, `<!-- ${name}:end -->`] as const;

/** The text between a section's markers, or undefined when the README lacks them. */
export function section(readme: string, name: string): string | undefined {
  const [start, end] = markers(name);
  const from = readme.indexOf(start);
  const to = readme.indexOf(end, from);
  if (from < 0 || to < 0) return undefined;
  return readme.slice(from + start.length, to).trim();
}

/** The README with every section's text replaced; throws when a section's markers are missing. */
export function replaceSections(readme: string, tables: Tables): string {
  let out = readme;
  for (const [name, text] of Object.entries(tables)) {
    const [start, end] = markers(name);
    const from = out.indexOf(start);
    const to = out.indexOf(end, from);
    if (from < 0 || to < 0) throw new Error(`README.md has no ${start} … ${end} section`);
    out = `${out.slice(0, from + start.length)}\n${text}\n${out.slice(to)}`;
  }
  return out;
}

// GET /api/docs: one page listing the operations of the OpenAPI document, with what each takes as body and
// answers with (top-level fields only; openapi.json has the full schemas). No scripts, no external resources.
/** a JSON Schema object, as openapi.ts makes them (this page reads only a few of its fields) */
type JsonSchema = Record<string, unknown>;

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

interface DocOperation {
  summary: string;
  parameters?: { name: string; in: string }[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
}

/** The top-level fields of a JSON schema, briefly: `name`, `name?` when optional, `name[]` for lists. */
function fieldList(schema: JsonSchema): string {
  const props = schema['properties'] as Record<string, JsonSchema> | undefined;
  if (schema['type'] !== 'object' || !props) return typeof schema['type'] === 'string' ? schema['type'] : 'JSON';
  const required = new Set((schema['required'] ?? []) as string[]);
  const names = Object.entries(props).map(
    ([name, s]) => `${name}${s['type'] === 'array' ? '[]' : ''}${required.has(name) ? '' : '?'}`,
  );
  return names.length > 0 ? names.join(', ') : '{}';
}

function bodyCell(op: DocOperation): string {
  const schema = op.requestBody?.content['application/json']?.schema;
  if (!schema) return '—';
  return `${op.requestBody?.required ? 'JSON' : 'JSON, optional'}: <small>${escapeHtml(fieldList(schema))}</small>`;
}

function responseCell(op: DocOperation): string {
  // the route's own answer: the one response that is not the shared Error (a 405 for GET /mcp, say)
  const [status, ok] =
    Object.entries(op.responses).find(
      ([, r]) => r.content?.['application/json']?.schema['$ref'] !== '#/components/schemas/Error',
    ) ?? [];
  if (!status || !ok) return '—';
  const [type, media] = Object.entries(ok.content ?? {})[0] ?? [];
  if (!type || !media) return status;
  const what = type === 'application/json' ? fieldList(media.schema) : type;
  return `${status}: <small>${escapeHtml(what)}</small>`;
}

/** The page, built from the OpenAPI document. */
export function docsHtml(document: Record<string, unknown>): string {
  const info = document['info'] as { title: string; version: string; description: string };
  const paths = document['paths'] as Record<string, Record<string, DocOperation>>;
  const rows = Object.entries(paths)
    .flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => {
        const params = (op.parameters ?? [])
          .map((p) => `${escapeHtml(p.name)} <small>(${escapeHtml(p.in)})</small>`)
          .join(', ');
        return `<tr><td class="m ${method}">${method.toUpperCase()}</td><td><code>${escapeHtml(path)}</code></td><td>${escapeHtml(op.summary)}</td><td>${params}</td><td>${bodyCell(op)}</td><td>${responseCell(op)}</td></tr>`;
      }),
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(info.title)} API</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.4rem .6rem;text-align:left;vertical-align:top}
.m{font-weight:bold;font-family:monospace}.get{color:#0a7}.post{color:#06c}.delete{color:#c33}.put,.patch{color:#a60}
</style></head><body>
<h1>${escapeHtml(info.title)} <small>${escapeHtml(info.version)}</small></h1>
<p>${escapeHtml(info.description)}</p>
<p>Machine-readable: <a href="openapi.json">openapi.json</a> (OpenAPI 3.1), with the full request and response schemas. Fields marked ? are optional; [] marks lists.</p>
<table><thead><tr><th>Method</th><th>Path</th><th>Summary</th><th>Parameters</th><th>Body</th><th>Response</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>`;
}

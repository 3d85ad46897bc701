// Keeps ARCHITECTURE.md true: imports point down, each library lives in one adapter, adapters never import
// each other, one composition root, no import circles. The imports are read with the TypeScript parser
// (test/helpers/import-graph.ts): dynamic imports, require() and createRequire() count too.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importCircles, scanImports, type Import } from './helpers/import-graph.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'src');

/** Library → the only src folder allowed to import it. */
const CONFINED: Record<string, string> = {
  mqtt: 'adapters/mqtt/',
  'mqtt-packet': 'adapters/mqtt/',
  aedes: 'adapters/broker/',
  'aedes-persistence': 'adapters/broker/',
  kysely: 'adapters/storage/',
  'better-sqlite3': 'adapters/storage/',
  pg: 'adapters/storage/',
  fastify: 'adapters/http/',
  '@fastify/swagger': 'adapters/http/',
  '@fastify/swagger-ui': 'adapters/http/',
  'fastify-type-provider-zod': 'adapters/http/',
  '@modelcontextprotocol/sdk': 'adapters/mcp/',
  '@modelcontextprotocol/server': 'adapters/mcp/',
  '@modelcontextprotocol/node': 'adapters/mcp/',
  '@modelcontextprotocol/client': 'adapters/mcp/',
  'json-rules-engine': 'adapters/automations/',
  pino: 'adapters/logging/',
  'pino-pretty': 'adapters/logging/',
  yaml: 'adapters/automations/',
  'astronomy-engine': 'adapters/sun/',
  'safe-regex2': 'adapters/discovery/',
  ws: 'adapters/supervisor/',
};

/** Layers whose only library is zod (besides node: built-ins). */
const ZOD_ONLY = ['config', 'protocol', 'automations', 'intents', 'usecases'];

function sourceFiles(): string[] {
  return (readdirSync(SRC, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.split('\\').join('/'));
}

/**
 * Specifiers computed at run time, which the parser cannot follow: where each is allowed and the packages it
 * loads (checked by the same rules as a written import).
 */
const COMPUTED: Record<string, readonly string[]> = {
  // fastify's own JSON-schema compilers, loaded from its folder only when a route declares such a schema
  'adapters/http/http-server.ts': ['@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler'],
};

function importsOf(file: string, source: string): { imports: Import[]; computed: string[] } {
  const scan = scanImports(file, source);
  const allowed = COMPUTED[file];
  if (!allowed) return scan;
  const declared = allowed.map((spec) => ({
    from: file,
    spec,
    target: spec,
    external: true,
    typeOnly: false,
    line: 0,
  }));
  return { imports: [...scan.imports, ...declared], computed: [] };
}

const layerOf = (file: string): string => {
  if (file === 'main.ts' || file === 'app.ts') return file;
  // the composition root, split into one file per feature it wires
  if (file.startsWith('app/')) return 'app.ts';
  const [top, second] = file.split('/');
  return top === 'adapters' ? `adapters/${second}` : (top ?? file);
};

function violations(files: Readonly<Record<string, string>>): string[] {
  const found: string[] = [];
  const all: Import[] = [];
  for (const [file, source] of Object.entries(files)) {
    const layer = layerOf(file);
    const { imports, computed } = importsOf(file, source);
    all.push(...imports);
    found.push(...computed);
    for (const imp of imports) {
      const where = `${file} imports '${imp.spec}'`;
      if (imp.external) {
        if (imp.target.startsWith('node:')) continue;
        const home = CONFINED[imp.target];
        if (home && !file.startsWith(home)) found.push(`${where}: ${imp.target} belongs in src/${home} only`);
        if (layer === 'core') found.push(`${where}: core imports only node: built-ins`);
        if (ZOD_ONLY.includes(layer) && imp.target !== 'zod') found.push(`${where}: ${layer} imports only zod`);
        continue;
      }
      if (imp.target.startsWith('..')) {
        found.push(`${where}: reaches outside src/`);
        continue;
      }
      const target = layerOf(imp.target);
      const allowed: Record<string, (t: string) => boolean> = {
        core: (t) => t === 'core',
        config: (t) => t === 'config',
        protocol: (t) => t === 'protocol' || t === 'core',
        automations: (t) => ['automations', 'protocol', 'core'].includes(t),
        intents: (t) => ['intents', 'protocol', 'core'].includes(t),
        usecases: (t) => ['usecases', 'automations', 'intents', 'protocol', 'config', 'core'].includes(t),
        util: (t) => t === 'util',
        'main.ts': (t) => t === 'app.ts' || t === 'config',
        'app.ts': (t) => t !== 'main.ts',
      };
      const ok = layer.startsWith('adapters/')
        ? target === layer ||
          ['core', 'config', 'protocol', 'automations', 'intents', 'usecases', 'util'].includes(target)
        : (allowed[layer]?.(target) ?? false);
      if (!ok) found.push(`${where}: layer '${layer}' may not import '${target}'`);
    }
  }
  for (const circle of importCircles(all)) found.push(`import circle: ${circle.join(' → ')}`);
  return found;
}

describe('architecture', () => {
  it('every import follows the layer rules of ARCHITECTURE.md', () => {
    const files = Object.fromEntries(sourceFiles().map((f) => [f, readFileSync(join(SRC, f), 'utf8')]));
    expect(Object.keys(files).length).toBeGreaterThan(10);
    expect(violations(files)).toEqual([]);
  });

  it('has no module-level mutable exports or ambient globals', () => {
    const found = sourceFiles().flatMap((file) => {
      const text = readFileSync(join(SRC, file), 'utf8');
      const bad: string[] = [];
      if (/^export\s+let\b/m.test(text)) bad.push(`${file}: exported let`);
      if (/declare\s+global\b/.test(text)) bad.push(`${file}: declare global`);
      return bad;
    });
    expect(found).toEqual([]);
  });

  it('catches each kind of broken rule (the checker itself can fail)', () => {
    const found = violations({
      'adapters/http/routes/x.ts': "import { thing } from '../../mqtt/mqtt-connection.js';",
      'core/y.ts': "import { z } from 'zod';\nimport type { App } from '../app.js';",
      'protocol/p.ts': "import mqtt from 'mqtt';",
      'adapters/storage/s.ts': "const m = await import('fastify');",
      'main.ts': "import { createHttpServer } from './adapters/http/http-server.js';",
      'app/esp32.ts':
        "import { createEsp32Bridge } from '../adapters/esp32/bridge.js';\nimport { main } from '../main.js';",
      'config/ok.ts': "import { z } from 'zod';\nimport { readFileSync } from 'node:fs';",
      'adapters/mqtt/r.ts':
        "import { createRequire } from 'node:module';\nconst req = createRequire(import.meta.url);\nreq('fastify');",
      'adapters/mqtt/s.ts':
        "import { createRequire } from 'node:module';\ncreateRequire(import.meta.url).resolve('kysely');",
      'adapters/mqtt/t.ts': "const name = 'mqtt';\nexport const load = () => import(name);",
      'protocol/a.ts': "import type { B } from './b.js';\nexport type A = B;",
      'protocol/b.ts': "export { type A } from './c.js';",
      'protocol/c.ts': "import type { A } from './a.js';\nexport type C = A;",
      'util/self.ts': "import { x } from './self.js';\nexport const y = x;",
      'automations/engine.ts':
        "import { Engine } from 'json-rules-engine';\nimport type { Api } from '../usecases/api.js';",
      'usecases/control.ts': "import { registry } from '../adapters/storage/registry-store.js';",
      'usecases/alerts.ts':
        "import { z } from 'zod';\nimport { createHash } from 'node:crypto';\nimport mqtt from 'mqtt';\nimport type { App } from '../app.js';",
      'core/uses.ts': "import type { UseCaseDeps } from '../usecases/deps.js';",
      'adapters/mcp/tools/t.ts':
        "import { control } from '../../../usecases/control.js';\nimport type { X } from '../../../automations/model.js';",
      'intents/i.ts':
        "import { parse } from 'yaml';\nimport type { X } from '../automations/model.js';\nimport type { R } from '../core/registry.js';",
      'usecases/donation.ts': "import type { IntentEngine } from '../intents/engine.js';",
    });
    expect(found).toEqual([
      "adapters/http/routes/x.ts imports '../../mqtt/mqtt-connection.js': layer 'adapters/http' may not import 'adapters/mqtt'",
      "core/y.ts imports 'zod': core imports only node: built-ins",
      "core/y.ts imports '../app.js': layer 'core' may not import 'app.ts'",
      "protocol/p.ts imports 'mqtt': mqtt belongs in src/adapters/mqtt/ only",
      "protocol/p.ts imports 'mqtt': protocol imports only zod",
      "adapters/storage/s.ts imports 'fastify': fastify belongs in src/adapters/http/ only",
      "main.ts imports './adapters/http/http-server.js': layer 'main.ts' may not import 'adapters/http'",
      "app/esp32.ts imports '../main.js': layer 'app.ts' may not import 'main.ts'",
      "adapters/mqtt/r.ts imports 'fastify': fastify belongs in src/adapters/http/ only",
      "adapters/mqtt/s.ts imports 'kysely': kysely belongs in src/adapters/storage/ only",
      'adapters/mqtt/t.ts:2: import() with a specifier computed at run time',
      "automations/engine.ts imports 'json-rules-engine': json-rules-engine belongs in src/adapters/automations/ only",
      "automations/engine.ts imports 'json-rules-engine': automations imports only zod",
      "automations/engine.ts imports '../usecases/api.js': layer 'automations' may not import 'usecases'",
      "usecases/control.ts imports '../adapters/storage/registry-store.js': layer 'usecases' may not import 'adapters/storage'",
      "usecases/alerts.ts imports 'mqtt': mqtt belongs in src/adapters/mqtt/ only",
      "usecases/alerts.ts imports 'mqtt': usecases imports only zod",
      "usecases/alerts.ts imports '../app.js': layer 'usecases' may not import 'app.ts'",
      "core/uses.ts imports '../usecases/deps.js': layer 'core' may not import 'usecases'",
      "intents/i.ts imports 'yaml': yaml belongs in src/adapters/automations/ only",
      "intents/i.ts imports 'yaml': intents imports only zod",
      "intents/i.ts imports '../automations/model.js': layer 'intents' may not import 'automations'",
      'import circle: protocol/a.ts → protocol/b.ts → protocol/c.ts → protocol/a.ts',
      'import circle: util/self.ts → util/self.ts',
    ]);
  });

  it('keeps the add-on manifest the only config.{json,yaml,yml} in the repo', () => {
    const hits = (readdirSync(ROOT, { recursive: true }) as string[])
      .map((f) => f.split('\\').join('/'))
      .filter((f) => !f.startsWith('node_modules/') && !f.startsWith('.git/') && !f.startsWith('dist/'))
      .filter((f) => /(^|\/)config\.(json|ya?ml)$/.test(f));
    expect(hits).toEqual(['config.yaml']);
  });
});

// The ingress panel: GET / is the page shell of a small single-page app (panel/ at the repo root, bundled by
// scripts/build-panel.mjs into dist/panel/ with hashed file names), GET /panel/<file> its script and style, and
// GET /api/panel/overview the status it opens with. Every URL is built on X-Ingress-Path, the prefix under which
// Home Assistant's ingress proxy serves the add-on (/api/hassio_ingress/<token>), so it works inside the sidebar.
// The app reads everything else through the REST API and GET /api/events/states, under the same auth hook.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PanelData } from '../../../usecases/panel-overview.js';
import { routeDoc } from '../route-doc.js';

export type {
  PanelAutomation,
  PanelBrokerLogin,
  PanelData,
  PanelDevice,
  PanelEntity,
} from '../../../usecases/panel-overview.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** HTML-escapes any value for text and quoted attributes. */
export function escapeHtml(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c] ?? c);
}

/** The ingress prefix from X-Ingress-Path when it looks like one, else '' (served directly at /). */
export function ingressBase(request: Pick<FastifyRequest, 'headers'>): string {
  const raw = request.headers['x-ingress-path'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (typeof value !== 'string') return '';
  const trimmed = value.replace(/\/+$/, '');
  return /^\/[A-Za-z0-9._~\-/]*$/.test(trimmed) && !trimmed.includes('//') && !trimmed.includes('/../') ? trimmed : '';
}

/** What scripts/build-panel.mjs writes next to the bundles: their hashed names. */
interface PanelManifest {
  js: string;
  css: string;
  /** scripts the app imports on demand (the automation editor) */
  chunks?: string[];
}

interface PanelAssets {
  manifest: PanelManifest;
  files: Map<string, { type: string; body: Buffer }>;
}

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  map: 'application/json; charset=utf-8',
};

/**
 * dist/panel/ seen from this file, bundled (dist/server/, what `npm start` runs), compiled
 * (dist/src/adapters/http/routes/) or run from source by the tests (src/adapters/http/routes/): the first candidate
 * holding a manifest.
 */
export function defaultPanelDir(): string | undefined {
  return ['../panel/', '../../../../dist/panel/', '../../../../panel/']
    .map((p) => fileURLToPath(new URL(p, import.meta.url)))
    .find((dir) => existsSync(`${dir}manifest.json`));
}

/** Reads the built bundles once, at the first request (a process nobody opens the panel in never reads them). */
function loadAssets(dir: string | undefined): PanelAssets | undefined {
  if (dir === undefined || !existsSync(`${dir}/manifest.json`)) return undefined;
  const manifest = JSON.parse(readFileSync(`${dir}/manifest.json`, 'utf8')) as PanelManifest;
  const files = new Map<string, { type: string; body: Buffer }>();
  for (const name of [manifest.js, manifest.css, ...(manifest.chunks ?? [])]) {
    const ext = name.slice(name.lastIndexOf('.') + 1);
    files.set(name, { type: TYPES[ext] ?? 'application/octet-stream', body: readFileSync(`${dir}/${name}`) });
  }
  return { manifest, files };
}

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

export interface PanelRouteOptions {
  /** the folder of the built panel (default: dist/panel/ of this checkout) */
  dir?: string | undefined;
}

export function registerPanelRoutes(
  app: FastifyInstance,
  data: () => PanelData,
  options: PanelRouteOptions = {},
): void {
  let assets: PanelAssets | undefined;
  const current = (): PanelAssets | undefined => {
    assets ??= loadAssets(options.dir ?? defaultPanelDir());
    return assets;
  };

  app.get(
    '/',
    routeDoc({
      summary: 'The ingress panel (HTML): entities, devices, history, alerts and discovery diagnostics',
      tags: ['panel'],
      produces: 'text/html',
    }),
    async (request, reply) => {
      const user = request.headers['x-remote-user-display-name'] ?? request.headers['x-remote-user-name'];
      const html = renderShell(current()?.manifest, {
        base: ingressBase(request),
        user: typeof user === 'string' ? user : undefined,
      });
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', CSP)
        .send(html);
    },
  );

  app.get<{ Params: { file: string } }>(
    '/panel/:file',
    routeDoc({ summary: "The panel's script and style (hashed names, cached for a year)", tags: ['panel'] }),
    async (request, reply) => {
      const file = current()?.files.get(request.params.file);
      if (!file) return reply.status(404).send({ error: 'not_found', message: 'no such panel file' });
      return reply
        .header('content-type', file.type)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('x-content-type-options', 'nosniff')
        .send(file.body);
    },
  );

  app.get(
    '/api/panel/overview',
    routeDoc({
      summary: "The panel's status overview: health, device and entity counts, automations, broker login, problems",
      tags: ['panel'],
    }),
    async () => data(),
  );
}

/** The page: the bundles under `base`, or a note that the panel has not been built. */
export function renderShell(manifest: PanelManifest | undefined, opts: { base: string; user?: string | undefined }) {
  const base = escapeHtml(opts.base);
  const head = manifest
    ? `<link rel="stylesheet" href="${base}/panel/${escapeHtml(manifest.css)}">\n<script type="module" src="${base}/panel/${escapeHtml(manifest.js)}"></script>`
    : '';
  const body = manifest
    ? '<noscript>The panel needs JavaScript.</noscript>'
    : `<p>The panel has not been built: run <code>npm run build</code>. The API is at <a href="${base}/api/docs">${base}/api/docs</a>.</p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Switchyard</title>
${head}
</head>
<body>
<div id="app" data-base="${base}" data-user="${escapeHtml(opts.user ?? '')}">${body}</div>
</body>
</html>
`;
}

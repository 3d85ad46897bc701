// The panel in a browser, for the e2e tests: the bundle built when stale, Debian's Chromium launched through
// playwright-core, a small stand-in for Home Assistant's ingress proxy, entities announced over real MQTT discovery,
// and waits on the page's own markers (data-testid), never on time. Each thing started is handed to `cleanup`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { TestApp } from './app.js';
import { eventually } from './net.js';
import { CHROMIUM } from './optional-tools.js';

/** what the tests register to be undone after each test, last first */
export type Cleanup = (() => unknown)[];

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const INGRESS = '/api/hassio_ingress/xyz';

/** Bundles the panel (scripts/build-panel.mjs) when dist/panel/ is missing or older than panel/src/. */
export function ensurePanelBuilt(): void {
  const manifest = `${ROOT}dist/panel/manifest.json`;
  const newest = Math.max(...readdirSync(`${ROOT}panel/src`).map((f) => statSync(`${ROOT}panel/src/${f}`).mtimeMs));
  if (existsSync(manifest) && statSync(manifest).mtimeMs >= newest) return;
  const built = spawnSync(process.execPath, [`${ROOT}scripts/build-panel.mjs`], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('the panel did not build');
}

export async function launch(cleanup: Cleanup): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  cleanup.push(() => browser.close());
  return browser;
}

/** Announces an MQTT entity over discovery, as a device would, and returns the entity id Switchyard gave it. */
export async function announce(t: TestApp, component: string, objectId: string, config: Record<string, unknown>) {
  await t.client.publishAsync(
    `homeassistant/${component}/${objectId}/config`,
    JSON.stringify({ unique_id: objectId, ...config }),
    { qos: 1, retain: true },
  );
  const found = await eventually(async () => {
    const { body } = await t.get(`/api/entities?domain=${component}`);
    return (body.entities as { entity_id: string; name: string }[]).find((e) => e.name === config['name']);
  });
  return found.entity_id;
}

/**
 * Home Assistant's ingress proxy in small: the browser asks for /api/hassio_ingress/<token>/…, the add-on gets /…
 * with X-Ingress-Path, answers streamed back as they come (the push channel too). `seen` collects `METHOD path` of
 * every request it was asked for.
 */
export async function ingressProxy(cleanup: Cleanup, appPort: number, seen?: string[]): Promise<number> {
  const proxy = createServer((req, res) => {
    const url = req.url ?? '/';
    seen?.push(`${req.method} ${url}`);
    if (!url.startsWith(`${INGRESS}/`)) {
      res.writeHead(404).end();
      return;
    }
    const upstream = request(
      {
        host: '127.0.0.1',
        port: appPort,
        method: req.method,
        path: url.slice(INGRESS.length),
        headers: { ...req.headers, 'x-ingress-path': INGRESS },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => {
    proxy.closeAllConnections();
    return new Promise((resolve) => proxy.close(resolve));
  });
  return (proxy.address() as AddressInfo).port;
}

/** The panel through the ingress proxy, once its live channel is open. */
export async function openPanel(cleanup: Cleanup, browser: Browser, t: TestApp, hash = ''): Promise<Page> {
  const port = await ingressProxy(cleanup, t.app.http.port);
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.log('panel page error', e.message));
  const res = await page.goto(`http://127.0.0.1:${port}${INGRESS}/${hash}`);
  expect(res?.status()).toBe(200);
  await page.locator('[data-testid="live-status"][data-status="live"]').waitFor();
  return page;
}

/** Where screenshots go: PANEL_SCREENSHOTS (a folder) to keep them, else the app's data folder. */
export const shot = (t: TestApp, name: string) => `${process.env.PANEL_SCREENSHOTS ?? t.dataDir}/${name}`;

/** Waits until the page shows exactly `text` as the entity's state. */
export const stateText = (page: Page, entityId: string, text: string) =>
  page
    .getByTestId(`state-${entityId}`)
    .filter({ hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) })
    .waitFor();

// The API reference as a person uses it through Home Assistant's sidebar: headless Chromium (Debian's, driven by
// playwright-core) opens /api/docs behind a stand-in for the ingress proxy (a real HTTP server on loopback that
// serves the add-on under /api/hassio_ingress/<token>, strips the prefix and sends X-Ingress-Path, as the
// Supervisor does). Every request the page makes stays under the prefix, and "Try it out" on a GET and on a POST
// with the route's example body gets the live app's answer.
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp } from '../helpers/app.js';
import { CHROMIUM } from '../helpers/optional-tools.js';

const PREFIX = '/api/hassio_ingress/xyz';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** A minimal ingress proxy in front of the add-on's port; records the paths it was asked for. */
async function ingressProxy(target: number): Promise<{ port: number; seen: string[]; server: Server }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    seen.push(`${req.method} ${url}`);
    if (!url.startsWith(`${PREFIX}/`)) {
      res.writeHead(404).end('outside the ingress prefix');
      return;
    }
    const upstream = httpRequest(
      {
        host: '127.0.0.1',
        port: target,
        method: req.method,
        path: url.slice(PREFIX.length),
        headers: { ...req.headers, 'x-ingress-path': PREFIX },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, seen, server };
}

describe('API reference in a browser', () => {
  it.skipIf(CHROMIUM === undefined)(
    'loads under an ingress prefix from relative URLs and runs try-it-out requests against the live app',
    async () => {
      const t = await startTestApp();
      cleanup.push(() => t.close());
      const proxy = await ingressProxy(t.app.http.port);
      cleanup.push(() => new Promise((resolve) => proxy.server.close(resolve)));

      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
      });
      cleanup.push(() => browser.close());
      const page = await browser.newPage();
      const requested: string[] = [];
      const failed: string[] = [];
      page.on('request', (r) => requested.push(r.url()));
      page.on('requestfailed', (r) => failed.push(r.url()));
      page.on('response', (r) => {
        if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
      });

      const base = `http://127.0.0.1:${proxy.port}${PREFIX}`;
      // the panel links to /api/docs: it redirects to the page, which fetches its document and renders it
      const res = await page.goto(`${base}/api/docs`);
      expect(res?.status()).toBe(200);
      expect(page.url()).toBe(`${base}/api/docs/`);
      const operation = page.locator('#operations-system-getApiSystemStatus');
      await operation.waitFor({ timeout: 15_000 });
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's locator method, not the DOM property
      expect(await page.locator('.info .title').innerText()).toContain('Switchyard');

      await operation.locator('.opblock-summary').first().click();
      // try-it-out is on as the operation opens (tryItOutEnabled): Execute is there at once
      await operation.locator('button.execute').click();
      const status = operation.locator('.live-responses-table .response .response-col_status').first();
      await status.waitFor({ timeout: 10_000 });
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's locator method, not the DOM property
      expect((await status.innerText()).trim()).toBe('200');
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's locator method, not the DOM property
      const body = await operation.locator('.live-responses-table .response-col_description pre').first().innerText();
      expect(JSON.parse(body)).toMatchObject({ entities: expect.anything() });

      // a POST with the route's example as the body Swagger UI offers
      const converse = page.locator('#operations-conversation-postApiConversationProcess');
      await converse.locator('.opblock-summary').first().click();
      await converse.locator('button.execute').click();
      const processed = converse.locator('.live-responses-table .response .response-col_status').first();
      await processed.waitFor({ timeout: 10_000 });
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's locator method, not the DOM property
      expect((await processed.innerText()).trim()).toBe('200');

      // through the prefix: the assets, the document and the requests the page made for us
      expect(proxy.seen).toContain(`GET ${PREFIX}/api/system/status`);
      expect(proxy.seen).toContain(`POST ${PREFIX}/api/conversation/process`);
      expect(proxy.seen).toContain(`GET ${PREFIX}/api/docs/json`);
      expect(proxy.seen).toContain(`GET ${PREFIX}/api/docs/static/swagger-ui-bundle.js`);
      const outside = requested.filter((u) => !u.startsWith(`${base}/`) && !u.startsWith('data:'));
      expect(outside).toEqual([]);
      expect(failed).toEqual([]);
      if (process.env.API_REFERENCE_SCREENSHOT)
        await page.screenshot({ path: process.env.API_REFERENCE_SCREENSHOT, fullPage: true });
    },
    60_000,
  );
});

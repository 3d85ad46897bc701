// The API reference as a person uses it through Home Assistant's sidebar: headless Chromium (Debian's, driven by
// playwright-core) opens /api/docs behind a stand-in for the ingress proxy (a real HTTP server on loopback that
// serves the add-on under /api/hassio_ingress/<token>, strips the prefix and sends X-Ingress-Path, as the
// Supervisor does). Every request the page makes stays under the prefix, and "Try it out" on a GET and on a POST
// with the route's example body gets the live app's answer.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp } from '../helpers/app.js';
import { CHROMIUM } from '../helpers/optional-tools.js';
import { INGRESS as PREFIX, ingressProxy, launch } from '../helpers/panel-browser.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe('API reference in a browser', () => {
  it.skipIf(CHROMIUM === undefined)(
    'loads under an ingress prefix from relative URLs and runs try-it-out requests against the live app',
    async () => {
      const t = await startTestApp();
      cleanup.push(() => t.close());
      const seen: string[] = [];
      const proxy = { port: await ingressProxy(cleanup, t.app.http.port, seen), seen };
      const browser = await launch(cleanup);
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

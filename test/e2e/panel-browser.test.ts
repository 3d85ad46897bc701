// The ingress panel as a person sees it: headless Chromium (Debian's) driven by playwright-core.
import { chromium } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulatedDevice } from '../../sim/simulated-device.js';
import { startTestApp } from '../helpers/app.js';
import { eventually } from '../helpers/net.js';
import { CHROMIUM } from '../helpers/optional-tools.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe('panel in a browser', () => {
  it('has Chromium in CI (installed by .ci/run)', () => {
    if (process.env.CI === 'true') expect(CHROMIUM, 'apt-get install chromium').toBeDefined();
  });

  it.skipIf(CHROMIUM === undefined)(
    'shows the status, the simulated device and its entities',
    async () => {
      const t = await startTestApp();
      cleanup.push(() => t.close());
      const device = createSimulatedDevice({
        url: `mqtt://127.0.0.1:${t.brokerPort}`,
        deviceId: 'kitchen',
        intervalMs: 200,
      });
      await device.start();
      cleanup.push(() => device.stop());
      await eventually(() => t.app.states.get('switch.simulated_esp32_kitchen_relay')?.state === 'off');

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
      const page = await browser.newPage();
      await page.setExtraHTTPHeaders({ 'X-Ingress-Path': '/api/hassio_ingress/xyz' });
      const res = await page.goto(`http://127.0.0.1:${t.app.http.port}/`);
      expect(res?.status()).toBe(200);
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's locator method, not the DOM property
      const text = await page.locator('body').innerText();
      expect(text).toContain('Simulated ESP32 kitchen');
      expect(text).toContain('switch.simulated_esp32_kitchen_relay');
      expect(text).toMatch(/ok/i);
      await page.screenshot({ path: process.env.PANEL_SCREENSHOT ?? `${t.dataDir}/panel.png`, fullPage: true });
      const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      expect(hrefs.length).toBeGreaterThan(0);
      for (const href of hrefs.filter((h) => h.startsWith('/')))
        expect(href.startsWith('/api/hassio_ingress/xyz')).toBe(true);
    },
    60_000,
  );
});

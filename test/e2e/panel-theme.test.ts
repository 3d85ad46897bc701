// The panel inside Home Assistant's frontend (issue 20), in headless Chromium against the whole app behind a
// stand-in for the ingress proxy: a parent page served from the proxy's origin sets Home Assistant's theme variables
// on its root element (as applyThemesOnElement does) and the user's choice in localStorage `selectedTheme`, and embeds
// the panel in an iframe at the ingress path, as Home Assistant does. The panel's computed colours are the parent's,
// follow a change of them, and light or dark follows the choice; at a phone's width it scrolls only vertically and
// the keyboard reaches its navigation. Opened directly, prefers-color-scheme rules.
import type { Frame, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp } from '../helpers/app.js';
import { CHROMIUM } from '../helpers/optional-tools.js';
import { ensurePanelBuilt, INGRESS, ingressProxy, launch } from '../helpers/panel-browser.js';

// what page.evaluate runs is the browser's: its globals, declared for this file only (the tests' types have no DOM)
declare const document: any, window: any, localStorage: any;
declare function getComputedStyle(element: unknown): any;

const cleanup: (() => unknown)[] = [];
if (CHROMIUM !== undefined) ensurePanelBuilt();
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const THEME = {
  '--primary-background-color': '#102030',
  '--primary-text-color': '#e0f0ff',
  '--secondary-text-color': '#a0b0c0',
  '--primary-color': '#ff9800',
  '--card-background-color': '#203040',
  '--divider-color': '#405060',
  '--error-color': '#ff5252',
  '--success-color': '#4caf50',
};

/** Home Assistant's page in small: its theme on the root element, the user's choice kept, the panel in an iframe. */
const parentPage = (panelUrl: string) => `<!doctype html>
<html style="${Object.entries(THEME)
  .map(([k, v]) => `${k}: ${v}`)
  .join('; ')}">
<head><script>localStorage.setItem('selectedTheme', JSON.stringify({ theme: 'default', dark: true }));</script></head>
<body style="margin: 0"><iframe id="panel" title="Switchyard" src="${panelUrl}" style="width: 390px; height: 700px; border: 0"></iframe></body>
</html>`;

/** A colour of the parent's theme as the browser computes it (rgb()), for comparing with the panel's. */
const parentColour = (page: Page, variable: string) =>
  page.evaluate((v) => {
    const probe = document.createElement('div');
    probe.style.color = `var(${v})`;
    document.body.append(probe);
    const colour = getComputedStyle(probe).color;
    probe.remove();
    return colour;
  }, variable);

const panelColours = (frame: Frame) =>
  frame.evaluate(() => {
    const body = getComputedStyle(document.body);
    const card = document.querySelector('.tabs');
    return {
      background: body.backgroundColor,
      text: body.color,
      card: card ? getComputedStyle(card).backgroundColor : '',
      theme: document.documentElement.dataset['theme'],
    };
  });

/** Home Assistant's page at `origin` (the ingress proxy's) with the panel embedded, once the panel is live. */
async function embed(page: Page, origin: string): Promise<Frame> {
  await page.route(`${origin}/ha`, (route) =>
    route.fulfill({ contentType: 'text/html', body: parentPage(`${INGRESS}/`) }),
  );
  await page.goto(`${origin}/ha`);
  const frame = await (await page.locator('#panel').elementHandle())?.contentFrame();
  if (!frame) throw new Error('no panel frame');
  await frame.locator('[data-testid="live-status"][data-status="live"]').waitFor();
  return frame;
}

describe.skipIf(CHROMIUM === undefined)("Home Assistant's theme through ingress", () => {
  it("takes the parent frontend's colours, follows their changes, and works at a phone's width", async () => {
    const t = await startTestApp();
    cleanup.push(() => t.close());
    const port = await ingressProxy(cleanup, t.app.http.port);
    const browser = await launch(cleanup);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const origin = `http://127.0.0.1:${port}`;
    const frame = await embed(page, origin);
    await frame.locator('html[data-ha-theme="on"]').waitFor();

    const colours = await panelColours(frame);
    expect(colours.background).toBe(await parentColour(page, '--primary-background-color'));
    expect(colours.text).toBe(await parentColour(page, '--primary-text-color'));
    expect(colours.card).toBe(await parentColour(page, '--card-background-color'));
    expect(colours.theme).toBe('dark');

    // the user switches to a light theme in their profile: Home Assistant sets new values on its root element
    await page.evaluate(() => {
      localStorage.setItem('selectedTheme', JSON.stringify({ theme: 'default', dark: false }));
      const root = document.documentElement.style;
      root.setProperty('--primary-background-color', '#fafafa');
      root.setProperty('--primary-text-color', '#212121');
      root.setProperty('--card-background-color', '#ffffff');
    });
    await frame.waitForFunction(() => getComputedStyle(document.body).backgroundColor === 'rgb(250, 250, 250)');
    const light = await panelColours(frame);
    expect(light.text).toBe(await parentColour(page, '--primary-text-color'));
    expect(light.card).toBe('rgb(255, 255, 255)');
    await frame.locator('html[data-theme="light"]').waitFor();

    // a phone's width: nothing wider than the frame, and the keyboard reaches the navigation
    expect(await frame.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await frame.locator('body').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await frame.evaluate(() => document.activeElement?.closest('nav')?.getAttribute('aria-label'))).toBe(
      'Views',
    );
    expect(errors).toEqual([]);
  }, 60_000);

  // a parent of another origin never gets that far: the panel's CSP says frame-ancestors 'self'
  it('keeps prefers-color-scheme when opened directly', async () => {
    const t = await startTestApp();
    cleanup.push(() => t.close());
    const port = await ingressProxy(cleanup, t.app.http.port);
    const browser = await launch(cleanup);
    const page = await browser.newPage({ colorScheme: 'dark' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${port}${INGRESS}/`);
    await page.locator('[data-testid="live-status"][data-status="live"]').waitFor();
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(17, 17, 17)');
    expect(await page.locator('html[data-ha-theme]').count()).toBe(0);
    expect(errors).toEqual([]);
  }, 60_000);
});

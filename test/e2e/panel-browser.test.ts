// The ingress panel as a person sees it: headless Chromium (Debian's) driven by playwright-core, on the real app
// (embedded broker, SQLite, fastify) with real mqtt.js clients, through a stand-in for the ingress proxy: a state
// published over MQTT appears in the open page, a day of history becomes a chart, a toggle in the page publishes the
// command, devices and search work, and no panel open means no listener on the bus.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSimulatedDevice } from '../../sim/simulated-device.js';
import { startTestApp } from '../helpers/app.js';
import { eventually } from '../helpers/net.js';
import { CHROMIUM } from '../helpers/optional-tools.js';
import { announce, ensurePanelBuilt, INGRESS, launch, openPanel, shot, stateText } from '../helpers/panel-browser.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe('panel in a browser', () => {
  beforeAll(() => {
    if (CHROMIUM !== undefined) ensurePanelBuilt();
  });

  it('has Chromium in CI (installed by .ci/run)', () => {
    if (process.env.CI === 'true') expect(CHROMIUM, 'apt-get install chromium').toBeDefined();
  });

  it.skipIf(CHROMIUM === undefined)(
    'shows states published over MQTT as they arrive, searches as you type, opens a device; idle costs nothing',
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
      const probe = await announce(t, 'sensor', 'panel_probe', {
        name: 'Panel probe',
        state_topic: 'panel/probe',
        unit_of_measurement: '°C',
      });
      // no panel open: no listener of the push channel on the bus
      const idle = t.app.bus.listenerCount('state_changed');

      const browser = await launch(cleanup);
      const page = await openPanel(cleanup, browser, t);
      expect(t.app.bus.listenerCount('state_changed')).toBe(idle + 1);
      const scripts = await page.locator('script[src]').evaluateAll((s) => s.map((e) => e.getAttribute('src') ?? ''));
      expect(scripts.every((src) => src.startsWith(`${INGRESS}/panel/`))).toBe(true);
      await page.locator(`[data-testid="entity-${probe}"]`).waitFor();

      // a state published over MQTT appears in the open page: the time is measured and reported, not asserted
      const times: number[] = [];
      for (const value of ['20.5', '21.5', '22.5', '23.5', '24.5']) {
        const started = performance.now();
        await t.client.publishAsync('panel/probe', value, { qos: 1 });
        await stateText(page, probe, `${value} °C`);
        times.push(performance.now() - started);
      }
      console.log(`panel: MQTT state → page in ${times.map((ms) => `${ms.toFixed(0)} ms`).join(', ')}`);

      // search as you type, over name, id, area, domain and state
      await page.getByLabel('Search entities').fill('probe');
      await page
        .getByTestId('entity-count')
        .filter({ hasText: /^1 of / })
        .waitFor();
      await page.getByLabel('Search entities').fill('switch off kitchen');
      await page.locator('[data-testid="entity-switch.simulated_esp32_kitchen_relay"]').waitFor();
      expect(await page.locator(`[data-testid="entity-${probe}"]`).count()).toBe(0);

      // a device's page lists its entities, live, with its availability
      await page.getByRole('link', { name: 'Devices' }).click();
      await page.getByRole('link', { name: /Simulated ESP32 kitchen/ }).click();
      await page.locator('h2', { hasText: 'Simulated ESP32 kitchen' }).waitFor();
      await page.locator('[data-testid="entity-switch.simulated_esp32_kitchen_relay"]').waitFor();
      await page.locator('h2 .badge', { hasText: 'online' }).waitFor();
      await page.screenshot({ path: shot(t, 'panel-device.png'), fullPage: true });
      // on a phone, dark: one column, the same controls
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByRole('link', { name: 'Entities' }).click();
      await page.getByLabel('Search entities').fill('kitchen');
      await page.locator('[data-testid="toggle-switch.simulated_esp32_kitchen_relay"]').waitFor();
      await page.screenshot({ path: shot(t, 'panel-phone-dark.png') });

      // the page gone, its listener goes too
      await page.close();
      await eventually(() => t.app.bus.listenerCount('state_changed') === idle);
    },
    90_000,
  );

  it.skipIf(CHROMIUM === undefined)(
    'charts a day of numeric history with its min/max band and draws on/off states as a timeline',
    async () => {
      const t = await startTestApp();
      cleanup.push(() => t.close());
      const probe = await announce(t, 'sensor', 'history_probe', { name: 'History probe', state_topic: 'h/probe' });
      const plug = await announce(t, 'switch', 'history_plug', {
        name: 'History plug',
        command_topic: 'h/plug/set',
        state_topic: 'h/plug',
      });
      // a day of one reading a minute, written with the real storage's table and index
      const insert = t.app.database.sqlite.prepare(
        'INSERT INTO state_history (entity_id, state, state_num, attributes, ts) VALUES (?, ?, ?, NULL, ?)',
      );
      const now = Date.now();
      t.app.database.sqlite.transaction(() => {
        for (let i = 0; i < 1_440; i++) {
          const value = 20 + 5 * Math.sin(i / 120);
          insert.run(probe, value.toFixed(2), value, now - (1_440 - i) * 60_000);
          if (i % 180 === 0) insert.run(plug, i % 360 === 0 ? 'on' : 'off', null, now - (1_440 - i) * 60_000);
        }
      })();

      const browser = await launch(cleanup);
      const page = await openPanel(cleanup, browser, t, `#/history?ids=${probe},${plug}&hours=24`);
      const chart = page.locator('[data-testid="history-chart"][data-ready="true"]');
      await chart.waitFor();
      expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(500);
      expect(await chart.locator('canvas').count()).toBeGreaterThan(0);
      const timeline = page.locator(`[data-testid="timeline-${plug}"] li`);
      await timeline.first().waitFor();
      expect(await timeline.allTextContents()).toEqual(expect.arrayContaining(['on', 'off']));
      await page.screenshot({ path: shot(t, 'panel-history.png'), fullPage: true });
    },
    90_000,
  );

  it.skipIf(CHROMIUM === undefined)(
    'a toggle in the page publishes the command over MQTT',
    async () => {
      const t = await startTestApp();
      cleanup.push(() => t.close());
      const plug = await announce(t, 'switch', 'panel_plug', {
        name: 'Panel plug',
        command_topic: 'panel/plug/set',
        state_topic: 'panel/plug',
      });
      await t.client.publishAsync('panel/plug', 'OFF', { qos: 1 });
      await eventually(() => t.app.states.get(plug)?.state === 'off');
      const heard: string[] = [];
      t.client.on('message', (topic, payload) => {
        if (topic === 'panel/plug/set') heard.push(payload.toString());
      });
      await t.client.subscribeAsync('panel/plug/set', { qos: 1 });

      const browser = await launch(cleanup);
      const page = await openPanel(cleanup, browser, t);
      const toggle = page.locator(`[data-testid="toggle-${plug}"]`);
      await toggle.waitFor();
      expect(await toggle.getAttribute('aria-checked')).toBe('false');
      await toggle.focus();
      await page.keyboard.press('Enter'); // a real button: the keyboard works as the mouse does
      await eventually(() => heard.length > 0);
      expect(heard).toEqual(['ON']);
      // the device confirms; the page follows
      await t.client.publishAsync('panel/plug', 'ON', { qos: 1 });
      await page.locator(`[data-testid="toggle-${plug}"][aria-checked="true"]`).waitFor();
    },
    90_000,
  );
});

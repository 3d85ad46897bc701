// The panel's controls in a browser (Chromium through playwright-core, the real app, real MQTT discovery): brightness,
// an option, a value, a cover's position and buttons, a climate setpoint, each built from the actions the entity
// accepts and published over MQTT as Home Assistant would. Ranges are moved with the keyboard, as a person would.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../helpers/app.js';
import { eventually } from '../helpers/net.js';
import { CHROMIUM } from '../helpers/optional-tools.js';
import { announce, ensurePanelBuilt, launch, openPanel } from '../helpers/panel-browser.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe('panel controls in a browser', () => {
  beforeAll(() => {
    if (CHROMIUM !== undefined) ensurePanelBuilt();
  });

  it.skipIf(CHROMIUM === undefined)(
    'set brightness, option, value, cover position and climate setpoint through the command path',
    async () => {
      const t = await startTestApp();
      cleanup.push(() => t.close());
      const lamp = await announce(t, 'light', 'pc_lamp', {
        name: 'Desk lamp',
        command_topic: 'pc/lamp/set',
        state_topic: 'pc/lamp',
        brightness_command_topic: 'pc/lamp/brightness/set',
      });
      const mode = await announce(t, 'select', 'pc_mode', {
        name: 'Fan mode',
        command_topic: 'pc/mode/set',
        state_topic: 'pc/mode',
        options: ['eco', 'comfort', 'away'],
      });
      const target = await announce(t, 'number', 'pc_target', {
        name: 'Target level',
        command_topic: 'pc/target/set',
        state_topic: 'pc/target',
        min: 5,
        max: 30,
        step: 0.5,
      });
      const blind = await announce(t, 'cover', 'pc_blind', {
        name: 'Blind',
        command_topic: 'pc/blind/set',
        set_position_topic: 'pc/blind/pos/set',
        position_topic: 'pc/blind/pos',
      });
      const thermostat = await announce(t, 'climate', 'pc_thermostat', {
        name: 'Thermostat',
        temperature_command_topic: 'pc/clim/temp/set',
        min_temp: 16,
        max_temp: 28,
      });
      await t.client.publishAsync('pc/mode', 'eco', { qos: 1 });
      await t.client.publishAsync('pc/target', '10', { qos: 1 });
      await t.client.publishAsync('pc/blind/pos', '50', { qos: 1 });
      await eventually(() => t.app.states.get(blind)?.attributes['current_position'] === 50);
      const heard: [string, string][] = [];
      t.client.on('message', (topic, payload) => {
        if (topic.endsWith('/set')) heard.push([topic, payload.toString()]);
      });
      await t.client.subscribeAsync('pc/#', { qos: 1 });
      const hears = (topic: string, payload: RegExp) =>
        eventually(() => heard.find(([to, p]) => to === topic && payload.test(p)));

      const browser = await launch(cleanup);
      const page = await openPanel(cleanup, browser, t);
      const open = async (entityId: string) => {
        const item = page.getByTestId(`entity-${entityId}`);
        await item.locator('button.name').click();
        return item;
      };

      const lampItem = await open(lamp);
      await lampItem.getByLabel(/Brightness %/).focus();
      await page.keyboard.press('End');
      await hears('pc/lamp/brightness/set', /^255$/);

      await (await open(mode)).getByLabel('Option').selectOption('comfort');
      await hears('pc/mode/set', /^comfort$/);

      const value = (await open(target)).getByLabel('Value');
      await value.fill('7.5');
      await value.press('Enter');
      await hears('pc/target/set', /^7\.5$/);

      const blindItem = await open(blind);
      await blindItem.getByLabel(/Position %/).focus();
      await page.keyboard.press('End');
      await hears('pc/blind/pos/set', /^100$/);
      await blindItem.getByRole('button', { name: 'Close' }).click();
      await hears('pc/blind/set', /^CLOSE$/);

      const thermostatItem = await open(thermostat);
      await thermostatItem.getByLabel(/Setpoint/).focus();
      await page.keyboard.press('Home');
      await hears('pc/clim/temp/set', /^16(\.0)?$/);
      expect(heard.length).toBeGreaterThanOrEqual(6);
    },
    90_000,
  );
});

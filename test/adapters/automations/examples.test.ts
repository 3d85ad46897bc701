// The example automations shipped in the repository's automations/ folder load without a single diagnostic.
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { loadAutomations } from '../../../src/adapters/automations/loader.js';

const EXAMPLES = fileURLToPath(new URL('../../../automations/', import.meta.url));

it('loads every example in automations/ without diagnostics', () => {
  const result = loadAutomations(EXAMPLES);
  expect(result.diagnostics).toEqual([]);
  expect(result.automations.map((a) => [a.file, a.id])).toEqual([
    ['device-offline-alert.yaml', 'esp32_offline_alert'],
    ['kitchen-climate.yaml', 'kitchen_fan_by_temperature'],
    ['relay-safety-timeout.yaml', 'kitchen_relay_safety_off'],
  ]);
  const configs = result.automations.map((a) => a.config);
  const triggers = configs.flatMap((c) => c.triggers.map((t) => t.trigger));
  expect(triggers).toEqual(expect.arrayContaining(['mqtt', 'numeric_state', 'state', 'time']));
  const text = JSON.stringify(configs);
  expect(text).toContain('sensor.esp32_kitchen_temperature');
  expect(text).toContain('switch.esp32_kitchen_relay');
});

// The example automations shipped in the repository's automations/ folder load without a single diagnostic.
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { capabilitiesFor } from '../../../sim/hardware.js';
import { featuresOf } from '../../../src/adapters/esp32/features.js';
import { featureEntityId } from '../../../src/adapters/esp32/ha-configs.js';
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
  // every entity they name is one that `npm run simulate` creates (its first device)
  const caps = capabilitiesFor('sim-esp32-001', '0.1.0-sim');
  const simulated = new Set(featuresOf(caps).map((f) => featureEntityId(caps, f)));
  const named = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'entity_id') for (const id of [x].flat()) named.add(String(id));
        else walk(x);
      }
    }
  };
  walk(configs);
  expect(named.size).toBeGreaterThan(1);
  for (const id of named) expect(simulated, id).toContain(id);
});

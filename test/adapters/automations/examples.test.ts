// The example automations. automations/ is what a new install starts with (the add-on copies it into an
// automations folder that does not exist yet): automations for ordinary discovered devices, each disabled
// until the user has put in their own entity ids. sim/automations/ works with the devices of
// `npm run simulate` and loads without a single diagnostic.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { capabilitiesFor } from '../../../sim/hardware.js';
import { featuresOf } from '../../../src/adapters/esp32/features.js';
import { featureEntityId } from '../../../src/adapters/esp32/ha-configs.js';
import { loadAutomations } from '../../../src/adapters/automations/loader.js';

const EXAMPLES = fileURLToPath(new URL('../../../automations/', import.meta.url));
const SIM_EXAMPLES = fileURLToPath(new URL('../../../sim/automations/', import.meta.url));

it('loads every example in automations/ without a diagnostic, each one disabled until enabled', () => {
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml'));
  // every file loads (warnings about entities that do not exist yet come from the engine, on request)
  const result = loadAutomations(EXAMPLES);
  expect(result.diagnostics).toEqual([]);
  expect(result.automations.map((a) => [a.file, a.id])).toEqual([
    ['button-toggle.yaml', 'example_button_toggle'],
    ['door-left-open.yaml', 'example_door_left_open'],
    ['motion-light.yaml', 'example_motion_light'],
    ['plug-power-alert.yaml', 'example_plug_power_alert'],
    ['sunset-light.yaml', 'example_sunset_light'],
  ]);
  expect(result.automations.map((a) => a.file).sort()).toEqual(files.sort());
  for (const a of result.automations) {
    expect(a.config.initial_state, a.id).toBe(false);
    // each one says what to change, and names entity ids to replace
    const text = readFileSync(join(EXAMPLES, a.file), 'utf8');
    expect(text, a.file).toMatch(/^# Example \(starts disabled\)/);
    expect(text, a.file).toMatch(/Replace .* with your|Put your/);
    expect(a.entity_references?.length, a.id).toBeGreaterThan(0);
  }
  const triggers = result.automations.flatMap((a) => a.config.triggers.map((t) => t.trigger));
  expect(new Set(triggers)).toEqual(new Set(['state', 'numeric_state', 'sun', 'time', 'device']));
});

it('loads every example in sim/automations/ without diagnostics, naming only simulated entities', () => {
  const result = loadAutomations(SIM_EXAMPLES);
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
  const named = new Set(result.automations.flatMap((a) => (a.entity_references ?? []).map((r) => r.entity_id)));
  expect(named.size).toBeGreaterThan(1);
  for (const id of named) expect(simulated, id).toContain(id);
});

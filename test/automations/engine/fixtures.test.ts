// Every fixture automation that loads (the Home Assistant examples and the repository's own folder)
// can be started by the engine: its templates compile, its condition blocks build, its triggers arm.
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadAutomations } from '../../../src/adapters/automations/loader.js';
import { startHarness, until, type Harness } from './harness.js';

const FOLDERS = {
  'test/fixtures/automations': fileURLToPath(new URL('../../fixtures/automations/', import.meta.url)),
  automations: fileURLToPath(new URL('../../../automations/', import.meta.url)),
};

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('fixtures start', () => {
  for (const [name, dir] of Object.entries(FOLDERS)) {
    it(`every automation in ${name} that loads starts without error`, async () => {
      const loaded = loadAutomations(dir);
      expect(loaded.automations.length).toBeGreaterThan(0);
      h = await startHarness({}, { engine: { dir } });
      // the engine adds no problem of its own to what the loader found
      expect(h.engine.diagnostics()).toEqual(loaded.diagnostics);
      expect(h.engine.list().map((a) => a.id)).toEqual(loaded.automations.map((a) => a.id));
      expect(h.engine.list().every((a) => a.enabled && a.error_count === 0)).toBe(true);
    });
  }

  it('17: a notify action named by a template from the MQTT topic raises a notification', async () => {
    h = await startHarness({}, { engine: { dir: FOLDERS['test/fixtures/automations'] } });
    await h.send('/notify/phone', 'Dinner is ready');
    await until(() => h!.alerts.list({ limit: 5 }).some((a) => a.message === 'Dinner is ready'));
    await h.flush();
    const [trace] = h.fullTraces('17_trigger_variable_templating_2');
    expect(trace?.steps[0]?.result).toMatchObject({ action: 'notify.phone', alert: { message: 'Dinner is ready' } });
  });
});

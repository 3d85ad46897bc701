// Every fixture automation that loads (the Home Assistant examples and the repository's example folders)
// can be started by the engine: its templates compile, its condition blocks build, its triggers arm.
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadAutomations } from '../../../src/adapters/automations/loader.js';
import { startHarness, until, type Harness } from './harness.js';

const FOLDERS = {
  'test/fixtures/automations': fileURLToPath(new URL('../../fixtures/automations/', import.meta.url)),
  automations: fileURLToPath(new URL('../../../automations/', import.meta.url)),
  'sim/automations': fileURLToPath(new URL('../../../sim/automations/', import.meta.url)),
};

/** the warnings for entity ids the harness's registry does not hold (worked out on request) */
const missingEntity = (d: { message: string }) => / entity '[^']+' does not exist$/.test(d.message);

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** What the engine refuses of what loads, per folder (nothing now: fixture 20's `random` filter exists). */
const REFUSED: Record<string, string[]> = {};

describe('fixtures start', () => {
  for (const [name, dir] of Object.entries(FOLDERS)) {
    it(`every automation in ${name} that loads starts without error`, async () => {
      const loaded = loadAutomations(dir);
      expect(loaded.automations.length).toBeGreaterThan(0);
      h = await startHarness({}, { engine: { dir } });
      // the engine adds no problem of its own to what the loader found, but for entities it does not know
      const diagnostics = h.engine.diagnostics();
      const fromLoader = new Set(loaded.diagnostics.map((d) => JSON.stringify(d)));
      const own = diagnostics.filter((d) => !missingEntity(d) && !fromLoader.has(JSON.stringify(d)));
      expect(own.map((d) => `${d.automation_id}: ${d.message}`)).toEqual(REFUSED[name] ?? []);
      expect(diagnostics.filter((d) => !own.includes(d) && !missingEntity(d))).toEqual(loaded.diagnostics);
      expect(diagnostics.filter(missingEntity).every((d) => d.severity === 'warning')).toBe(true);
      const refused = new Set(own.map((d) => d.automation_id));
      const started = loaded.automations.filter((a) => !refused.has(a.id));
      expect(h.engine.list().map((a) => a.id)).toEqual(started.map((a) => a.id));
      const initially = new Map(started.map((a) => [a.id, a.config.initial_state ?? true]));
      expect(h.engine.list().every((a) => a.enabled === initially.get(a.id) && a.error_count === 0)).toBe(true);
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

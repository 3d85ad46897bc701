// The whole app (embedded broker, SQLite file, command router, automation engine) with helpers and automations
// written into its automations folder and loaded the way a user's edit is: a reload of the folder.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../../helpers/app.js';

export interface HelperApp {
  t: TestApp;
  write(name: string, text: string): Promise<void>;
  state(entityId: string): { state: string; attributes: Record<string, unknown> } | undefined;
  call(action: string, entityId: string, data?: Record<string, unknown>): Promise<{ status: number; body: any }>;
}

export async function startHelperApp(t?: TestApp): Promise<HelperApp> {
  const app = t ?? (await startTestApp({}, { appOptions: { reannounceDelayMs: [10, 20] } }));
  return {
    t: app,
    async write(name, text) {
      writeFileSync(join(app.dataDir, 'automations', name), text);
      await app.app.automations.reload();
    },
    state(entityId) {
      const s = app.app.states.get(entityId);
      return s && { state: s.state, attributes: { ...s.attributes } };
    },
    call(action, entityId, data = {}) {
      const [domain, name] = action.split('.');
      return app.post(`/api/actions/${domain}/${name}`, { entity_id: entityId, data });
    },
  };
}

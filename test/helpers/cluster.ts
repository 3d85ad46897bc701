// Several Switchyard instances in this process on one real Mosquitto and one real PostgreSQL database (issue 23):
// each its own App, data folder and HTTP port, sharing the automations folder as a site shares it.
import { createApp, type App, type AppOptions } from '../../src/app.js';
import { parseSettings } from '../../src/config/settings.js';
import { silentLogger } from '../../src/core/logger.js';
import { injector } from './app.js';
import { tempDir, testSettingsInput } from './net.js';

export interface Instance {
  readonly name: string;
  readonly app: App;
  get(url: string): Promise<{ status: number; body: any }>;
  post(url: string, body: unknown): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

export async function startInstance(
  name: string,
  site: { mqttUrl: string; databaseUrl: string; automationsDir: string },
  options: Partial<AppOptions> = {},
): Promise<Instance> {
  const dir = tempDir(`switchyard-${name}-`);
  const input = await testSettingsInput(dir.path, {
    mqtt_url: site.mqttUrl,
    database_url: site.databaseUrl,
    automations_dir: site.automationsDir,
    cluster_instance: name,
  });
  const app = createApp(parseSettings(input), {
    version: 'test',
    log: silentLogger,
    historyFlushMs: 50,
    announceWindowMs: 100,
    ...options,
  });
  await app.start();
  const call = injector(app);
  let stopped = false;
  return {
    name,
    app,
    get: (url) => call('GET', url),
    post: (url, body) => call('POST', url, body),
    async stop() {
      if (stopped) return;
      stopped = true;
      await app.stop();
      dir.remove();
    },
  };
}

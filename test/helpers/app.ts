import type { MqttClient } from 'mqtt';
import { readFileSync } from 'node:fs';
import { createApp, type App, type AppOptions } from '../../src/app.js';
import { parseSettings } from '../../src/config/settings.js';
import { silentLogger } from '../../src/core/logger.js';
import { connectClient } from './mqtt-client.js';
import { tempDir, testSettingsInput } from './net.js';

export interface TestApp {
  app: App;
  dataDir: string;
  brokerPort: number;
  /** a client playing devices and announcers */
  client: MqttClient;
  get(url: string): Promise<{ status: number; body: any }>;
  post(url: string, body: unknown): Promise<{ status: number; body: any }>;
  delete(url: string): Promise<{ status: number; body: any }>;
  /** stop the app (keeping the data folder), as for a restart */
  stop(): Promise<void>;
  /** start a fresh app on the same data folder and ports */
  restart(): Promise<TestApp>;
  close(): Promise<void>;
}

/** Requests through the app's HTTP server without a socket (fastify inject), answered with status and JSON body. */
export function injector(app: App) {
  return async (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) => {
    const res = await app.http.app.inject({
      method,
      url,
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
    return { status: res.statusCode, body: res.body ? (res.json() as any) : undefined };
  };
}

/** The whole app on a real embedded broker and a real SQLite file, on free loopback ports. */
export interface TestAppOptions {
  appOptions?: Partial<AppOptions>;
  /** reuse a data folder and settings (restart) */
  existing?: { dir: { path: string; remove(): void }; input: Record<string, unknown> };
}

export async function startTestApp(
  overrides: Record<string, unknown> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const { existing } = options;
  const dir = existing?.dir ?? tempDir();
  const input = existing?.input ?? (await testSettingsInput(dir.path, overrides));
  const app = createApp(parseSettings(input), {
    version: 'test',
    log: silentLogger,
    historyFlushMs: 50,
    announceWindowMs: 100,
    ...options.appOptions,
  });
  await app.start();
  const brokerPort = Number(input.broker_port);
  const client = await connectClient(brokerPort);
  const call = injector(app);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await client.endAsync().catch(() => undefined);
    await app.stop();
  };
  return {
    app,
    dataDir: dir.path,
    brokerPort,
    client,
    get: (url) => call('GET', url),
    post: (url, body) => call('POST', url, body),
    delete: (url) => call('DELETE', url),
    stop,
    restart: async () => {
      await stop();
      return startTestApp(overrides, { ...options, existing: { dir, input } });
    },
    close: async () => {
      await stop();
      dir.remove();
    },
  };
}

export function fixture(name: string): { topic: string; payload: Record<string, unknown> } {
  return JSON.parse(readFileSync(new URL(`../fixtures/discovery/${name}`, import.meta.url), 'utf8')) as {
    topic: string;
    payload: Record<string, unknown>;
  };
}

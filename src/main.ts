// Process entry: settings → app → start; SIGTERM/SIGINT → stop in reverse order → exit 0.
import { bulkLoad } from './app/gc-tuning.js';
import { readFileSync } from 'node:fs';
import { loadSettings } from './config/load-settings.js';
import { SettingsError, type Settings } from './config/settings.js';
import { createApp } from './app.js';

const STOP_DEADLINE_MS = 4_500;

function readVersion(): string {
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      return (JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { version: string }).version;
    } catch {
      // try the next location (src/ when run from source; dist/src/ compiled, dist/server/ bundled)
    }
  }
  return '0.0.0';
}

async function main(): Promise<void> {
  let settings: Settings;
  try {
    settings = loadSettings({ env: process.env });
  } catch (err) {
    if (err instanceof SettingsError) {
      process.stderr.write(`switchyard: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }

  const app = createApp(settings, { version: readVersion(), env: process.env, onBulkLoad: bulkLoad });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info('stopping', { signal });
    const deadline = setTimeout(() => {
      app.log.error('stop took too long; exiting');
      process.exit(1);
    }, STOP_DEADLINE_MS);
    deadline.unref();
    app.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        app.log.error('stop failed', { err: String(err) });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  try {
    await app.start();
    bulkLoad(false); // the start was a bulk load (gc-tuning.ts)
  } catch (err) {
    app.log.error('start failed', { err: err instanceof Error ? err.message : String(err) });
    await app.stop().catch(() => undefined);
    process.exit(1);
  }
}

void main();

// The add-on as a user runs it: the bundled entry point (what `npm start` runs after building),
// real ports, a real data folder, signals.
import BetterSqlite3 from 'better-sqlite3';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { collect, connectClient } from '../helpers/mqtt-client.js';
import { eventually, freePort, tempDir } from '../helpers/net.js';

const MAIN = fileURLToPath(new URL('../../dist/server/main.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs the program as `node dist/server/main.js`, or as `npm start` (without its prestart build: dist is built). */
function run(env: Record<string, string>, how: 'node' | 'npm' = 'node'): Running {
  const [command, args] =
    how === 'node' ? [process.execPath, [MAIN]] : ['npm', ['start', '--ignore-scripts', '--silent']];
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', SWITCHYARD_OPTIONS: '/nonexistent/options.json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  cleanup.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { child, output: () => out, exited };
}

async function health(
  port: number,
): Promise<Record<string, unknown> & { status: string; mqtt: { connected: boolean; broker: string } }> {
  const res = await fetch(`http://127.0.0.1:${port}/api/health`);
  if (res.status !== 200) throw new Error(`health ${res.status}`);
  return (await res.json()) as never;
}

describe('the add-on process', () => {
  it('starts with an embedded broker, serves health, and stops cleanly on SIGTERM', async () => {
    expect(existsSync(MAIN)).toBe(true);
    const dir = tempDir();
    cleanup.push(dir.remove);
    const [httpPort, brokerPort] = [await freePort(), await freePort()];
    const app = run({
      SWITCHYARD_HTTP_PORT: String(httpPort),
      SWITCHYARD_BROKER_PORT: String(brokerPort),
      SWITCHYARD_DATA_DIR: dir.path,
    });

    const h = await eventually(() => health(httpPort), 10_000, 100);
    expect(h).toMatchObject({
      status: 'ok',
      version: '0.1.0',
      mqtt: { connected: true, broker: 'embedded' },
      database: { ok: true },
    });
    expect(typeof h.uptime_s).toBe('number');

    // the bundle finds what is shipped beside it: the panel's files, Swagger UI's, the spoken commands' templates
    const base = `http://127.0.0.1:${httpPort}`;
    const page = await (await fetch(`${base}/`)).text();
    const script = /src="(\/panel\/app-[\w-]+\.js)"/.exec(page)?.[1];
    expect(script).toBeDefined();
    expect((await fetch(`${base}${script}`)).status).toBe(200);
    expect((await fetch(`${base}/api/docs/static/swagger-ui.css`)).status).toBe(200);
    const spec = (await (await fetch(`${base}/api/openapi.json`)).json()) as { info: { title: string }; paths: object };
    expect(spec.info.title).toBe('Switchyard');
    expect(Object.keys(spec.paths)).toContain('/api/health');
    const said = async (text: string, language: string) => {
      const res = await fetch(`${base}/api/conversation/process`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text, language }),
      });
      return ((await res.json()) as { response: { speech: { plain: { speech: string } } } }).response.speech.plain
        .speech;
    };
    expect(await said('turn on the kitchen light', 'en')).toBe("Sorry, I don't know any kitchen light");
    expect(await said('включи свет на кухне', 'ru')).toMatch(/^Не знаю такого устройства/);
    expect(app.output()).not.toMatch(/intent templates: a problem/);

    const pub = spawnSync('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(brokerPort), '-t', 'x', '-m', 'y']);
    if (pub.error === undefined) expect(pub.status).toBe(0);

    const ha = await connectClient(brokerPort);
    const statuses = await collect(ha, 'switchyard/status');
    await eventually(() => statuses.length > 0);
    expect(statuses[0]).toEqual({ topic: 'switchyard/status', payload: 'online', retain: true });

    app.child.kill('SIGTERM');
    const { code } = await app.exited;
    expect(code).toBe(0);
    expect(statuses.at(-1)?.payload).toBe('offline');
    await ha.endAsync().catch(() => undefined);

    const db = new BetterSqlite3(join(dir.path, 'switchyard.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    expect(app.output()).toMatch(/switchyard started/);
  });

  it('runs the heap policy of a bulk load (relaxed, then one full collection) without handing gc() to the program', () => {
    const tuning = new URL('../../dist/src/app/gc-tuning.js', import.meta.url).href;
    const script = `const m = await import(${JSON.stringify(tuning)}); m.bulkLoad(true); m.bulkLoad(false); m.bulkLoad(false); console.log(typeof globalThis.gc);`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('undefined');
  });

  it('exits non-zero naming the bad setting, before opening any port', async () => {
    const httpPort = await freePort();
    const app = run({ SWITCHYARD_HTTP_PORT: 'abc', SWITCHYARD_BROKER_PORT: String(httpPort) });
    const { code } = await app.exited;
    expect(code).not.toBe(0);
    expect(app.output()).toMatch(/http_port/);
    expect(app.output()).not.toMatch(/listening/);
  });

  it('stops on SIGINT too and keeps retained messages for the next start', async () => {
    const dir = tempDir();
    cleanup.push(dir.remove);
    const env = {
      SWITCHYARD_HTTP_PORT: String(await freePort()),
      SWITCHYARD_BROKER_PORT: String(await freePort()),
      SWITCHYARD_DATA_DIR: dir.path,
    };
    const first = run(env);
    await eventually(() => health(Number(env.SWITCHYARD_HTTP_PORT)), 10_000, 100);
    const device = await connectClient(Number(env.SWITCHYARD_BROKER_PORT));
    await device.publishAsync('devices/kitchen/state', '{"on":true}', { qos: 1, retain: true });
    await device.endAsync();
    first.child.kill('SIGINT');
    expect((await first.exited).code).toBe(0);

    const second = run(env);
    await eventually(() => health(Number(env.SWITCHYARD_HTTP_PORT)), 10_000, 100);
    const ha = await connectClient(Number(env.SWITCHYARD_BROKER_PORT));
    const seen = await collect(ha, 'devices/kitchen/state');
    await eventually(() => seen.length > 0);
    expect(seen[0]).toEqual({ topic: 'devices/kitchen/state', payload: '{"on":true}', retain: true });
    await ha.endAsync();
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  });

  it('SIGTERM to `npm start` reaches Switchyard: it stops, says offline and frees its ports', async () => {
    const dir = tempDir();
    cleanup.push(dir.remove);
    const [httpPort, brokerPort] = [await freePort(), await freePort()];
    const npm = run(
      {
        SWITCHYARD_HTTP_PORT: String(httpPort),
        SWITCHYARD_BROKER_PORT: String(brokerPort),
        SWITCHYARD_DATA_DIR: dir.path,
      },
      'npm',
    );
    await eventually(() => health(httpPort), 20_000, 100);
    const ha = await connectClient(brokerPort);
    const statuses = await collect(ha, 'switchyard/status');
    await eventually(() => statuses.length > 0);
    npm.child.kill('SIGTERM');
    await npm.exited;
    await eventually(() => statuses.at(-1)?.payload === 'offline');
    await ha.endAsync().catch(() => undefined);
    // no orphan left holding the ports: the HTTP port refuses connections, the data folder is free again
    await eventually(async () => {
      try {
        await health(httpPort);
        return false;
      } catch {
        return true;
      }
    });
    await eventually(() => !existsSync(join(dir.path, 'switchyard.lock')));
    expect(npm.output()).toMatch(/"signal":"SIGTERM".*"msg":"stopping"/);
  });

  it('a second instance on the same data folder refuses to start, naming the folder and the instance holding it', async () => {
    const dir = tempDir();
    cleanup.push(dir.remove);
    const env = (http: number, broker: number) => ({
      SWITCHYARD_HTTP_PORT: String(http),
      SWITCHYARD_BROKER_PORT: String(broker),
      SWITCHYARD_DATA_DIR: dir.path,
    });
    const firstPort = await freePort();
    const first = run(env(firstPort, await freePort()));
    await eventually(() => health(firstPort), 10_000, 100);
    const second = run(env(await freePort(), await freePort()));
    expect((await second.exited).code).toBe(1);
    expect(second.output()).toContain(
      `the data folder ${dir.path} is in use by another Switchyard (process ${first.child.pid}`,
    );
    expect(second.output()).toContain(`HTTP port ${firstPort}`);
    expect(second.output()).not.toMatch(/listening/);
    // the first goes on unharmed
    expect((await health(firstPort)).status).toBe('ok');
    first.child.kill('SIGKILL');
    await first.exited;

    // a lock left by an instance that died is taken over, with a word in the log
    const third = run(env(await freePort(), await freePort()));
    await eventually(() => /took over the data folder from an instance that is gone/.test(third.output()), 10_000, 100);
    third.child.kill('SIGTERM');
    expect((await third.exited).code).toBe(0);
  });
});

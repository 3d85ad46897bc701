// Crash safety (issue 21), on the compiled process with its embedded broker and SQLite file, as a user runs it:
// - kill -9 in the middle of a stream of states: the database passes integrity_check, the registry is complete,
//   and history misses only what arrived in the last moments (one flush window of 100 ms, plus what was still
//   being handled: the test allows 2 s on this shared machine);
// - SIGTERM after the last state is acknowledged: every state is in history.
import BetterSqlite3 from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { connectClient } from '../helpers/mqtt-client.js';
import { eventually, freePort, tempDir } from '../helpers/net.js';

const MAIN = fileURLToPath(new URL('../../dist/server/main.js', import.meta.url));
const SENSORS = 20;
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function start() {
  const dir = tempDir();
  cleanup.push(dir.remove);
  const [httpPort, brokerPort] = [await freePort(), await freePort()];
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      SWITCHYARD_OPTIONS: '/nonexistent/options.json',
      SWITCHYARD_HTTP_PORT: String(httpPort),
      SWITCHYARD_BROKER_PORT: String(brokerPort),
      SWITCHYARD_DATA_DIR: dir.path,
    },
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  cleanup.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const entities = async () => {
    const res = await fetch(`http://127.0.0.1:${httpPort}/api/entities?limit=1000`);
    return res.status === 200 ? ((await res.json()) as { count?: number; total?: number }) : undefined;
  };
  await eventually(async () => (await fetch(`http://127.0.0.1:${httpPort}/api/health`)).status === 200, 15_000, 100);
  const device = await connectClient(brokerPort);
  cleanup.push(() => device.endAsync().catch(() => undefined));
  for (let i = 0; i < SENSORS; i++)
    await device.publishAsync(
      `homeassistant/sensor/crash_${i}/config`,
      JSON.stringify({ name: `Crash ${i}`, unique_id: `crash_${i}`, state_topic: `crash/${i}` }),
      { qos: 1 },
    );
  await eventually(
    async () => {
      const body = (await entities()) as { entities?: { entity_id: string }[] } | undefined;
      return (body?.entities ?? []).filter((e) => e.entity_id.startsWith('sensor.crash_')).length === SENSORS;
    },
    15_000,
    100,
  );
  /**
   * publishes rounds of values to every sensor (QoS 1: each acknowledged), `rounds` of them or for `ms`;
   * returns when each round was acknowledged
   */
  const stream = async (rounds: number, ms = 0): Promise<number[]> => {
    const acked: number[] = [];
    const until = Date.now() + ms;
    for (let r = 1; r <= rounds || Date.now() < until; r++) {
      await Promise.all(
        Array.from({ length: SENSORS }, (_, i) => device.publishAsync(`crash/${i}`, String(r), { qos: 1 })),
      );
      acked.push(Date.now());
    }
    return acked;
  };
  const db = () => {
    const d = new BetterSqlite3(join(dir.path, 'switchyard.db'), { readonly: true });
    cleanup.push(() => d.close());
    return d;
  };
  return { child, exited, stream, db };
}

describe.skipIf(process.platform === 'win32')('crash safety', () => {
  it('kill -9 mid-stream: integrity ok, registry complete, history short only by the last moments', async () => {
    const app = await start();
    const acked = await app.stream(0, 4_000); // values 1, 2, 3, … for 4 s, then the kill
    app.child.kill('SIGKILL');
    const killedAt = Date.now();
    await app.exited;
    const db = app.db();
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const ids = db.prepare("SELECT entity_id FROM entities WHERE entity_id LIKE 'sensor.crash_%'").all();
    expect(ids).toHaveLength(SENSORS);
    // every round acknowledged 2 s or more before the kill is stored for every sensor
    const safe = acked.filter((t) => t <= killedAt - 2_000).length;
    expect(safe, 'the stream lasted long enough to have rounds that must be stored').toBeGreaterThan(10);
    const rows = db
      .prepare(
        "SELECT entity_id, MAX(CAST(state AS INTEGER)) AS top FROM state_history WHERE entity_id LIKE 'sensor.crash_%' GROUP BY entity_id",
      )
      .all() as { entity_id: string; top: number }[];
    expect(rows).toHaveLength(SENSORS);
    for (const r of rows) expect(r.top, r.entity_id).toBeGreaterThanOrEqual(safe);
  }, 60_000);

  it('SIGTERM after the last acknowledged state: every state is in history', async () => {
    const app = await start();
    const rounds = 50;
    await app.stream(rounds);
    app.child.kill('SIGTERM');
    await app.exited;
    const db = app.db();
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const counts = db
      .prepare(
        "SELECT entity_id, COUNT(DISTINCT state) AS n FROM state_history WHERE entity_id LIKE 'sensor.crash_%' AND state <> 'unknown' GROUP BY entity_id",
      )
      .all() as { entity_id: string; n: number }[];
    expect(counts).toHaveLength(SENSORS);
    for (const c of counts) expect(c.n, c.entity_id).toBe(rounds);
  }, 60_000);
});

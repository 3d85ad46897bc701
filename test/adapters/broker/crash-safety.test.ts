// "Acknowledged means stored": the broker runs in a child process that is killed with SIGKILL right
// after it acknowledged (PUBACK) retained messages and deletes; a new broker on the same data must hold
// exactly what was acknowledged — nothing lost, nothing deleted come back.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmbeddedBroker } from '../../../src/adapters/broker/embedded-broker.js';
import { openBrokerStateStore } from '../../../src/adapters/storage/broker-state-store.js';
import { silentLogger } from '../../../src/core/logger.js';
import { connectClient } from '../../helpers/mqtt-client.js';
import { eventually, freePort, tempDir } from '../../helpers/net.js';

const DIST = fileURLToPath(new URL('../../../dist/src/', import.meta.url));

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** The compiled broker (as `npm start` runs it) in a process of its own, on `port`, storing into `db`. */
async function brokerProcess(port: number, db: string): Promise<ChildProcess> {
  const script = `
    const { createEmbeddedBroker } = await import(${JSON.stringify(join(DIST, 'adapters/broker/embedded-broker.js'))});
    const { openBrokerStateStore } = await import(${JSON.stringify(join(DIST, 'adapters/storage/broker-state-store.js'))});
    const { silentLogger } = await import(${JSON.stringify(join(DIST, 'core/logger.js'))});
    const b = createEmbeddedBroker({ port: ${port}, host: '127.0.0.1', store: openBrokerStateStore(${JSON.stringify(db)}), log: silentLogger });
    await b.start();
    process.stdout.write('ready\\n');`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  cleanup.push(() => void child.kill('SIGKILL'));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`broker process exited with ${code}`)));
  });
  return child;
}

describe('embedded broker crash safety', () => {
  it('keeps every acknowledged retained message and delete across a SIGKILL', async () => {
    const dir = tempDir();
    cleanup.push(dir.remove);
    const db = join(dir.path, 'broker.db');
    const port = await freePort();
    const child = await brokerProcess(port, db);

    const pub = await connectClient(port);
    // 200 retained, then 100 of them deleted, all at QoS 1: every promise resolves on its PUBACK
    const acks: Promise<unknown>[] = [];
    for (let i = 0; i < 200; i++) acks.push(pub.publishAsync(`keep/${i}`, `value ${i}`, { qos: 1, retain: true }));
    for (let i = 0; i < 200; i += 2) acks.push(pub.publishAsync(`keep/${i}`, '', { qos: 1, retain: true }));
    await Promise.all(acks);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    pub.end(true);

    // what the file holds, read before any broker opens it again: exactly the acknowledged state
    const store = openBrokerStateStore(db);
    const rows = store.load().filter((r) => r.space === 'retained');
    store.close();
    const expected = [...Array(100).keys()].map((k) => `keep/${2 * k + 1}`);
    expect(rows.map((r) => r.key).sort()).toEqual([...expected].sort());

    // and what a subscriber of the restarted broker gets
    const b = createEmbeddedBroker({
      port: await freePort(),
      host: '127.0.0.1',
      store: openBrokerStateStore(db),
      log: silentLogger,
    });
    await b.start();
    cleanup.push(() => b.stop());
    const sub = await connectClient(b.port);
    cleanup.push(() => sub.endAsync());
    const got = new Map<string, string>();
    sub.on('message', (t, p) => got.set(t, p.toString()));
    await sub.subscribeAsync('keep/#', { qos: 1 });
    await eventually(() => got.size >= 100);
    expect([...got].sort()).toEqual(expected.map((t) => [t, `value ${t.slice(5)}`]).sort());
  });
});

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, tempDir } from './net.js';
import { connectClient } from './mqtt-client.js';

const BINARY = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto', 'mosquitto'].find((p) => spawnSync(p, ['-h']).error === undefined);

/** Whether a real Mosquitto is installed. CI (CI=true) installs it, so there a missing one is a failure. */
export const mosquittoAvailable = BINARY !== undefined;
export const mosquittoRequired = process.env.CI === 'true';

export interface Mosquitto {
  readonly port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A real Mosquitto on a loopback port; start/stop can repeat on the same port (broker restart). */
export async function createMosquitto(): Promise<Mosquitto> {
  if (!BINARY) throw new Error('mosquitto is not installed (apt-get install mosquitto)');
  const port = await freePort();
  const dir = tempDir('switchyard-mosquitto-');
  const conf = join(dir.path, 'mosquitto.conf');
  writeFileSync(conf, `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\nset_tcp_nodelay true\n`);
  let child: ChildProcess | undefined;
  return {
    port,
    async start() {
      child = spawn(BINARY, ['-c', conf], { stdio: 'ignore' });
      for (let i = 0; i < 100; i++) {
        try {
          const c = await connectClient(port, { connectTimeout: 500 });
          await c.endAsync();
          return;
        } catch {
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      throw new Error(`mosquitto did not start on port ${port}`);
    },
    async stop() {
      const c = child;
      child = undefined;
      if (!c || c.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        c.once('exit', () => resolve());
        c.kill('SIGKILL');
      });
    },
  };
}

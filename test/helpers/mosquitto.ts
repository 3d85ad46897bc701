import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, tempDir } from './net.js';
import { connectClient } from './mqtt-client.js';

const BINARY = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto', 'mosquitto'].find(
  (p) => spawnSync(p, ['-h']).error === undefined,
);
const PASSWD = ['/usr/bin/mosquitto_passwd', '/usr/sbin/mosquitto_passwd', 'mosquitto_passwd'].find(
  (p) => spawnSync(p, ['-h']).error === undefined,
);

/** Whether a real Mosquitto is installed. CI (CI=true) installs it, so there a missing one is a failure. */
export const mosquittoAvailable = BINARY !== undefined;
export const mosquittoRequired = process.env.CI === 'true';

export interface MosquittoOptions {
  /** `persistence true` with its persistence_location in the broker's temp folder; stop() then ends it with SIGTERM so it saves */
  persistence?: boolean;
  /** with both set, a password_file (made with mosquitto_passwd) holds this one user and anonymous clients are refused */
  username?: string;
  password?: string;
  /** `max_packet_size`: a client sending a larger packet is disconnected */
  maxPacketSize?: number;
}

export interface Mosquitto {
  readonly port: number;
  /** the temp folder holding mosquitto.conf (and the persistence database, the password file) */
  readonly dir: string;
  start(): Promise<void>;
  /** SIGKILL by default (a crash); SIGTERM by default with persistence, so Mosquitto writes its database */
  stop(signal?: 'SIGKILL' | 'SIGTERM'): Promise<void>;
  /** stop and delete the temp folder */
  dispose(): Promise<void>;
}

/** A real Mosquitto on a loopback port; start/stop can repeat on the same port (broker restart). */
export async function createMosquitto(options: MosquittoOptions = {}): Promise<Mosquitto> {
  if (!BINARY) throw new Error('mosquitto is not installed (apt-get install mosquitto)');
  const port = await freePort();
  const dir = tempDir('switchyard-mosquitto-');
  const conf = join(dir.path, 'mosquitto.conf');
  const lines = [`listener ${port} 127.0.0.1`, 'set_tcp_nodelay true'];
  // started as root, Mosquitto drops to the `mosquitto` user, which cannot write the (0700) temp folder
  if (process.getuid?.() === 0) lines.push('user root');
  const auth = options.username !== undefined && options.password !== undefined;
  if (auth) {
    if (!PASSWD) throw new Error('mosquitto_passwd is not installed');
    const file = join(dir.path, 'passwd');
    const made = spawnSync(PASSWD, ['-b', '-c', file, options.username!, options.password!]);
    if (made.status !== 0) throw new Error(`mosquitto_passwd failed: ${String(made.stderr)}`);
    lines.push('allow_anonymous false', `password_file ${file}`);
  } else {
    lines.push('allow_anonymous true');
  }
  if (options.persistence)
    lines.push('persistence true', `persistence_location ${dir.path}/`, 'persistence_file mosquitto.db');
  else lines.push('persistence false');
  if (options.maxPacketSize !== undefined) lines.push(`max_packet_size ${options.maxPacketSize}`);
  writeFileSync(conf, `${lines.join('\n')}\n`);
  const probe = auth ? { username: options.username!, password: options.password! } : {};
  let child: ChildProcess | undefined;
  const stop = async (signal: 'SIGKILL' | 'SIGTERM' = options.persistence ? 'SIGTERM' : 'SIGKILL') => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill(signal);
    });
  };
  return {
    port,
    dir: dir.path,
    async start() {
      child = spawn(BINARY, ['-c', conf], { stdio: 'ignore' });
      for (let i = 0; i < 100; i++) {
        try {
          const c = await connectClient(port, { connectTimeout: 500, ...probe });
          await c.endAsync();
          return;
        } catch {
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      throw new Error(`mosquitto did not start on port ${port}`);
    },
    stop,
    async dispose() {
      await stop();
      dir.remove();
    },
  };
}

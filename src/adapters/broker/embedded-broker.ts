// Owns aedes and its LevelDB persistence: the MQTT broker that runs inside the process when no
// external broker is configured. Retained messages and QoS 1 sessions live under <data_dir>/broker,
// so they survive a restart as Mosquitto's do.
import { Aedes, type AuthenticateError } from 'aedes';
import aedesPersistenceLevel from 'aedes-persistence-level';
import { Level } from 'level';
import { createServer, type Server, type Socket } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import type { Logger } from '../../core/logger.js';
import type { Service } from '../../core/ports.js';

export interface EmbeddedBrokerOptions {
  port: number;
  host?: string;
  /** folder for the persistence; undefined keeps everything in memory */
  dataDir?: string;
  username?: string | undefined;
  password?: string | undefined;
  log: Logger;
}

export interface EmbeddedBroker extends Service {
  /** the port actually bound (useful with port 0) */
  readonly port: number;
  readonly clientCount: number;
}

interface Persistence {
  destroy(): Promise<void>;
  storeRetained(packet: RetainedPacket): Promise<void>;
  createRetainedStream(pattern: string): Readable;
  createRetainedStreamCombi(patterns: string[]): Readable;
}

interface RetainedPacket {
  cmd: string;
  topic: string;
  payload: Buffer;
  qos: number;
  retain: boolean;
  brokerId?: string;
  brokerCounter?: number;
}

/**
 * aedes numbers each publish when it arrives and a subscriber drops any packet numbered below one it has
 * already seen; while a retained message waits for its disk write, a later publish overtakes it and the
 * retained one is then dropped for every live subscriber. So retained messages are written behind, in
 * order, and reads of retained messages wait for the writes before them.
 */
function writeRetainedBehind(p: Persistence, log: Logger): Persistence & { drain(): Promise<void> } {
  let pending: Promise<void> = Promise.resolve();
  const store = p.storeRetained.bind(p);
  const stream = p.createRetainedStream.bind(p);
  const combi = p.createRetainedStreamCombi.bind(p);
  const after = (read: () => Readable) =>
    Readable.from(
      (async function* () {
        await pending;
        yield* read();
      })(),
    );
  return Object.assign(p, {
    storeRetained(packet: RetainedPacket) {
      const copy = { cmd: packet.cmd, topic: packet.topic, payload: packet.payload, qos: packet.qos, retain: packet.retain, brokerId: packet.brokerId, brokerCounter: packet.brokerCounter };
      pending = pending.then(() => store(copy)).catch((err: unknown) => log.error('storing a retained message failed', { topic: copy.topic, err: String(err) }));
      return Promise.resolve();
    },
    createRetainedStream: (pattern: string) => after(() => stream(pattern)),
    createRetainedStreamCombi: (patterns: string[]) => after(() => combi(patterns)),
    drain: () => pending,
  });
}

export function createEmbeddedBroker(opts: EmbeddedBrokerOptions): EmbeddedBroker {
  const log = opts.log;
  let aedes: Aedes | undefined;
  let server: Server | undefined;
  let persistence: (Persistence & { drain(): Promise<void> }) | undefined;
  let boundPort = opts.port;
  const sockets = new Set<Socket>();

  return {
    name: 'broker',
    get port() {
      return boundPort;
    },
    get clientCount() {
      return aedes?.connectedClients ?? 0;
    },

    async start() {
      if (opts.dataDir) {
        const dir = join(opts.dataDir, 'broker');
        mkdirSync(dir, { recursive: true });
        const db = new Level<string, Buffer>(dir, { valueEncoding: 'buffer' });
        await db.open();
        persistence = writeRetainedBehind(aedesPersistenceLevel(db) as Persistence, log);
      }
      aedes = await Aedes.createBroker(persistence ? { persistence } : {});
      if (opts.username !== undefined && opts.password !== undefined) {
        const user = Buffer.from(opts.username);
        const pass = Buffer.from(opts.password);
        aedes.authenticate = (_client, username, password, done) => {
          const ok = username !== undefined && password !== undefined && safeEqual(Buffer.from(username), user) && safeEqual(password, pass);
          if (ok) return done(null, true);
          const err = new Error('bad username or password') as AuthenticateError;
          err.returnCode = 4;
          done(err, null);
        };
      }
      aedes.on('clientError', (client, err) => log.debug('broker client error', { client: client.id, err: err.message }));
      const broker = aedes;
      server = createServer({ noDelay: true }, (socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        broker.handle(socket);
      });
      const srv = server;
      await new Promise<void>((resolve, reject) => {
        srv.once('error', reject);
        srv.listen(opts.port, opts.host ?? '0.0.0.0', () => {
          srv.off('error', reject);
          resolve();
        });
      });
      const addr = srv.address();
      if (addr && typeof addr === 'object') boundPort = addr.port;
      log.info('embedded mqtt broker listening', { port: boundPort, persistent: persistence !== undefined, auth: opts.username !== undefined });
    },

    async stop() {
      const srv = server;
      const broker = aedes;
      server = undefined;
      aedes = undefined;
      if (srv) {
        const closed = new Promise<void>((resolve) => srv.close(() => resolve()));
        for (const s of sockets) s.destroy();
        await closed;
      }
      if (broker) await new Promise<void>((resolve) => broker.close(() => resolve()));
      if (persistence) {
        const p = persistence;
        persistence = undefined;
        await p.drain();
        // without a callback it returns the promise; with one it waits for a 'ready' that aedes 1.x never emits
        await p.destroy();
      }
    },
  };
}

function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

// Owns aedes (patched, see README.md): the MQTT broker that runs inside the process when no external
// broker is configured. Retained messages, sessions and their queues are kept in the durable store given
// to it (Switchyard's SQLite, through DurablePersistence), so they survive a restart or a crash.
import { Aedes } from 'aedes';
import { createServer, type Server, type Socket } from 'node:net';
import type { Logger } from '../../core/logger.js';
import type { BrokerStateStore, Service } from '../../core/ports.js';
import { authenticator, subscriptionGuard } from './broker-auth.js';
import type { Credentials } from './credentials.js';
import { DurablePersistence } from './durable-persistence.js';

/** the largest MQTT packet the broker takes unless told otherwise: room for camera snapshots */
export const DEFAULT_MAX_PACKET_SIZE = 4 * 1024 * 1024;

export interface EmbeddedBrokerOptions {
  port: number;
  host?: string;
  /** durable state; undefined keeps everything in memory */
  store?: BrokerStateStore | undefined;
  /** every client must log in with these */
  username?: string | undefined;
  password?: string | undefined;
  /**
   * without username/password: clients on other hosts must log in with these, loopback clients may be
   * anonymous (Mosquitto 2 refuses anonymous clients beyond loopback too). Undefined: remote clients
   * without the configured credentials are refused.
   */
  remoteCredentials?: Credentials | undefined;
  /** bytes, fixed header included; a larger packet closes the connection */
  maxPacketSize?: number | undefined;
  log: Logger;
}

/** How clients log in, for the panel: `password` only when the broker generated it (the user knows their own). */
export interface BrokerLogin {
  readonly port: number;
  readonly username: string | null;
  readonly password: string | null;
  /** who may connect without logging in */
  readonly anonymous: 'loopback' | 'nobody';
}

export interface EmbeddedBroker extends Service {
  /** the port actually bound (useful with port 0) */
  readonly port: number;
  readonly clientCount: number;
  readonly login: BrokerLogin;
}

export function createEmbeddedBroker(opts: EmbeddedBrokerOptions): EmbeddedBroker {
  const log = opts.log;
  let aedes: Aedes | undefined;
  let server: Server | undefined;
  let persistence: DurablePersistence | undefined;
  let boundPort = opts.port;
  const sockets = new Set<Socket>();
  const required =
    opts.username !== undefined && opts.password !== undefined
      ? { username: opts.username, password: opts.password }
      : undefined;

  return {
    name: 'broker',
    get port() {
      return boundPort;
    },
    get clientCount() {
      return aedes?.connectedClients ?? 0;
    },
    get login(): BrokerLogin {
      if (required) return { port: boundPort, username: required.username, password: null, anonymous: 'nobody' };
      const remote = opts.remoteCredentials;
      return {
        port: boundPort,
        username: remote?.username ?? null,
        password: remote?.password ?? null,
        anonymous: 'loopback',
      };
    },

    async start() {
      persistence = opts.store ? new DurablePersistence(opts.store, log) : undefined;
      aedes = await Aedes.createBroker({
        ...(persistence ? { persistence } : {}),
        maxPacketSize: opts.maxPacketSize ?? DEFAULT_MAX_PACKET_SIZE,
        authenticate: authenticator({ required, remote: opts.remoteCredentials }, log),
        authorizeSubscribe: subscriptionGuard(log),
      });
      aedes.on('clientError', (client, err) =>
        log.debug('broker client error', { client: client.id, err: err.message }),
      );
      aedes.on('connectionError', (_client, err) => log.debug('broker connection error', { err: err.message }));
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
      log.info('embedded mqtt broker listening', {
        port: boundPort,
        persistent: persistence !== undefined,
        ...(persistence ? persistence.loaded : {}),
        auth: required ? 'everyone' : opts.remoteCredentials ? 'clients on other hosts' : 'loopback only',
        max_packet_size: opts.maxPacketSize ?? DEFAULT_MAX_PACKET_SIZE,
      });
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
        await p.destroy();
      }
    },
  };
}

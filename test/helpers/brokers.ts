// A harness for differential broker tests: the same client script runs against a real Mosquitto and
// against the embedded broker (aedes), and the test compares what the clients observed.
import mqtt, { type IClientOptions, type IClientPublishOptions, type MqttClient } from 'mqtt';
import mqttPacket, { type IConnectPacket, type IPublishPacket, type Packet } from 'mqtt-packet';
import { connect as netConnect } from 'node:net';
import { join } from 'node:path';
import {
  createEmbeddedBroker,
  type EmbeddedBroker,
  type EmbeddedBrokerOptions,
} from '../../src/adapters/broker/embedded-broker.js';
import { createMqttConnection, type MqttConnection } from '../../src/adapters/mqtt/mqtt-connection.js';
import { openBrokerStateStore } from '../../src/adapters/storage/broker-state-store.js';
import { silentLogger } from '../../src/core/logger.js';
import { createMosquitto, mosquittoAvailable, mosquittoRequired } from './mosquitto.js';
import { tempDir } from './net.js';

export type BrokerKind = 'mosquitto' | 'embedded';
export const brokerKinds: readonly BrokerKind[] = ['mosquitto', 'embedded'];

/** Skip differential suites when Mosquitto is missing, except on CI (CI=true), where that is a failure. */
export const skipDifferential = !mosquittoAvailable && !mosquittoRequired;

export interface BrokerOptions {
  /**
   * keep state on disk, across restart(): Mosquitto `persistence true`, the embedded broker with its SQLite
   * state file. Default true: both run that way in the add-on (the Mosquitto add-on has persistence on,
   * the embedded broker always has a data folder), and the embedded broker's live behaviour depends on it.
   */
  persistent?: boolean;
  username?: string;
  password?: string;
  maxPacketSize?: number;
}

export interface TestBroker {
  readonly kind: BrokerKind;
  readonly port: number;
  /** graceful stop and start again on the same port with the same state folder */
  restart(): Promise<void>;
  /** stop and remove the state folder */
  stop(): Promise<void>;
}

/**
 * The one place the embedded broker is built for these tests, as src/app/mqtt.ts builds it: its state
 * in <dataDir>/broker.db (a fresh store for every start: stop() closes it), in memory without dataDir.
 */
export async function startEmbedded(
  port: number,
  opts: BrokerOptions & { dataDir?: string | undefined },
): Promise<EmbeddedBroker> {
  const options: EmbeddedBrokerOptions = {
    port,
    host: '127.0.0.1',
    log: silentLogger,
    store: opts.dataDir !== undefined ? openBrokerStateStore(join(opts.dataDir, 'broker.db')) : undefined,
    username: opts.username,
    password: opts.password,
    // undefined: the broker's default (4 MiB)
    maxPacketSize: opts.maxPacketSize,
  };
  const broker = createEmbeddedBroker(options);
  await broker.start();
  return broker;
}

export async function startBroker(kind: BrokerKind, opts: BrokerOptions = {}): Promise<TestBroker> {
  const persistent = opts.persistent !== false;
  if (kind === 'mosquitto') {
    const m = await createMosquitto({
      persistence: persistent,
      ...(opts.username !== undefined ? { username: opts.username } : {}),
      ...(opts.password !== undefined ? { password: opts.password } : {}),
      ...(opts.maxPacketSize !== undefined ? { maxPacketSize: opts.maxPacketSize } : {}),
    });
    try {
      await m.start();
    } catch (err) {
      await m.dispose();
      throw err;
    }
    return {
      kind,
      port: m.port,
      async restart() {
        await m.stop('SIGTERM');
        await m.start();
      },
      stop: () => m.dispose(),
    };
  }
  const dir = persistent ? tempDir('switchyard-embedded-') : undefined;
  let broker: EmbeddedBroker | undefined;
  try {
    broker = await startEmbedded(0, { ...opts, dataDir: dir?.path });
  } catch (err) {
    dir?.remove();
    throw err;
  }
  const port = broker.port;
  return {
    kind,
    port,
    async restart() {
      await broker?.stop();
      broker = undefined;
      broker = await startEmbedded(port, { ...opts, dataDir: dir?.path });
    },
    async stop() {
      const b = broker;
      broker = undefined;
      await b?.stop();
      dir?.remove();
    },
  };
}

// ---- clients ---------------------------------------------------------------------------------------

/** What a subscriber observed for one PUBLISH. */
export interface Msg {
  topic: string;
  payload: string;
  qos: number;
  retain: boolean;
}

/** Messages on this prefix flush the path between two clients and are never recorded. */
export const MARKER_PREFIX = 'zz-marker/';

export interface Peer {
  readonly label: string;
  readonly client: MqttClient;
  /** every PUBLISH received, in arrival order, markers left out */
  readonly messages: Msg[];
  /** the same, as packets (MQTT 5 properties) */
  readonly packets: IPublishPacket[];
  readonly connack: { returnCode: number; sessionPresent: boolean } | undefined;
  /** the connection closed (by either side) */
  readonly closed: boolean;
  subscribe(filter: string | string[], qos?: 0 | 1 | 2, extra?: Record<string, unknown>): Promise<number[]>;
  /** fire and forget, in order */
  publish(topic: string, payload: string | Buffer, opts?: IClientPublishOptions): void;
  publishAsync(topic: string, payload: string | Buffer, opts?: IClientPublishOptions): Promise<unknown>;
  /**
   * wait until fewer than `max` QoS 1/2 publishes of this client are unacknowledged. Mosquitto 2.0 drops
   * (while still acknowledging) incoming QoS 2 messages beyond max_inflight_messages (20) unreleased
   * ones from an MQTT 3.1.1 client, which has no receive maximum to respect: scripts pace QoS 2 bursts.
   */
  pace(max?: number): Promise<void>;
  /**
   * resolves once everything this client published before reached `to`: a QoS 2 marker behind it
   * arrived (Mosquitto forwards a QoS 2 message on PUBREL, so a lower-QoS marker could overtake one)
   */
  flushTo(to: Peer, timeoutMs?: number): Promise<void>;
  /** as flushTo, but false (no exception) when this client's connection closes first */
  tryFlushTo(to: Peer, timeoutMs?: number): Promise<boolean>;
  /** wait until the connection closes; false if it did not within the time */
  waitClosed(timeoutMs?: number): Promise<boolean>;
  /** drop the TCP connection without DISCONNECT (the will is due) */
  kill(): void;
  /** clean DISCONNECT */
  end(): Promise<void>;
}

export interface ConnectOutcome {
  accepted: boolean;
  /** CONNACK return code (MQTT 5: reason code); undefined when the broker closed without one */
  returnCode: number | undefined;
  sessionPresent: boolean | undefined;
}

/** A client speaking bytes through mqtt-packet, for what mqtt.js refuses to send or hides. */
export interface RawPeer {
  readonly packets: Packet[];
  readonly closed: boolean;
  /** Date.now() when the connection closed */
  readonly closedAt: number | undefined;
  send(packet: Packet): void;
  /** handcrafted bytes, for packets mqtt-packet refuses to generate */
  sendBytes(bytes: Buffer): void;
  waitFor(cmd: Packet['cmd'], timeoutMs?: number): Promise<Packet | undefined>;
  waitClosed(timeoutMs?: number): Promise<boolean>;
  destroy(): void;
}

export interface Run {
  readonly kind: BrokerKind;
  readonly broker: TestBroker;
  readonly port: number;
  /** an mqtt.js client (MQTT 3.1.1 unless told), connected; never reconnects */
  connect(options?: IClientOptions): Promise<Peer>;
  /** try to connect and report the CONNACK, whatever it is */
  attempt(options?: IClientOptions): Promise<ConnectOutcome>;
  raw(parserVersion?: 4 | 5): Promise<RawPeer>;
  /** what a new clean subscriber to `filter` gets as retained messages, sorted by topic */
  retainedSet(filter: string, expected: number): Promise<Msg[]>;
}

let seq = 0;
const unique = (what: string) => `${what}-${process.pid}-${++seq}`;

/** Poll until `check` holds; false (not an exception) when the time runs out. */
export async function settle(check: () => boolean, timeoutMs = 3_000, stepMs = 10): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return true;
}

async function must(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  if (!(await settle(check, timeoutMs))) throw new Error(`${what} within ${timeoutMs} ms`);
}

function openClient(port: number, options: IClientOptions): { peer: Peer; ready: Promise<ConnectOutcome> } {
  const label = unique('p');
  const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, {
    reconnectPeriod: 0,
    connectTimeout: 5_000,
    protocolVersion: 4,
    ...options,
  });
  const messages: Msg[] = [];
  const packets: IPublishPacket[] = [];
  const markers = new Set<string>();
  let connack: Peer['connack'];
  let closed = false;
  let markerSub: Promise<unknown> | undefined;
  client.on('message', (topic, payload, packet) => {
    if (topic.startsWith(MARKER_PREFIX)) {
      markers.add(payload.toString());
      return;
    }
    messages.push({ topic, payload: payload.toString(), qos: packet.qos, retain: packet.retain === true });
    packets.push(packet);
  });
  const ready = new Promise<ConnectOutcome>((resolve) => {
    client.on('connect', (p) => {
      const rc = p.returnCode ?? p.reasonCode ?? 0;
      connack = { returnCode: rc, sessionPresent: p.sessionPresent === true };
      resolve({ accepted: true, returnCode: rc, sessionPresent: p.sessionPresent === true });
    });
    client.on('error', (err: Error & { code?: unknown }) => {
      // a refused CONNECT: mqtt.js reports the CONNACK code as err.code
      if (typeof err.code === 'number' && !connack)
        resolve({ accepted: false, returnCode: err.code, sessionPresent: undefined });
    });
    client.on('close', () => {
      closed = true;
      resolve({ accepted: false, returnCode: undefined, sessionPresent: undefined });
    });
  });
  const peer: Peer = {
    label,
    client,
    messages,
    packets,
    get connack() {
      return connack;
    },
    get closed() {
      return closed;
    },
    subscribe(filter, qos = 1, extra = {}) {
      // a refused filter (0x80) makes mqtt.js fail the call: the SUBACK still comes with the error
      return new Promise<number[]>((resolve, reject) => {
        client.subscribe(filter, { qos, ...extra } as never, (err, _granted, packet) => {
          if (packet?.granted) resolve(packet.granted.map(Number));
          else reject(err ?? new Error('no SUBACK'));
        });
      });
    },
    publish(topic, payload, opts = {}) {
      client.publish(topic, payload, opts, () => undefined);
    },
    publishAsync: (topic, payload, opts = {}) => client.publishAsync(topic, payload, opts),
    async pace(max = 10) {
      await must(() => Object.keys(client.outgoing).length < max || closed, `${label}: publishes not acknowledged`);
    },
    async flushTo(to, timeoutMs = 10_000) {
      if (!(await peer.tryFlushTo(to, timeoutMs)))
        throw new Error(`${label} closed before its marker reached ${to.label}`);
    },
    async tryFlushTo(to, timeoutMs = 10_000) {
      await peer.pace(1);
      if (closed) return false;
      const topic = `${MARKER_PREFIX}${to.label}`;
      await (to as PeerInternal).markerSubscription(topic);
      const token = unique('m');
      client.publish(topic, token, { qos: 2 }, () => undefined);
      await must(
        () => (to as PeerInternal).markerSeen(token) || closed,
        `marker from ${label} did not reach ${to.label}`,
        timeoutMs,
      );
      return (to as PeerInternal).markerSeen(token);
    },
    waitClosed: (timeoutMs = 5_000) => settle(() => closed, timeoutMs),
    kill() {
      client.stream.destroy();
    },
    async end() {
      if (!closed) await client.endAsync();
    },
  };
  Object.assign(peer, {
    markerSubscription: (topic: string) => (markerSub ??= client.subscribeAsync(topic, { qos: 2 })),
    markerSeen: (token: string) => markers.has(token),
  });
  return { peer, ready };
}

interface PeerInternal extends Peer {
  markerSubscription(topic: string): Promise<unknown>;
  markerSeen(token: string): boolean;
}

function openRaw(port: number, parserVersion: 4 | 5): Promise<RawPeer> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ port, host: '127.0.0.1', noDelay: true });
    const parser = mqttPacket.parser({ protocolVersion: parserVersion });
    const packets: Packet[] = [];
    let closed = false;
    let closedAt: number | undefined;
    parser.on('packet', (p: Packet) => packets.push(p));
    parser.on('error', () => undefined);
    socket.on('data', (d) => parser.parse(d));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closed = true;
      closedAt = Date.now();
    });
    socket.once('connect', () =>
      resolve({
        packets,
        get closed() {
          return closed;
        },
        get closedAt() {
          return closedAt;
        },
        send: (p) =>
          void socket.write(
            mqttPacket.generate(p, { protocolVersion: (p as IConnectPacket).protocolVersion ?? parserVersion }),
          ),
        sendBytes: (bytes) => void socket.write(bytes),
        async waitFor(cmd, timeoutMs = 5_000) {
          await settle(() => packets.some((p) => p.cmd === cmd) || closed, timeoutMs);
          return packets.find((p) => p.cmd === cmd);
        },
        waitClosed: (timeoutMs = 5_000) => settle(() => closed, timeoutMs),
        destroy: () => socket.destroy(),
      }),
    );
    socket.once('error', reject);
  });
}

/** Run a client script against one broker kind, cleaning up clients and broker afterwards. */
export async function runOn<T>(
  kind: BrokerKind,
  scenario: (run: Run) => Promise<T>,
  opts: BrokerOptions = {},
): Promise<T> {
  const broker = await startBroker(kind, opts);
  const peers: Peer[] = [];
  const raws: RawPeer[] = [];
  const run: Run = {
    kind,
    broker,
    port: broker.port,
    async connect(options = {}) {
      const { peer, ready } = openClient(broker.port, options);
      peers.push(peer);
      const outcome = await ready;
      if (!outcome.accepted) throw new Error(`${kind}: connect refused (return code ${String(outcome.returnCode)})`);
      return peer;
    },
    async attempt(options = {}) {
      const { peer, ready } = openClient(broker.port, options);
      peers.push(peer);
      return ready;
    },
    async raw(parserVersion = 4) {
      const r = await openRaw(broker.port, parserVersion);
      raws.push(r);
      return r;
    },
    async retainedSet(filter, expected) {
      const p = await run.connect();
      await p.subscribe(filter, 1);
      await settle(() => p.messages.length >= expected, 3_000);
      await p.flushTo(p);
      await p.end();
      return sortByTopic(p.messages);
    },
  };
  try {
    return await scenario(run);
  } finally {
    for (const p of peers) p.client.end(true);
    for (const r of raws) r.destroy();
    await broker.stop();
  }
}

/** A failure of the scenario itself on the embedded broker, kept as a value so the diff shows it. */
export interface ScenarioError {
  scenarioError: string;
}

/**
 * Run the scenario on Mosquitto (the reference: it must not throw), then on the embedded broker;
 * compare with `expect(r.embedded).toEqual(r.mosquitto)`.
 */
export async function both<T>(
  scenario: (run: Run) => Promise<T>,
  opts: BrokerOptions = {},
): Promise<{ mosquitto: T; embedded: T | ScenarioError }> {
  const mosquitto = await runOn('mosquitto', scenario, opts);
  let embedded: T | ScenarioError;
  try {
    embedded = await runOn('embedded', scenario, opts);
  } catch (err) {
    embedded = { scenarioError: err instanceof Error ? err.message : String(err) };
  }
  if (process.env.DIFFERENTIAL_PRINT === '1')
    console.log(JSON.stringify({ mosquitto, embedded }, null, 1).slice(0, 4_000));
  return { mosquitto, embedded };
}

// ---- result shaping ----------------------------------------------------------------------------------

export function sortByTopic(msgs: Msg[]): Msg[] {
  return [...msgs].sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
}

/** per topic, the payloads in arrival order (with the retain flag and QoS when asked) */
export function perTopic(msgs: Msg[], show: (m: Msg) => string = (m) => m.payload): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of msgs) {
    out[m.topic] ??= [];
    out[m.topic]?.push(show(m));
  }
  return out;
}

/**
 * per topic and QoS, the payloads in arrival order: MQTT orders messages per topic and QoS, and Mosquitto
 * does pass queued QoS 1 messages with later QoS 0 ones on the same topic
 */
export function perTopicQos(msgs: Msg[], show: (m: Msg) => string = (m) => m.payload): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of msgs) {
    const key = `${m.topic} @qos${m.qos}`;
    out[key] ??= [];
    out[key]?.push(show(m));
  }
  return out;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Switchyard's own MQTT connection to a broker on this host, started; no birth or will. The caller stops it. */
export async function startConnection(port: number): Promise<MqttConnection> {
  const conn = createMqttConnection({ url: `mqtt://127.0.0.1:${port}`, log: silentLogger, statusTopic: false });
  await conn.start();
  return conn;
}

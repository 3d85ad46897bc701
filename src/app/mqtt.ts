// Which broker, and the connection to it (part of the composition root): the configured broker, else the
// Supervisor's MQTT service when running as an add-on, else the embedded broker started here.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Credentials } from '../adapters/broker/credentials.js';
import type { EmbeddedBroker } from '../adapters/broker/embedded-broker.js';
import { createMqttConnection, type MqttConnection } from '../adapters/mqtt/mqtt-connection.js';
import { resolveMqtt, type MqttChoice, type MqttEnv } from '../adapters/supervisor/resolve-mqtt.js';
import type { Settings } from '../config/settings.js';
import type { AlertStore } from '../core/alerts.js';
import type { Logger } from '../core/logger.js';
import type { Service } from '../core/ports.js';

export interface MqttWiring {
  settings: Settings;
  env: MqttEnv;
  log: Logger;
  startWaitMs?: number | undefined;
  onConnectionChange: (connected: boolean) => void;
  /** where a `commands_expired` alert goes when commands kept during an outage ran out of time */
  alerts?: () => Pick<AlertStore, 'raise'> | undefined;
  startService(service: Service): Promise<void>;
  /** one of several instances: the share group of the state topics' subscriptions, and a client id of its own */
  shareGroup?: string | undefined;
  clientId?: string | undefined;
  statusTopic?: string | undefined;
}

/** one of several instances: a broker ends a dead instance's session (and its share of the messages) after 7.5 s */
const CLUSTER_KEEPALIVE_S = 5;

export async function connectMqtt(
  w: MqttWiring,
): Promise<{ mqtt: MqttConnection; broker: EmbeddedBroker | undefined; choice: MqttChoice }> {
  const { settings } = w;
  const choice = await resolveMqtt(settings, w.env, { log: w.log.child({ part: 'supervisor' }) });
  if (w.shareGroup && choice.source === 'embedded')
    throw new Error(
      'several instances (cluster_instance) share one MQTT broker: set mqtt_url (the embedded broker serves one instance)',
    );
  let broker: EmbeddedBroker | undefined;
  let target: { url: string; username?: string | undefined; password?: string | undefined };
  if (choice.source === 'embedded') {
    broker = await startEmbeddedBroker(w);
    target = {
      url: `mqtt://127.0.0.1:${broker.port}`,
      username: settings.broker_username,
      password: settings.broker_password,
    };
  } else {
    target = choice;
  }
  const mqtt = createMqttConnection({
    url: target.url,
    username: target.username,
    password: target.password,
    log: w.log.child({ part: 'mqtt' }),
    ...(w.startWaitMs !== undefined ? { startWaitMs: w.startWaitMs } : {}),
    onConnectionChange: w.onConnectionChange,
    commandTtlMs: settings.command_queue_s * 1000,
    ...(w.shareGroup ? { shareGroup: w.shareGroup, keepaliveS: CLUSTER_KEEPALIVE_S } : {}),
    ...(w.clientId ? { clientId: w.clientId } : {}),
    ...(w.statusTopic ? { statusTopic: w.statusTopic } : {}),
    onCommandsExpired: (late) =>
      w.alerts?.()?.raise({
        severity: 'warning',
        type: 'commands_expired',
        message: `${late.length} command(s) asked for while MQTT was away ran out of time (command_queue_s ${settings.command_queue_s}) and were not sent: ${late.slice(0, 10).join('; ')}${late.length > 10 ? '; …' : ''}`,
        device_id: null,
        entity_id: null,
      }),
  });
  await w.startService(mqtt);
  return { mqtt, broker, choice };
}

/**
 * The embedded broker with its state in <data_dir>/broker.db. Without broker_username/password, clients on
 * other hosts log in with credentials generated on the first start (<data_dir>/broker-credentials.json).
 */
async function startEmbeddedBroker(w: MqttWiring): Promise<EmbeddedBroker> {
  const { settings } = w;
  const log = w.log.child({ part: 'broker' });
  // aedes and its streams take tens of ms to load: only an add-on without a broker needs them
  const [{ createEmbeddedBroker }, { loadOrCreateCredentials }, { openBrokerStateStore }] = await Promise.all([
    import('../adapters/broker/embedded-broker.js'),
    import('../adapters/broker/credentials.js'),
    import('../adapters/storage/broker-state-store.js'),
  ]);
  mkdirSync(settings.data_dir, { recursive: true });
  if (existsSync(join(settings.data_dir, 'broker', 'CURRENT'))) {
    log.warn(
      'the LevelDB folder of an earlier version (broker/ in the data folder) is no longer read: its retained messages come back as devices publish them again; the folder can be deleted',
    );
  }
  let remoteCredentials: Credentials | undefined;
  if (settings.broker_username === undefined) {
    const file = join(settings.data_dir, 'broker-credentials.json');
    const { credentials, created } = loadOrCreateCredentials(file);
    remoteCredentials = credentials;
    if (created) {
      log.warn(
        `embedded broker: clients on other hosts must log in as '${credentials.username}' with password '${credentials.password}' (generated now, kept in ${file}; set broker_username and broker_password to choose your own)`,
      );
    } else {
      log.info(
        `embedded broker: clients on other hosts log in as '${credentials.username}' with the password in ${file} (also shown in the panel)`,
      );
    }
  }
  const broker = createEmbeddedBroker({
    port: settings.broker_port,
    store: openBrokerStateStore(join(settings.data_dir, 'broker.db')),
    username: settings.broker_username,
    password: settings.broker_password,
    remoteCredentials,
    maxPacketSize: settings.broker_max_packet_size,
    log,
  });
  await w.startService(broker);
  return broker;
}

/** how long start() waits for a profile broker before going on (it keeps reconnecting in the background) */
export const PROFILE_START_WAIT_MS = 1_500;

/** One extra broker connection from the `mqtt_profiles` setting, for the raw MQTT tools. */
export interface ProfileConnection {
  /** the profile name, used as the `connection` id in the MQTT tools */
  readonly id: string;
  readonly connection: MqttConnection;
  /** false: a read-only profile (mqtt_publish refuses) */
  readonly publish: boolean;
}

/**
 * The connections of the configured MQTT profiles, created but not started. They publish no
 * `switchyard/status` birth or will: those brokers are not Switchyard's own.
 */
export function createProfileConnections(
  settings: Settings,
  log: Logger,
  startWaitMs = PROFILE_START_WAIT_MS,
): ProfileConnection[] {
  return settings.mqtt_profiles.map((profile) => ({
    id: profile.name,
    publish: profile.publish,
    connection: createMqttConnection({
      url: profile.url,
      username: profile.username,
      password: profile.password,
      name: `mqtt profile ${profile.name}`,
      clientId: `switchyard_${profile.name}_${randomBytes(3).toString('hex')}`,
      statusTopic: false,
      startWaitMs,
      log: log.child({ part: 'mqtt', profile: profile.name }),
    }),
  }));
}

/**
 * One service over every profile connection: starts them side by side, each waiting at most its short
 * start wait (an unreachable broker neither fails nor holds up the start), and stops them in reverse order.
 */
export function profileConnectionsService(profiles: readonly ProfileConnection[], log: Logger): Service {
  let started: ProfileConnection[] = [];
  return {
    name: 'mqtt profiles',
    async start() {
      started = [...profiles];
      await Promise.all(
        profiles.map(async (p) => {
          try {
            await p.connection.start();
          } catch (err) {
            log.warn('mqtt profile failed to start; its tools report it disconnected', {
              profile: p.id,
              err: err instanceof Error ? err.message : String(err),
            });
          }
        }),
      );
    },
    async stop() {
      for (const p of started.reverse()) {
        try {
          await p.connection.stop();
        } catch (err) {
          log.error('mqtt profile failed to stop', {
            profile: p.id,
            err: err instanceof Error ? err.message : String(err),
          });
        }
      }
      started = [];
    },
  };
}

// What an MQTT connection is to the rest of the app: its options, the MessageBus it implements and the figures it
// reports (mqtt-connection.ts makes one).
import type { Logger } from '../../core/logger.js';
import type { MessageBus, Service } from '../../core/ports.js';
import type { OutboxStats } from './outbox.js';

export interface MqttConnectionOptions {
  url: string;
  username?: string | undefined;
  password?: string | undefined;
  clientId?: string;
  /**
   * the MQTT keep-alive in seconds (default 30): a broker that hears nothing for 1.5 times it ends the session. One of
   * several instances uses less: until the broker ends a dead instance's session, it hands that instance its share
   * of the state messages, which are lost
   */
  keepaliveS?: number;
  /** the service name in logs (default "mqtt") */
  name?: string;
  /**
   * the topic of the retained birth ("online") and last will ("offline"); default `switchyard/status`.
   * false: publish neither (profile connections to brokers that are not Switchyard's own).
   */
  statusTopic?: string | false;
  log: Logger;
  /** how long start() waits for the first connection before going on (reconnects continue) */
  startWaitMs?: number;
  onConnectionChange?: (connected: boolean) => void;
  /** bound on the size of one published payload */
  maxPayloadBytes?: number;
  /** how long a QoS 1/2 command asked for during an outage waits for the broker (0 or absent: refused at once) */
  commandTtlMs?: number;
  /** commands whose time ran out before the broker came back, by description */
  onCommandsExpired?: (what: readonly string[]) => void;
  /**
   * Set when several instances share one broker: the MQTT 5 share group (a share name: no `/`, `+` or `#`) that
   * `subscribe(filter, handler, { shared: true })` joins as `$share/<group>/<filter>`, so each message on it reaches
   * one instance. The connection then speaks MQTT 5 and gives every subscription an identifier, sending each
   * copy the broker delivers only to the handlers of the subscription it came for. Unset: MQTT 3.1.1, and `shared`
   * is a plain subscription.
   */
  shareGroup?: string;
}

export interface MqttConnection extends MessageBus, Service {
  /** the broker URL with any password removed, for logs and health */
  readonly brokerUrl: string;
  readonly handlerFailures: number;
  /** messages received and published since start, and their rates over the last 10 s */
  traffic(): MqttTraffic;
  /** commands kept during an outage */
  outbox(): OutboxStats;
}

export interface MqttTraffic {
  readonly received_total: number;
  readonly published_total: number;
  readonly received_per_s: number;
  readonly published_per_s: number;
}

// Which broker, and the connection to it (part of the composition root): the configured broker, else the
// Supervisor's MQTT service when running as an add-on, else the embedded broker started here.
import { createEmbeddedBroker, type EmbeddedBroker } from '../adapters/broker/embedded-broker.js';
import { createMqttConnection, type MqttConnection } from '../adapters/mqtt/mqtt-connection.js';
import { resolveMqtt, type MqttChoice, type MqttEnv } from '../adapters/supervisor/resolve-mqtt.js';
import type { Settings } from '../config/settings.js';
import type { Logger } from '../core/logger.js';
import type { Service } from '../core/ports.js';

export interface MqttWiring {
  settings: Settings;
  env: MqttEnv;
  log: Logger;
  startWaitMs?: number | undefined;
  onConnectionChange: (connected: boolean) => void;
  startService(service: Service): Promise<void>;
}

export async function connectMqtt(w: MqttWiring): Promise<{ mqtt: MqttConnection; broker: EmbeddedBroker | undefined; choice: MqttChoice }> {
  const { settings } = w;
  const choice = await resolveMqtt(settings, w.env, { log: w.log.child({ part: 'supervisor' }) });
  let broker: EmbeddedBroker | undefined;
  let target: { url: string; username?: string | undefined; password?: string | undefined };
  if (choice.source === 'embedded') {
    broker = createEmbeddedBroker({
      port: settings.broker_port,
      dataDir: settings.data_dir,
      username: settings.broker_username,
      password: settings.broker_password,
      log: w.log.child({ part: 'broker' }),
    });
    await w.startService(broker);
    target = { url: `mqtt://127.0.0.1:${broker.port}`, username: settings.broker_username, password: settings.broker_password };
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
  });
  await w.startService(mqtt);
  return { mqtt, broker, choice };
}

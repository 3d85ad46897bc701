import mqtt, { type MqttClient, type IClientOptions } from 'mqtt';

/** Topics under this prefix carry markers (see markers.ts); collect() never records them. */
export const MARKER_PREFIX = 'zz-marker/';

/** A real mqtt.js client playing a device or Home Assistant. */
export async function connectClient(port: number, options: IClientOptions = {}): Promise<MqttClient> {
  return mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 0, connectTimeout: 5_000, ...options });
}

/** Resolves with the first message on `topic` (subscribing first); retained messages count. */
export async function nextMessage(
  client: MqttClient,
  topic: string,
  timeoutMs = 5_000,
): Promise<{ payload: string; retain: boolean }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('message', onMessage);
      reject(new Error(`no message on ${topic} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (t: string, payload: Buffer, packet: { retain?: boolean }) => {
      if (t !== topic) return;
      clearTimeout(timer);
      client.off('message', onMessage);
      resolve({ payload: payload.toString(), retain: packet.retain === true });
    };
    client.on('message', onMessage);
    client.subscribe(topic, { qos: 1 });
  });
}

/**
 * Collects every message the client receives (on `filter` and on anything else it subscribes to) into an
 * array, except markers (MARKER_PREFIX).
 */
export async function collect(
  client: MqttClient,
  filter: string,
): Promise<{ topic: string; payload: string; retain: boolean }[]> {
  const seen: { topic: string; payload: string; retain: boolean }[] = [];
  client.on('message', (topic, payload, packet) => {
    if (topic.startsWith(MARKER_PREFIX)) return;
    seen.push({ topic, payload: payload.toString(), retain: packet.retain === true });
  });
  await client.subscribeAsync(filter, { qos: 1 });
  return seen;
}

// mqtt.js clients for the load generators, with TCP no-delay like every socket Switchyard owns.
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { Socket } from 'node:net';

export async function connect(url: string, options: IClientOptions = {}): Promise<MqttClient> {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 0, ...options });
  (client.stream as Partial<Socket>).setNoDelay?.(true);
  return client;
}

/** Publishes `total` QoS 0 messages at `rate` per second (in 1 ms slices, so the pace is even), returning the achieved rate. */
export async function paced(total: number, rate: number, send: (i: number) => void): Promise<number> {
  const t0 = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate) + 1);
    while (sent < due) send(sent++);
    await new Promise((r) => setTimeout(r, 1));
  }
  return total / ((performance.now() - t0) / 1000);
}

/** A background publisher at `rate` msg/s until stopped; `send` is given a running counter. */
export function background(rate: number, send: (i: number) => void): { stop(): void; readonly sent: number } {
  const t0 = performance.now();
  let sent = 0;
  let stopped = false;
  const timer = setInterval(() => {
    if (stopped) return;
    const due = Math.floor(((performance.now() - t0) / 1000) * rate);
    while (sent < due) send(sent++);
  }, 1);
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
    get sent() {
      return sent;
    },
  };
}

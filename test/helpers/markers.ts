// Markers for tests that assert that something did NOT happen: instead of sleeping and hoping the unwanted
// message would have come by then, send a marker that is ordered after it and wait for the marker.
//
// Why the order holds on the brokers these tests use (the embedded aedes, patched, see
// patches/aedes+1.2.0.patch and test/adapters/broker/aedes-patch.test.ts):
// - the broker emits one client's publishes in the order it sent them, whatever their topic, and writes
//   them to a clean-session subscriber in that order (QoS 0 and 1 alike; QoS 2 would wait for PUBREL
//   in mqtt.js, so markers and the messages they follow stay at QoS 0 or 1);
// - mqtt.js hands incoming messages over in the order they arrive, and MqttConnection routes each one to
//   its handlers synchronously (TopicRouter.dispatch).
// So once a marker published by `from` has reached `to`, everything `from` published before it has reached
// `to` too, and `to`'s synchronous handlers (a discovered entity's state, the bridge, automation triggers)
// have run for it.
import type { IClientOptions, MqttClient } from 'mqtt';
import type { MessageBus } from '../../src/core/ports.js';
import { connectClient, MARKER_PREFIX } from './mqtt-client.js';

export { MARKER_PREFIX };

/** A test client (mqtt.js) or a MessageBus (the app's own MqttConnection, a profile connection). */
export type Endpoint = MqttClient | MessageBus;

let seq = 0;
const token = (): string => `${process.pid}-${++seq}`;

const isClient = (e: Endpoint): e is MqttClient => 'publishAsync' in e;

/** Polls with setImmediate, not timers, so it also works while vitest fakes setTimeout. */
export async function until<T>(check: () => T, what: string, timeoutMs = 5_000): Promise<NonNullable<T>> {
  const end = performance.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value as NonNullable<T>;
    if (performance.now() > end) throw new Error(`${what} within ${timeoutMs} ms`);
    await new Promise((r) => setImmediate(r));
  }
}

/** Subscribes `to` to exactly `topic`; resolves (after the SUBACK) with what undoes it. */
async function listen(to: Endpoint, topic: string, onMessage: (retain: boolean) => void): Promise<() => void> {
  if (!isClient(to)) return to.subscribe(topic, (m) => onMessage(m.retain), { qos: 1 });
  const handler = (t: string, _payload: Buffer, packet: { retain?: boolean }) => {
    if (t === topic) onMessage(packet.retain === true);
  };
  to.on('message', handler);
  await to.subscribeAsync(topic, { qos: 1 });
  return () => {
    to.off('message', handler);
    if (to.connected) to.unsubscribe(topic);
  };
}

async function publish(from: Endpoint, topic: string, payload: string, retain = false): Promise<void> {
  if (isClient(from)) await from.publishAsync(topic, payload, { qos: 1, retain });
  else await from.publish(topic, payload, { qos: 1, retain });
}

/**
 * Publishes a marker from `from` and resolves once it has reached `to` (see the top of this file): by then
 * every message `from` published before this call has reached `to` and gone through its synchronous handlers.
 */
export async function marker(from: Endpoint, to: Endpoint, timeoutMs = 5_000): Promise<void> {
  const topic = `${MARKER_PREFIX}${token()}`;
  let arrived = false;
  const off = await listen(to, topic, () => (arrived = true));
  try {
    await publish(from, topic, 'marker');
    await until(() => arrived, `the marker on ${topic} did not arrive`, timeoutMs);
  } finally {
    off();
  }
}

/**
 * The three markers that let an app settle after a test client sent it something: `client` → app (the
 * app's handlers ran for what the client sent, triggers fired), `idle` (e.g. the automation engine's
 * whenIdle: runs finished), app → app (what the app published came back to its own subscriptions, such as
 * an automation's own mqtt trigger), `idle` again, and app → `client` (what the app published reached
 * `client`). Without `idle` (runs that wait and never end), a run started by a trigger gets to its next
 * QoS 0 or 1 publish through promise continuations only, long before the round trips of the markers after it.
 */
export async function settleThrough(client: MqttClient, app: MessageBus, idle?: () => Promise<void>): Promise<void> {
  await marker(client, app);
  await idle?.();
  await marker(app, app);
  await idle?.();
  await marker(app, client);
}

/**
 * Subscribes `client` to `filter` (QoS 1) and resolves once the broker has sent it every retained message
 * under the filter. A retained marker on a topic of its own is subscribed in the same SUBSCRIBE packet,
 * after `filter`: the broker streams the retained messages of a SUBSCRIBE's filters one filter after the
 * other (aedes-persistence's in-memory store and Switchyard's IndexedMemoryPersistence alike, see
 * src/adapters/broker/indexed-memory-persistence.ts), each written before the next is read, so the marker
 * comes after all of `filter`'s. Live messages can arrive meanwhile; retained copies have `retain` set.
 */
export async function subscribeRetained(client: MqttClient, filter: string, timeoutMs = 5_000): Promise<void> {
  const topic = `${MARKER_PREFIX}retained/${token()}`;
  await publish(client, topic, 'marker', true);
  let arrived = false;
  const handler = (t: string, _payload: Buffer, packet: { retain?: boolean }) => {
    if (t === topic && packet.retain === true) arrived = true;
  };
  client.on('message', handler);
  try {
    await client.subscribeAsync([filter, topic], { qos: 1 });
    await until(() => arrived, `the retained marker on ${topic} did not arrive`, timeoutMs);
  } finally {
    client.off('message', handler);
    // clear the marker: an empty retained payload removes it at the broker
    await publish(client, topic, '', true);
    await client.unsubscribeAsync(topic);
  }
}

/** Every retained message under `filter` as a newcomer (Home Assistant starting) gets it: topic → payload. */
export async function retainedUnder(
  port: number,
  filter: string,
  options: IClientOptions = {},
): Promise<Map<string, string>> {
  const c = await connectClient(port, options);
  try {
    const retained = new Map<string, string>();
    c.on('message', (topic, payload, packet) => {
      if (packet.retain && !topic.startsWith(MARKER_PREFIX)) retained.set(topic, payload.toString());
    });
    await subscribeRetained(c, filter);
    return retained;
  } finally {
    await c.endAsync();
  }
}

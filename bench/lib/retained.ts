// The scenarios share one broker: what one leaves retained (devices' capabilities, Switchyard's discovery
// configs and states) would be picked up by the next Switchyard started against it, and counted as its
// devices, entities and memory. Scenarios that count those clear the broker before and after themselves.
import { connect } from './mqtt.js';

/** Publishes an empty retained message on every topic that holds one; returns how many were cleared. */
export async function clearRetained(url: string, quietMs = 300, timeoutMs = 15_000): Promise<number> {
  const client = await connect(url);
  const topics = new Set<string>();
  let last = performance.now();
  client.on('message', (topic, payload, packet) => {
    if (packet.retain && payload.length > 0) topics.add(topic);
    last = performance.now();
  });
  await client.subscribeAsync('#');
  const t0 = performance.now();
  while (performance.now() - last < quietMs && performance.now() - t0 < timeoutMs)
    await new Promise((r) => setTimeout(r, 50));
  await client.unsubscribeAsync('#');
  let i = 0;
  for (const topic of topics) {
    client.publish(topic, '', { retain: true, qos: 0 });
    if (++i % 1_000 === 0) await new Promise((r) => setImmediate(r));
  }
  // one acknowledged publish after the others: the broker has handled them all when it answers
  await client.publishAsync('bench/retained-cleared', '', { retain: true, qos: 1 });
  await client.endAsync();
  return topics.size;
}

// QoS 0 messages published as one write. mqtt.js writes a PUBLISH as four or five small buffers (header, topic
// length, topic, payload) and the socket gathers them in one writev per turn of the event loop: mirroring 5,000
// ESP32 readings a second to Home Assistant's state topics cost about as much CPU in that gathering and the kernel
// as taking the readings in (profiled: ~20 µs per message, in bursts of several ms that delayed automations). Here
// each packet is encoded whole by mqtt-packet (the encoder mqtt.js itself uses) and the batch is one buffer, one
// write, after anything mqtt.js has queued on the same socket. QoS 0 has no packet id, store or acknowledgement
// for mqtt.js to track, so nothing of its state is bypassed but the keep-alive rescheduling (a PINGREQ may go out
// earlier than needed).
import type { MqttClient } from 'mqtt';
import mqttPacket from 'mqtt-packet';
import { ValidationError } from '../../core/errors.js';
import { publishTopicProblemText } from '../../core/topic.js';

export interface Qos0Message {
  readonly topic: string;
  readonly payload: string;
  readonly retain: boolean;
}

/** Writes the messages as one buffer; false (nothing written) when the connection cannot take it now. */
export function writeQos0Batch(client: MqttClient, messages: readonly Qos0Message[]): boolean {
  const { stream } = client;
  if (!client.connected || !stream || stream.destroyed || !stream.writable) return false;
  const options = { protocolVersion: client.options.protocolVersion ?? 4 };
  const packets = messages.map((m) =>
    mqttPacket.generate(
      { cmd: 'publish', topic: m.topic, payload: m.payload, qos: 0, dup: false, retain: m.retain },
      options,
    ),
  );
  stream.write(packets.length === 1 ? (packets[0] as Buffer) : Buffer.concat(packets));
  return true;
}

/** A published topic and payload within the rules and the size bound, or a ValidationError saying why not. */
export function checkOutgoing(topic: string, payload: string | Buffer, maxPayload: number): void {
  const topicProblem = publishTopicProblemText(topic);
  if (topicProblem !== undefined) throw new ValidationError(`invalid topic '${topic.slice(0, 200)}': ${topicProblem}`);
  const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
  if (size > maxPayload) throw new ValidationError(`payload of ${size} bytes exceeds the limit of ${maxPayload} bytes`);
}

/**
 * MessageBus.publishBatch: the messages within the rules written as one buffer when connected, else each handed to
 * `single`; `sent` counts what was written. Returns why each message left out was.
 */
export function publishQos0Batch(
  client: MqttClient | undefined,
  messages: readonly Qos0Message[],
  maxPayload: number,
  single: (m: Qos0Message) => void,
  sent: (n: number) => void,
): string[] {
  const problems: string[] = [];
  const good = messages.filter((m) => {
    try {
      checkOutgoing(m.topic, m.payload, maxPayload);
      return true;
    } catch (err) {
      problems.push((err as Error).message);
      return false;
    }
  });
  if (client && writeQos0Batch(client, good)) sent(good.length);
  else for (const m of good) single(m);
  return problems;
}

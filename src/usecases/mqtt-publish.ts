// Publishing one raw MQTT message, on the main connection or a profile that allows it.
import { z } from 'zod';
import { UnavailableError, ValidationError } from '../core/errors.js';
import { DEFAULT_MAX_PUBLISH_BYTES, MAIN_CONNECTION, type UseCaseDeps } from './deps.js';
import { connectionArg, resolveConnection, type MqttDeps } from './mqtt-connections.js';

export const MqttPublishInput = z.object({
  topic: z
    .string()
    .min(1)
    .max(1024)
    .describe('Exact topic to publish to, e.g. "zigbee2mqtt/lamp/set". Wildcards (+, #) are not allowed.'),
  payload: z
    .string()
    .describe(
      'Message payload: text/JSON as a string, or base64 when encoding is "base64". At most 1 MiB once decoded.',
    ),
  encoding: z
    .enum(['utf8', 'base64'])
    .default('utf8')
    .describe('How payload is written: "utf8" (default) or "base64" for binary data.'),
  qos: z
    .union([z.literal(0), z.literal(1), z.literal(2)])
    .default(0)
    .describe('MQTT quality of service: 0 (default, at most once), 1 (at least once) or 2 (exactly once).'),
  retain: z
    .boolean()
    .default(false)
    .describe(
      'true: the broker keeps this message and gives it to every future subscriber (an empty payload with retain ' +
        'clears a retained message).',
    ),
  allow_discovery: z
    .boolean()
    .default(false)
    .describe(
      'Must be true to publish under the Home Assistant discovery prefix (creating, changing or deleting entities ' +
        'there); refused otherwise.',
    ),
  connection: connectionArg,
});

export const MqttPublishOutput = z.object({
  published: z.boolean(),
  topic: z.string(),
  bytes: z.number().int(),
  qos: z.number().int(),
  retain: z.boolean(),
  connection: z.string().describe('the connection it was published on'),
});

/** One raw message: an exact topic (no wildcard, not $…), ≤ 1 MiB, the discovery prefix only when allowed. */
export async function mqttPublish(
  deps: MqttDeps & Pick<UseCaseDeps, 'discoveryPrefix' | 'maxPublishBytes'>,
  args: z.infer<typeof MqttPublishInput>,
): Promise<z.infer<typeof MqttPublishOutput>> {
  const { topic } = args;
  const connection = resolveConnection(deps, args.connection);
  if (!connection.publish_allowed) {
    throw new ValidationError(
      `Connection "${connection.id}" is read-only: its profile in the add-on settings has publish: false, so ` +
        `Switchyard only listens there ` +
        '(mqtt_list_topics, mqtt_subscribe_collect). Publish on a connection whose publish_allowed is true (see ' +
        'mqtt_connections), or ask the user to change the profile.',
    );
  }
  if (/[+#]/.test(topic))
    throw new ValidationError(
      `Topic "${topic}" contains a wildcard (+ or #); publish needs one exact topic. Use mqtt_subscribe_collect to ` +
        `read wildcard topics.`,
    );
  if (topic.includes('\u0000')) throw new ValidationError('Topic must not contain a NUL character.');
  if (topic.startsWith('$'))
    throw new ValidationError(
      `Topics starting with "$" (like "${topic}") are reserved for the broker and cannot be published to.`,
    );
  if (Buffer.byteLength(topic) > 65_535) throw new ValidationError('Topic is longer than 65535 bytes.');
  const prefix = deps.discoveryPrefix.replace(/\/+$/, '');
  // on every connection: a profile broker may be bridged to Home Assistant's
  if (!args.allow_discovery && (topic === prefix || topic.startsWith(`${prefix}/`))) {
    throw new ValidationError(
      `Topic "${topic}" is under the Home Assistant discovery prefix "${prefix}/": publishing there creates, changes ` +
        `or removes entities in Home Assistant. ` +
        'If that is really intended, call again with allow_discovery: true.',
    );
  }
  const payload = args.encoding === 'base64' ? Buffer.from(args.payload, 'base64') : Buffer.from(args.payload, 'utf8');
  const max = deps.maxPublishBytes ?? DEFAULT_MAX_PUBLISH_BYTES;
  if (payload.length > max)
    throw new ValidationError(
      `Payload is ${payload.length} bytes; the limit is ${max} bytes (${(max / 1048576).toFixed(2)} MiB). Send a ` +
        `smaller payload.`,
    );
  if (!connection.messages.connected) {
    throw new UnavailableError(
      connection.id === MAIN_CONNECTION
        ? 'MQTT is not connected, so nothing can be published now. Check get_system_status and try again later.'
        : `The broker of connection "${connection.id}" is not connected, so nothing can be published there now. ` +
            `Check mqtt_connections and try again later.`,
    );
  }
  await connection.messages.publish(topic, payload, { qos: args.qos, retain: args.retain });
  return {
    published: true,
    topic,
    bytes: payload.length,
    qos: args.qos,
    retain: args.retain,
    connection: connection.id,
  };
}

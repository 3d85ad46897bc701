// The broker connections the raw MQTT use cases can use: "main" (Switchyard's own) and the profiles from
// the add-on settings. A caller picks one by id; it can never supply a broker or credentials.
import { z } from 'zod';
import { ValidationError } from '../core/errors.js';
import { MAIN_CONNECTION, type Connection, type ConnectionInfo, type UseCaseDeps } from './deps.js';

export type MqttDeps = Pick<UseCaseDeps, 'messages' | 'topics' | 'connections' | 'health'>;

export const MqttConnectionsInput = z.object({});

export const MqttConnectionsOutput = z.object({
  connections: z.array(
    z.object({
      connection_id: z
        .string()
        .describe('pass as `connection` to mqtt_list_topics, mqtt_publish and mqtt_subscribe_collect'),
      profile: z
        .string()
        .describe('"default" for Switchyard\'s own broker, else the profile name from the add-on settings'),
      broker: z.string().describe('broker URL without credentials, or "embedded" for the built-in broker'),
      connected: z.boolean(),
      default: z.boolean().describe('the connection used when a tool gets no `connection`'),
      publish_allowed: z.boolean().describe('false for a read-only profile: mqtt_publish refuses it'),
    }),
  ),
  profiles_configurable: z
    .boolean()
    .describe('always true: extra brokers are configured in the add-on option mqtt_profiles, never through a tool'),
  note: z.string(),
});

/** The `connection` argument of the raw MQTT tools. */
export const connectionArg = z
  .string()
  .min(1)
  .max(64)
  .default(MAIN_CONNECTION)
  .describe(
    `Which broker connection to use: "${MAIN_CONNECTION}" (default) is the broker Switchyard itself and Home ` +
      `Assistant use; ` +
      'other ids are extra brokers configured as profiles in the add-on settings — list them with mqtt_connections. ' +
      'Pick a profile only for topics that live on that other broker.',
  );

/** A broker URL without user name or password (the health report already redacts; this makes sure). */
export function brokerWithoutCredentials(broker: string): string {
  try {
    const url = new URL(broker);
    if (!url.username && !url.password) return broker;
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return broker.replace(/\/\/[^@/]*@/, '//');
  }
}

/** Every connection: the configured ones, or just "main" when the deps know no others. */
export function listConnections(deps: MqttDeps): ConnectionInfo[] {
  const listed = deps.connections?.list() ?? [];
  const main = listed.find((c) => c.id === MAIN_CONNECTION) ?? mainInfo(deps);
  return [main, ...listed.filter((c) => c.id !== MAIN_CONNECTION)].map((c) => ({
    ...c,
    broker: brokerWithoutCredentials(c.broker),
  }));
}

function mainInfo(deps: MqttDeps): ConnectionInfo {
  const { mqtt } = deps.health();
  return {
    id: MAIN_CONNECTION,
    broker: mqtt.broker,
    connected: deps.messages.connected,
    default: true,
    publish_allowed: true,
  };
}

/**
 * The connection a tool call names. "main" is always `deps.messages` and `deps.topics`; any other id must be a
 * configured profile, else a ValidationError lists the known ids.
 */
export function resolveConnection(deps: MqttDeps, id: string = MAIN_CONNECTION): Connection {
  if (id === MAIN_CONNECTION) {
    return {
      id: MAIN_CONNECTION,
      get broker() {
        return mainInfo(deps).broker;
      },
      connected: deps.messages.connected,
      default: true,
      publish_allowed: true,
      messages: deps.messages,
      ...(deps.topics ? { topics: deps.topics } : {}),
    };
  }
  const found = deps.connections?.get(id);
  if (found) return found;
  const known = listConnections(deps).map((c) => `"${c.id}"`);
  throw new ValidationError(
    `Unknown connection "${id}". Known connections: ${known.join(', ')} (see mqtt_connections). ` +
      'Extra brokers are configured in the add-on option mqtt_profiles; a tool call cannot add one.',
  );
}

/** Names a profile in messages; nothing for the main connection. */
export function onConnection(c: Pick<ConnectionInfo, 'id'>): string {
  return c.id === MAIN_CONNECTION ? '' : ` on connection "${c.id}"`;
}

export function mqttConnections(deps: MqttDeps): z.infer<typeof MqttConnectionsOutput> {
  const connections = listConnections(deps);
  const profiles = connections.length - 1;
  return {
    connections: connections.map((c) => ({
      connection_id: c.id,
      profile: c.id === MAIN_CONNECTION ? 'default' : c.id,
      broker: c.broker,
      connected: c.connected,
      default: c.default,
      publish_allowed: c.publish_allowed,
    })),
    profiles_configurable: true,
    note:
      (profiles === 0
        ? 'Only the broker Switchyard itself uses is configured. '
        : `"${MAIN_CONNECTION}" is the broker Switchyard itself uses; the others are profiles. `) +
      'Extra brokers are added as profiles in the add-on option mqtt_profiles (name, url, credentials, publish); ' +
      'credentials are never taken from or shown to a tool call.',
  };
}

// Which MQTT broker to use: the configured one, else the Supervisor's service (Mosquitto add-on), else embedded.
import type { Settings } from '../../config/settings.js';
import type { Logger } from '../../core/logger.js';
import { findSupervisorMqtt, type FindSupervisorMqttOptions } from './supervisor-client.js';

export type MqttChoice =
  | { source: 'settings' | 'supervisor'; url: string; username?: string; password?: string }
  | { source: 'embedded' };

export interface MqttEnv {
  SUPERVISOR_TOKEN?: string | undefined;
  SUPERVISOR_URL?: string | undefined;
}

export type ResolveMqttOptions = Partial<Omit<FindSupervisorMqttOptions, 'token' | 'url' | 'log'>> & { log: Logger };

/**
 * 1. `mqtt_url` set → that broker with `mqtt_username`/`mqtt_password`;
 * 2. else `SUPERVISOR_TOKEN` in the environment (running as an add-on) → the Supervisor's MQTT service, if any;
 * 3. else (or when the Supervisor has none) → the embedded broker.
 */
export async function resolveMqtt(
  settings: Pick<Settings, 'mqtt_url' | 'mqtt_username' | 'mqtt_password'>,
  env: MqttEnv,
  opts: ResolveMqttOptions,
): Promise<MqttChoice> {
  if (settings.mqtt_url !== '') {
    return withCredentials(
      { source: 'settings', url: settings.mqtt_url },
      settings.mqtt_username,
      settings.mqtt_password,
    );
  }
  const token = env.SUPERVISOR_TOKEN?.trim();
  if (!token) return { source: 'embedded' };
  const found = await findSupervisorMqtt({
    notEnabledRetries: 2,
    ...opts,
    token,
    url: env.SUPERVISOR_URL?.trim() || 'http://supervisor',
  });
  if (!found) return { source: 'embedded' };
  return withCredentials({ source: 'supervisor', url: found.url }, found.username, found.password);
}

function withCredentials<T extends { source: 'settings' | 'supervisor'; url: string }>(
  choice: T,
  username: string | undefined,
  password: string | undefined,
): T & { username?: string; password?: string } {
  const out: T & { username?: string; password?: string } = { ...choice };
  if (username !== undefined) out.username = username;
  if (password !== undefined) out.password = password;
  return out;
}

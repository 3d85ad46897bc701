// Command line of the simulator: flags first, then the environment Switchyard itself reads.
import { parseArgs } from 'node:util';
import { isValidId } from '../src/protocol/esp32/index.js';

export const USAGE = `usage: npm run simulate -- --devices N [--interval-ms M] [--status-interval-ms S] [--prefix devices]
                           [--url mqtt://host:port] [--id-prefix sim-esp32-] [--username U] [--password P]
broker: --url, else SWITCHYARD_MQTT_URL, else mqtt://127.0.0.1:\${SWITCHYARD_BROKER_PORT:-1883}`;

export interface SimulateArgs {
  devices: number;
  intervalMs: number;
  statusIntervalMs: number | undefined;
  prefix: string;
  url: string;
  idPrefix: string;
  username: string | undefined;
  password: string | undefined;
}

function positiveInt(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got '${text}'`);
  return n;
}

/** Reads the command line and the environment; throws with a message for the user on bad input. */
export function parseSimulateArgs(argv: readonly string[], env: NodeJS.ProcessEnv): SimulateArgs | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      devices: { type: 'string' },
      'interval-ms': { type: 'string' },
      'status-interval-ms': { type: 'string' },
      prefix: { type: 'string' },
      url: { type: 'string' },
      'id-prefix': { type: 'string' },
      username: { type: 'string' },
      password: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const devices = positiveInt('devices', values.devices, 1);
  if (devices > 1000) throw new Error('--devices is limited to 1000');
  const idPrefix = values['id-prefix'] ?? 'sim-esp32-';
  const lastId = `${idPrefix}${String(devices).padStart(3, '0')}`;
  if (!isValidId(lastId)) throw new Error(`device ids like '${lastId}' are not valid ids (1 to 32 of a-z 0-9 _ -)`);
  const statusText = values['status-interval-ms'];
  const envUrl = env.SWITCHYARD_MQTT_URL?.trim();
  return {
    devices,
    intervalMs: positiveInt('interval-ms', values['interval-ms'], 5_000),
    statusIntervalMs: statusText === undefined ? undefined : positiveInt('status-interval-ms', statusText, 30_000),
    prefix: values.prefix ?? env.SWITCHYARD_BRIDGE_PREFIX ?? 'devices',
    url: values.url ?? (envUrl ? envUrl : `mqtt://127.0.0.1:${env.SWITCHYARD_BROKER_PORT ?? 1883}`),
    idPrefix,
    username: values.username ?? env.SWITCHYARD_MQTT_USERNAME ?? env.SWITCHYARD_BROKER_USERNAME,
    password: values.password ?? env.SWITCHYARD_MQTT_PASSWORD ?? env.SWITCHYARD_BROKER_PASSWORD,
  };
}

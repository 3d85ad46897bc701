// npm run simulate -- --devices N [--interval-ms M] [--status-interval-ms S] [--prefix devices]
//                     [--url mqtt://127.0.0.1:1883] [--id-prefix sim-esp32-] [--username U --password P]
// Runs N simulated ESP32 devices, each on its own MQTT connection. SIGINT/SIGTERM: every device publishes
// its offline status and disconnects, then the process exits 0. SIGKILL leaves the Last Wills to the broker.
import { parseSimulateArgs, USAGE, type SimulateArgs } from './args.js';
import { createSimulatedDevice, type SimulatedDevice } from './simulated-device.js';

async function main(): Promise<void> {
  let args: SimulateArgs | 'help';
  try {
    args = parseSimulateArgs(process.argv.slice(2), process.env);
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    process.exit(2);
  }
  if (args === 'help') {
    console.log(USAGE);
    return;
  }
  const { devices: count, idPrefix, url } = args;
  const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
  const devices: SimulatedDevice[] = Array.from({ length: count }, (_, i) =>
    createSimulatedDevice({
      url,
      deviceId: `${idPrefix}${String(i + 1).padStart(3, '0')}`,
      prefix: args.prefix,
      intervalMs: args.intervalMs,
      ...(args.statusIntervalMs !== undefined ? { statusIntervalMs: args.statusIntervalMs } : {}),
      ...(args.username !== undefined ? { username: args.username } : {}),
      ...(args.password !== undefined ? { password: args.password } : {}),
      log,
    }),
  );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: publishing offline for ${devices.length} device(s)`);
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref());
    void Promise.race([Promise.allSettled(devices.map((d) => d.stop())), deadline]).then(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  log(
    `starting ${count} simulated device(s) on ${url}, prefix '${args.prefix}', sensor data every ${args.intervalMs} ms`,
  );
  await Promise.all(devices.map((d) => d.start()));
  log(`all ${count} device(s) online; Ctrl-C to stop`);
}

void main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});

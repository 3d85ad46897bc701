// A broker outage as issue 21 describes it, timed: Switchyard (started as `npm start` runs it) on a real Mosquitto
// with an ESP32-style announcement and a QoS 1 switch; Mosquitto stopped for 30 s (SIGKILL, a crash) and started
// again. Measured: how long after Mosquitto is back Switchyard is connected and healthy again, how long until its
// `online` status and its announced configs are on the broker again, and whether a QoS 1 command asked for during
// the outage arrived once. Needs Mosquitto installed.
//
//   node dist/bench/outage.js [--outage-s 30]
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import { connect } from './lib/mqtt.js';
import { freePort, startSwitchyard } from './lib/processes.js';
import { sleep, until } from './lib/stats.js';

const { values } = parseArgs({ options: { 'outage-s': { type: 'string', default: '30' } } });
const outageMs = Number(values['outage-s']) * 1000;
const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'switchyard-outage-'));
  const port = await freePort();
  const conf = join(work, 'mosquitto.conf');
  writeFileSync(conf, `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\n`);
  let broker: ChildProcess | undefined;
  const startBroker = async () => {
    broker = spawn('mosquitto', ['-c', conf], { stdio: 'ignore' });
    await until(
      'mosquitto',
      async () =>
        await connect(`mqtt://127.0.0.1:${port}`).then(
          (c) => c.endAsync().then(() => true),
          () => undefined,
        ),
      10_000,
      10,
    );
  };
  await startBroker();
  const url = `mqtt://127.0.0.1:${port}`;
  const sy = await startSwitchyard({ brokerUrl: url, dataDir: join(work, 'data'), automationsDir: join(work, 'a') });
  const setup = await connect(url);
  await setup.publishAsync(
    'homeassistant/switch/heater/config',
    JSON.stringify({ name: 'Heater', unique_id: 'heater', command_topic: 'heater/set', qos: 1 }),
    { qos: 1, retain: true },
  );
  await until(
    'the heater',
    async () =>
      (await sy.get<{ state?: string }>('/api/entities/switch.heater').catch(() => undefined))?.state
        ? true
        : undefined,
    10_000,
    50,
  );
  await setup.endAsync();

  broker?.kill('SIGKILL');
  const health = () =>
    sy.get<{ status: string }>('/api/health').then(
      (h) => h.status,
      () => 'down',
    );
  await until('degraded health', async () => ((await health()) === 'degraded' ? true : undefined), 10_000, 50);
  const queued = await sy.post<{ results: { queued_until?: string }[] }>('/api/actions/switch/turn_on', {
    entity_id: 'switch.heater',
  });
  log(
    `outage: ${outageMs / 1000} s; command during it: ${queued.results[0]?.queued_until ? `kept until ${queued.results[0].queued_until}` : 'refused'}`,
  );
  await sleep(outageMs);

  const heard: string[] = [];
  let online = Number.NaN;
  const back = performance.now();
  await startBroker();
  const watcher = mqtt.connect(url, { reconnectPeriod: 0 });
  watcher.on('message', (topic, payload) => {
    if (topic === 'switchyard/status' && payload.toString() === 'online' && Number.isNaN(online))
      online = performance.now() - back;
    if (topic === 'heater/set') heard.push(payload.toString());
  });
  await new Promise((r) => watcher.once('connect', r));
  await watcher.subscribeAsync(['switchyard/status', 'heater/set'], { qos: 1 });
  await until('healthy again', async () => ((await health()) === 'ok' ? true : undefined), 30_000, 10);
  const healthy = performance.now() - back;
  await until('online', async () => (Number.isNaN(online) ? undefined : true), 10_000, 10);
  await sleep(1_000);
  log(
    `Mosquitto back → Switchyard healthy: ${healthy.toFixed(0)} ms; \`online\` retained on the broker: ${online.toFixed(0)} ms`,
  );
  log(`the command kept during the outage arrived ${heard.length} time(s): ${JSON.stringify(heard)}`);
  await watcher.endAsync();
  await sy.stop();
  broker?.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});

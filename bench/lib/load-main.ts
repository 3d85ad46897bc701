// A load generator in a process of its own, so its timers never share the measuring event loop:
//   node load-main.js <broker url> <devices> <rate msg/s> [id prefix] [--changes]
// starts <devices> simulated ESP32 devices (each announces itself as the firmware does), prints
// "ready" once all are connected, then publishes sensor readings from them round-robin at <rate>
// messages/s (rate 0: none, the devices only exist). Commands on stdin, one per line:
//   status       prints "sent <n>": the readings published so far
//   rate <r>     changes the rate from now on (0 pauses); prints "rate <r> <sent> <ms>": readings sent
//                under the old rate, and when (this process's clock), so rates can be timed exactly
//   stats        prints "stats <sent> <changes> <behind>": readings published, how many of them differ
//                from the same sensor's previous reading (a state change; needs --changes, else -1),
//                and how many readings the generator is behind its schedule (it cannot keep up)
// SIGTERM prints "sent <n>" and exits after the devices disconnect.
import { MqttClient } from 'mqtt';
import { EventEmitter } from 'node:events';
import { createSimulatedDevice } from '../../sim/simulated-device.js';

// at high rates mqtt.js waits for 'drain' once per queued publish: many listeners is expected here
EventEmitter.defaultMaxListeners = 0;

// Backpressure: a device whose socket has more than this many bytes waiting is skipped until it drains,
// so a rate this process (or the broker) cannot take shows up as readings behind schedule instead of an
// ever-growing queue in mqtt.js (whose per-publish 'drain' listeners make that queue cost O(n²) to clear).
// The simulated device keeps its client to itself: the clients are picked up as they connect.
const MAX_BUFFERED_BYTES = 64 * 1024;
const clients = new Map<string, MqttClient>();
// eslint-disable-next-line @typescript-eslint/unbound-method
const connectClient = MqttClient.prototype.connect;
MqttClient.prototype.connect = function (this: MqttClient) {
  if (this.options.clientId) clients.set(this.options.clientId, this);
  return connectClient.call(this);
};
const congested = (deviceId: string): boolean =>
  (clients.get(deviceId)?.stream?.writableLength ?? 0) > MAX_BUFFERED_BYTES;

const args = process.argv.slice(2);
const countChanges = args.includes('--changes');
const [url = 'mqtt://127.0.0.1:1883', devicesArg = '100', rateArg = '5000', idPrefix = 'bench-load-'] = args.filter(
  (a) => a !== '--changes',
);
const count = Number(devicesArg);
let rate = Number(rateArg);
const devices = Array.from({ length: count }, (_, i) =>
  createSimulatedDevice({
    url,
    deviceId: `${idPrefix}${String(i + 1).padStart(4, '0')}`,
    intervalMs: 0,
    reconnectPeriodMs: 0,
  }),
);
// connect in waves so 1,000 devices do not all handshake at once
for (let i = 0; i < devices.length; i += 100) await Promise.all(devices.slice(i, i + 100).map((d) => d.start()));
/** each device's last readings, to count state changes (a reading equal to the previous one is none) */
const last = countChanges ? devices.map((d) => d.state.sensors) : [];
process.stdout.write('ready\n');

let sent = 0;
let changes = countChanges ? 0 : -1;
let next = 0;
// the schedule: `base` readings were due at `t0`, then `rate` per second
let t0 = performance.now();
let base = 0;
const due = () => base + ((performance.now() - t0) / 1000) * rate;

/** publishes one reading of every sensor of the next device that is not congested; false when all are */
function tick(): boolean {
  for (let tries = 0; tries < devices.length; tries++) {
    const i = next++ % devices.length;
    const device = devices[i];
    if (!device || congested(device.deviceId)) continue;
    tickDevice(i, device);
    return true;
  }
  return false;
}

function tickDevice(i: number, device: (typeof devices)[number]): void {
  sent += device.tick();
  if (!countChanges) return;
  const now = device.state.sensors;
  const before = last[i] ?? {};
  for (const key of Object.keys(now)) if (now[key] !== before[key]) changes++;
  last[i] = now;
}

const timer = setInterval(() => {
  if (rate <= 0) return;
  const target = due();
  while (sent < target && tick());
}, 1);

process.stdin.setEncoding('utf8');
let input = '';
process.stdin.on('data', (text: string) => {
  input += text;
  for (let nl = input.indexOf('\n'); nl >= 0; nl = input.indexOf('\n')) {
    const [command, value] = input.slice(0, nl).trim().split(/\s+/);
    input = input.slice(nl + 1);
    if (command === 'status') process.stdout.write(`sent ${sent}\n`);
    else if (command === 'stats')
      process.stdout.write(`stats ${sent} ${changes} ${Math.max(0, Math.floor(due() - sent))}\n`);
    else if (command === 'rate') {
      // the old schedule up to this instant first (unless congested), then a new one from what is sent
      // now: a backlog of the old rate is dropped, not carried over
      if (rate > 0) while (sent < due() && tick());
      const at = performance.now();
      rate = Number(value);
      t0 = at;
      base = sent;
      process.stdout.write(`rate ${rate} ${sent} ${at}\n`);
    }
  }
});
process.on('SIGTERM', () => {
  clearInterval(timer);
  process.stdout.write(`sent ${sent}\n`);
  void Promise.race([Promise.allSettled(devices.map((d) => d.stop())), new Promise((r) => setTimeout(r, 3_000))]).then(
    () => process.exit(0),
  );
});

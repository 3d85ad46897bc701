// A load generator in a process of its own, so its timers never share the measuring event loop:
//   node load-main.js <broker url> <devices> <rate msg/s> [id prefix]
// starts <devices> simulated ESP32 devices (each announces itself as the firmware does), prints
// "ready" once all are connected, then publishes sensor readings from them round-robin at <rate>
// messages/s (rate 0: none, the devices only exist). "status" on stdin prints the count sent so far;
// SIGTERM prints "sent <n>" and exits after the devices disconnect.
import { createSimulatedDevice } from '../../sim/simulated-device.js';

const [url = 'mqtt://127.0.0.1:1883', devicesArg = '100', rateArg = '5000', idPrefix = 'bench-load-'] = process.argv.slice(2);
const count = Number(devicesArg);
const rate = Number(rateArg);
const devices = Array.from({ length: count }, (_, i) =>
  createSimulatedDevice({ url, deviceId: `${idPrefix}${String(i + 1).padStart(4, '0')}`, intervalMs: 0, reconnectPeriodMs: 0 }),
);
// connect in waves so 1,000 devices do not all handshake at once
for (let i = 0; i < devices.length; i += 100) await Promise.all(devices.slice(i, i + 100).map((d) => d.start()));
process.stdout.write('ready\n');

let sent = 0;
let next = 0;
const t0 = performance.now();
const timer =
  rate > 0
    ? setInterval(() => {
        const due = ((performance.now() - t0) / 1000) * rate;
        while (sent < due) {
          const device = devices[next++ % devices.length];
          sent += device ? device.tick() : 1;
        }
      }, 1)
    : undefined;

process.stdin.setEncoding('utf8');
process.stdin.on('data', (text: string) => {
  if (text.includes('status')) process.stdout.write(`sent ${sent}\n`);
});
process.on('SIGTERM', () => {
  if (timer) clearInterval(timer);
  process.stdout.write(`sent ${sent}\n`);
  void Promise.race([Promise.allSettled(devices.map((d) => d.stop())), new Promise((r) => setTimeout(r, 3_000))]).then(() => process.exit(0));
});

// The firmware's portable core as a real device: firmware/test/host/host_device.c runs the same core the
// ESP32 runs (src/core of esp_mcp_bridge) on Linux through libmosquitto, against Switchyard's embedded
// broker. Switchyard must turn it into Home Assistant entities with retained discovery configs, a REST
// action must reach the core's command intake and come back confirmed, homeassistant.update_entity must get a
// reading from the core, and both a clean stop and the Last
// Will must make the entities unavailable. Skipped locally when the C
// toolchain or the Debian packages are missing; in CI (CI=true) a missing tool fails the run instead.
//   apt-get install cmake ninja-build pkg-config gcc libcjson-dev libcmocka-dev libmosquitto-dev
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { featureEntityId } from '../../src/adapters/esp32/ha-configs.js';
import { featuresOf } from '../../src/adapters/esp32/features.js';
import { createContext } from '../../src/core/context.js';
import { decodeMessage } from '../../src/protocol/esp32/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { collect, connectClient, nextMessage } from '../helpers/mqtt-client.js';
import { eventually } from '../helpers/net.js';
import { firmwareMissing } from '../helpers/optional-tools.js';

const SOURCE_DIR = fileURLToPath(new URL('../../firmware/test/host/', import.meta.url));
const BUILD_TIMEOUT_MS = 240_000;
const DEVICE_ID = 'host-device';
const DEVICE_NAME = 'Host Device';

const missing = firmwareMissing({ libmosquitto: true });
const inCi = process.env.CI === 'true';

/** A running host_device with what it printed so far. */
interface HostDevice {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startHostDevice(binary: string, brokerPort: number): HostDevice {
  const args = [
    '--host',
    '127.0.0.1',
    '--port',
    String(brokerPort),
    '--device-id',
    DEVICE_ID,
    '--name',
    DEVICE_NAME,
    '--seconds',
    '120',
  ];
  const child = spawn(binary, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=1', UBSAN_OPTIONS: 'print_stacktrace=1' },
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => out, exited };
}

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const entity = async (t: TestApp, id: string) => (await t.get(`/api/entities/${id}`)).body;

describe('firmware host device', () => {
  it('has the tools it needs, or is not running in CI', () => {
    if (inCi) expect(missing, `CI must install: ${missing.join(', ')}`).toEqual([]);
  });

  it.skipIf(missing.length > 0)(
    'the portable core on a real broker becomes Home Assistant entities; a REST action is confirmed by the core; stop and Last Will',
    async () => {
      const buildDir = mkdtempSync(join(tmpdir(), 'switchyard-fw-device-'));
      cleanup.push(() => rmSync(buildDir, { recursive: true, force: true }));
      const run = (command: string, args: readonly string[]): string =>
        execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: BUILD_TIMEOUT_MS });
      run('cmake', ['-S', SOURCE_DIR, '-B', buildDir, '-G', 'Ninja']);
      run('cmake', ['--build', buildDir, '--target', 'host_device']);

      const t = await startTestApp();
      cleanup.push(() => t.close());
      const device = startHostDevice(join(buildDir, 'host_device'), t.brokerPort);
      cleanup.push(async () => {
        if (device.child.exitCode === null && device.child.signalCode === null) {
          device.child.kill('SIGKILL');
          await device.exited;
        }
      });
      const probe = await connectClient(t.brokerPort);
      cleanup.push(() => probe.endAsync());

      // the connect sequence of the core: retained capabilities, then online status
      const capsMsg = await nextMessage(probe, `devices/${DEVICE_ID}/capabilities`, 15_000).catch((err: unknown) => {
        throw new Error(`${String(err)}\nhost_device output:\n${device.output()}`);
      });
      const decoded = decodeMessage('capabilities', capsMsg.payload);
      if (!decoded.ok) throw new Error(`capabilities rejected by Switchyard's decoder: ${decoded.reason}`);
      const caps = decoded.message;
      expect(caps.sensors.map((s) => s.id)).toEqual(['temperature']);
      expect(caps.features).toEqual(['sensor_read']);
      expect(caps.actuators.map((a) => [a.id, a.kind])).toEqual([
        ['relay', 'switch'],
        ['led', 'dimmer'],
      ]);
      const status = JSON.parse((await nextMessage(probe, `devices/${DEVICE_ID}/status`)).payload) as Record<
        string,
        unknown
      >;
      expect(status).toMatchObject({
        v: 1,
        state: 'online',
        firmware_version: caps.firmware_version,
        rssi: expect.any(Number),
      });

      // every sensor, actuator and diagnostic value is an entity, under the id Switchyard computes
      const features = featuresOf(caps);
      const expectedIds = features.map((f) => featureEntityId(caps, f)).sort();
      expect(expectedIds).toEqual(
        expect.arrayContaining(['sensor.host_device_temperature', 'switch.host_device_relay', 'light.host_device_led']),
      );
      const listed = await eventually(async () => {
        const ids = ((await t.get('/api/entities')).body.entities as { entity_id: string }[]).map((e) => e.entity_id);
        return expectedIds.every((id) => ids.includes(id)) ? ids : undefined;
      }, 10_000);
      expect(listed.filter((id) => id.includes('host_device')).sort()).toEqual(expectedIds);

      // readings every 500 ms reach the temperature entity
      await eventually(
        async () => Number.isFinite(Number((await entity(t, 'sensor.host_device_temperature')).state)),
        5_000,
      );

      // a client that connects now (as Home Assistant would) finds the device's announcements retained ...
      const ha = await connectClient(t.brokerPort);
      cleanup.push(() => ha.endAsync());
      for (const topic of ['capabilities', 'status', 'actuators/relay/status', 'actuators/led/status']) {
        expect((await nextMessage(ha, `devices/${DEVICE_ID}/${topic}`)).retain, topic).toBe(true);
      }
      // ... and one retained discovery config per feature
      const configs = await collect(ha, `homeassistant/+/switchyard_${DEVICE_ID}/+/config`);
      await eventually(() => configs.length >= features.length, 5_000);
      expect(configs.every((c) => c.retain)).toBe(true);
      expect(configs.map((c) => c.topic).sort()).toEqual(
        features.map((f) => `homeassistant/${f.domain}/switchyard_${DEVICE_ID}/${f.key}/config`).sort(),
      );
      for (const c of configs) {
        const payload = JSON.parse(c.payload) as Record<string, unknown>;
        expect(expectedIds).toContain(payload.default_entity_id);
        expect(payload.availability).toEqual(
          expect.arrayContaining([expect.objectContaining({ topic: `devices/${DEVICE_ID}/status` })]),
        );
      }

      // a REST action goes through the core's intake; the confirmation carries Switchyard's request_id
      const relayId = 'switch.host_device_relay';
      expect((await entity(t, relayId)).state).toBe('off');
      const relayStatuses = await collect(probe, `devices/${DEVICE_ID}/actuators/relay/status`);
      const res = await t.post('/api/actions/switch/turn_on', { entity_id: relayId });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      await eventually(async () => (await entity(t, relayId)).state === 'on', 5_000);
      const confirmation = await eventually(() =>
        relayStatuses
          .map((m) => JSON.parse(m.payload) as Record<string, unknown>)
          .find((p) => typeof p.request_id === 'string'),
      );
      expect(confirmation).toMatchObject({
        v: 1,
        kind: 'switch',
        state: true,
        result: 'ok',
        request_id: expect.stringMatching(/^sy-/),
      });
      expect(device.output()).toMatch(/actuator relay -> on/);

      // homeassistant.update_entity: the core reads its sensor at once and answers with Switchyard's request_id
      const readings = await collect(probe, `devices/${DEVICE_ID}/sensors/temperature/data`);
      const refreshed = await t.app.commands.refresh('sensor.host_device_temperature', createContext('test'));
      const requestId = (JSON.parse(refreshed.published?.[0]?.payload ?? '{}') as { request_id?: string }).request_id;
      expect(refreshed).toMatchObject({ refreshed: true, how: expect.stringContaining("reading of 'temperature'") });
      const answer = await eventually(() =>
        readings.map((m) => JSON.parse(m.payload) as Record<string, unknown>).find((p) => p.request_id === requestId),
      );
      expect(answer).toMatchObject({ v: 1, value: expect.any(Number), quality: 'good', request_id: requestId });
      // the value the call reports is the answer's (the state moves on with the core's own readings every 500 ms)
      expect(refreshed.how.endsWith(`: ${String(answer.value)}`), refreshed.how).toBe(true);

      // SIGTERM: retained offline status with reason "shutdown", a clean exit (no sanitizer reports)
      device.child.kill('SIGTERM');
      const exit = await device.exited;
      expect(exit, device.output()).toEqual({ code: 0, signal: null });
      expect(device.output()).toMatch(/stopped \(\d+ messages published, 0 failed\)/);
      await eventually(async () => (await entity(t, relayId)).available === false, 5_000);
      const offline = JSON.parse((await nextMessage(ha, `devices/${DEVICE_ID}/status`)).payload) as Record<
        string,
        unknown
      >;
      expect(offline).toMatchObject({ v: 1, state: 'offline', reason: 'shutdown' });

      // started again it is back online; killed without a DISCONNECT, the broker publishes the core's Last Will
      const again = startHostDevice(join(buildDir, 'host_device'), t.brokerPort);
      cleanup.push(async () => {
        if (again.child.exitCode === null && again.child.signalCode === null) again.child.kill('SIGKILL');
        await again.exited;
      });
      await eventually(async () => (await entity(t, relayId)).available === true, 10_000);
      again.child.kill('SIGKILL');
      await again.exited;
      await eventually(async () => (await entity(t, relayId)).available === false, 5_000);
      const will = JSON.parse((await nextMessage(ha, `devices/${DEVICE_ID}/status`)).payload) as Record<
        string,
        unknown
      >;
      expect(will).toEqual({ v: 1, state: 'offline', reason: 'lwt' });
    },
    BUILD_TIMEOUT_MS + 60_000,
  );
});

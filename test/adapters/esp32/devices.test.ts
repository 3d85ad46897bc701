// ESP32 devices through a real broker: commands confirmed by request_id, availability from the Last
// Will, silence and device errors as alerts, bad messages counted, state topics for Home Assistant.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSimulatedDevice, type SimulatedDevice } from '../../../sim/simulated-device.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { until } from '../../helpers/markers.js';
import { collect, connectClient } from '../../helpers/mqtt-client.js';
import { eventually } from '../../helpers/net.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setup(
  settings: Record<string, unknown> = {},
  commandTimeoutMs = 5_000,
): Promise<{ t: TestApp; device: SimulatedDevice }> {
  const t = await startTestApp(settings, { appOptions: { commandTimeoutMs } });
  cleanup.push(() => t.close());
  const device = createSimulatedDevice({
    url: `mqtt://127.0.0.1:${t.brokerPort}`,
    deviceId: 'kitchen',
    intervalMs: 200,
    reconnectPeriodMs: 0,
  });
  await device.start();
  cleanup.push(() => device.stop().catch(() => undefined));
  await eventually(
    async () => (await t.get('/api/entities/switch.simulated_esp32_kitchen_relay')).body?.state === 'off',
  );
  return { t, device };
}

const entity = async (t: TestApp, id: string) => (await t.get(`/api/entities/${id}`)).body;

describe('esp32 devices', () => {
  it('a command Home Assistant sends reaches the device with a request_id; its confirmation sets the state', async () => {
    const { t, device } = await setup();
    const ha = await connectClient(t.brokerPort);
    cleanup.push(() => ha.endAsync());
    const states = await collect(ha, 'switchyard/kitchen/relay');
    await ha.publishAsync('switchyard/kitchen/relay/set', 'ON', { qos: 1 });
    await eventually(() => device.commandsReceived.length === 1);
    const cmd = device.commandsReceived[0];
    expect(cmd).toMatchObject({ actuatorId: 'relay', outcome: 'ok', requestId: expect.stringMatching(/^sy-/) });
    expect(JSON.parse(cmd?.payload ?? '{}')).toMatchObject({ v: 1, action: 'on', request_id: cmd?.requestId });
    await eventually(async () => (await entity(t, 'switch.simulated_esp32_kitchen_relay')).state === 'on');
    await eventually(() => states.at(-1)?.payload === 'ON');
    expect(t.app.esp32.session('kitchen')?.counters.commands).toBe(1);
  });

  it('REST actions use the same path, convert brightness and refuse out-of-range values naming the range', async () => {
    const { t, device } = await setup();
    const ok = await t.post('/api/actions/light/turn_on', {
      entity_id: 'light.simulated_esp32_kitchen_lamp',
      data: { brightness_pct: 40 },
    });
    expect(ok.status).toBe(200);
    await eventually(async () => (await entity(t, 'light.simulated_esp32_kitchen_lamp')).state === 'on');
    expect(JSON.parse(device.commandsReceived[0]?.payload ?? '{}')).toMatchObject({ action: 'set', value: 40 });
    expect((await entity(t, 'light.simulated_esp32_kitchen_lamp')).attributes.brightness).toBe(102);
    // a relative step on the confirmed brightness, as light.turn_on works it out: 40 % + 10 % → 128 → level 50
    await t.post('/api/actions/light/turn_on', {
      entity_id: 'light.simulated_esp32_kitchen_lamp',
      data: { brightness_step_pct: 10 },
    });
    await eventually(async () => (await entity(t, 'light.simulated_esp32_kitchen_lamp')).attributes.brightness === 128);
    expect(JSON.parse(device.commandsReceived[1]?.payload ?? '{}')).toMatchObject({ action: 'set', value: 50 });
    // stepping down past 0 turns the light off
    await t.post('/api/actions/light/turn_on', {
      entity_id: 'light.simulated_esp32_kitchen_lamp',
      data: { brightness_step: -200 },
    });
    await eventually(async () => (await entity(t, 'light.simulated_esp32_kitchen_lamp')).state === 'off');
    expect(JSON.parse(device.commandsReceived[2]?.payload ?? '{}')).toMatchObject({ action: 'off' });

    const bad = await t.post('/api/actions/number/set_value', {
      entity_id: 'number.simulated_esp32_kitchen_target_temperature',
      data: { value: 31 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/5\.\.30/);
    const badOption = await t.post('/api/actions/select/select_option', {
      entity_id: 'select.simulated_esp32_kitchen_mode',
      data: { option: 'turbo' },
    });
    expect(badOption.status).toBe(400);
    expect(badOption.body.message).toMatch(/eco, comfort, boost/);
    await t.post('/api/actions/select/select_option', {
      entity_id: 'select.simulated_esp32_kitchen_mode',
      data: { option: 'boost' },
    });
    await eventually(async () => (await entity(t, 'select.simulated_esp32_kitchen_mode')).state === 'boost');
    expect(device.commandsReceived).toHaveLength(4);
  });

  it('an unconfirmed command raises an alert', async () => {
    const { t, device } = await setup({}, 5_000);
    device.ignoreCommands = true;
    // the confirmation time on the fake clock: the command's timer is a plain setTimeout (sockets, the HTTP
    // inject and until() do without timers)
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await t.post('/api/actions/switch/turn_on', { entity_id: 'switch.simulated_esp32_kitchen_relay' });
    await until(() => device.commandsReceived.some((c) => c.outcome === 'ignored'), 'no command at the device');
    const timeouts = async () => {
      const alerts: { type: string }[] = (await t.get('/api/alerts')).body.alerts;
      return alerts.filter((a) => a.type === 'command_timeout');
    };
    vi.advanceTimersByTime(4_999);
    expect(await timeouts()).toEqual([]);
    vi.advanceTimersByTime(1); // the timer raises the alert as it fires
    vi.useRealTimers();
    const [alert] = await timeouts();
    expect(alert).toMatchObject({
      entity_id: 'switch.simulated_esp32_kitchen_relay',
      device_id: 'switchyard_kitchen',
      severity: 'warning',
    });
    expect((await entity(t, 'switch.simulated_esp32_kitchen_relay')).state).toBe('off');
  });

  it('the Last Will makes every entity unavailable; a device back online restores them', async () => {
    const { t, device } = await setup();
    device.kill();
    await eventually(
      async () => (await entity(t, 'sensor.simulated_esp32_kitchen_air_temperature')).available === false,
      5_000,
    );
    expect((await entity(t, 'switch.simulated_esp32_kitchen_relay')).state).toBe('unavailable');
    const res = await t.post('/api/actions/switch/turn_on', { entity_id: 'switch.simulated_esp32_kitchen_relay' });
    expect(res.status).toBe(503);
    expect(res.body.message).toMatch(/offline/);
    const again = createSimulatedDevice({
      url: `mqtt://127.0.0.1:${t.brokerPort}`,
      deviceId: 'kitchen',
      intervalMs: 200,
    });
    await again.start();
    cleanup.push(() => again.stop());
    await eventually(async () => (await entity(t, 'switch.simulated_esp32_kitchen_relay')).state === 'off');
  });

  it('silence past device_timeout_s marks the device offline and raises an alert; errors become alerts', async () => {
    // the bridge measures silence on the app's clock, which this test moves on rather than waiting a second
    // (its check still runs every device_timeout_s / 4 of real time)
    let skewMs = 0;
    const clock = { now: () => new Date(Date.now() + skewMs) };
    const t = await startTestApp({ device_timeout_s: 1 }, { appOptions: { clock } });
    cleanup.push(() => t.close());
    const quiet = await connectClient(t.brokerPort, { clientId: 'quiet' });
    cleanup.push(() => quiet.endAsync());
    const caps = {
      v: 1,
      device_id: 'quiet',
      firmware_version: '1.0.0',
      sensors: [{ id: 'temp', type: 'temperature', unit: '°C' }],
    };
    await quiet.publishAsync('devices/quiet/capabilities', JSON.stringify(caps), { retain: true, qos: 1 });
    await quiet.publishAsync(
      'devices/quiet/status',
      JSON.stringify({ v: 1, state: 'online', uptime_s: 5, free_heap: 120000, rssi: -60, firmware_version: '1.0.0' }),
      { retain: true, qos: 1 },
    );
    await quiet.publishAsync(
      'devices/quiet/error',
      JSON.stringify({
        v: 1,
        severity: 'error',
        code: 'sensor_failure',
        message: 'DHT22 did not answer',
        sensor_id: 'temp',
      }),
      { qos: 1 },
    );
    const list = async () => (await t.get('/api/alerts?device_id=switchyard_quiet')).body.alerts as { type: string }[];
    // the error, the device's last message, has been handled: from here on it is silent
    await eventually(async () => (await list()).some((a) => a.type === 'device_error'));
    skewMs = 1_000;
    const alerts = await eventually(async () => {
      const now = await list();
      return now.some((a) => a.type === 'device_timeout') ? now : undefined;
    });
    expect(alerts.find((a) => a.type === 'device_error')).toMatchObject({
      severity: 'error',
      entity_id: 'sensor.quiet_temp',
      message: expect.stringContaining('DHT22'),
    });
    expect((await entity(t, 'sensor.quiet_temp')).state).toBe('unavailable');
    const id = (alerts[0] as unknown as { id: number }).id;
    const acked = await t.post(`/api/alerts/${id}/acknowledge`, {});
    expect(acked.body.acknowledged_at).toEqual(expect.any(String));
    expect((await t.get('/api/alerts?active=true&device_id=switchyard_quiet')).body.count).toBe(alerts.length - 1);
  });

  it('counts bad messages per device and keeps working', async () => {
    const { t } = await setup();
    const noise = await connectClient(t.brokerPort);
    cleanup.push(() => noise.endAsync());
    await noise.publishAsync('devices/kitchen/sensors/temp_air/data', 'not json', { qos: 1 });
    await noise.publishAsync('devices/kitchen/sensors/nope/data', '{"v":1,"value":3}', { qos: 1 });
    await noise.publishAsync('devices/kitchen/status', '{"v":2,"state":"online"}', { qos: 1 });
    await noise.publishAsync('devices/Bad Id!/capabilities', '{}', { qos: 1 });
    await noise.publishAsync('devices/kitchen/sensors/temp_air/data', Buffer.alloc(64 * 1024, 0x41), { qos: 1 });
    await eventually(() => (t.app.esp32.session('kitchen')?.counters.bad_messages ?? 0) >= 4);
    const before = (await entity(t, 'sensor.simulated_esp32_kitchen_humidity')).last_updated;
    await eventually(async () => (await entity(t, 'sensor.simulated_esp32_kitchen_humidity')).last_updated !== before);
    expect((await t.get('/api/health')).body.status).toBe('ok');
  });
});

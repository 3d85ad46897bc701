import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.js';
import { parseSettings } from '../../../src/config/settings.js';
import { silentLogger } from '../../../src/core/logger.js';
import { createMosquitto, mosquittoAvailable, mosquittoRequired } from '../../helpers/mosquitto.js';
import { connectClient, nextMessage } from '../../helpers/mqtt-client.js';
import { eventually, tempDir, testSettingsInput } from '../../helpers/net.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe.skipIf(!mosquittoAvailable && !mosquittoRequired)('with a real Mosquitto as the external broker', () => {
  it('is healthy, survives a broker restart, and its subscriptions work again', async () => {
    const mosquitto = await createMosquitto();
    await mosquitto.start();
    cleanup.push(() => mosquitto.stop());
    const dir = tempDir();
    cleanup.push(dir.remove);
    const settings = parseSettings(
      await testSettingsInput(dir.path, { mqtt_url: `mqtt://127.0.0.1:${mosquitto.port}` }),
    );
    const app = createApp(settings, { version: 'test', log: silentLogger });
    await app.start();
    cleanup.push(() => app.stop());

    const health = async () => (await app.http.app.inject({ url: '/api/health' })).json();
    expect(await health()).toMatchObject({
      status: 'ok',
      mqtt: { connected: true, broker: `mqtt://127.0.0.1:${mosquitto.port}` },
      database: { ok: true },
    });

    const got: string[] = [];
    await app.mqtt.subscribe('test/echo', (m) => void got.push(m.payload.toString()));

    // a device with a switch, to command during the outage
    const announcer = await connectClient(mosquitto.port);
    await announcer.publishAsync(
      'homeassistant/switch/lamp/config',
      JSON.stringify({ name: 'Lamp', unique_id: 'lamp', command_topic: 'lamp/set' }),
      { qos: 1 },
    );
    await eventually(() => app.registry.entity('switch.lamp'));
    await announcer.endAsync();

    await mosquitto.stop();
    await eventually(async () => (await health()).status === 'degraded', 10_000);
    // issue 21: the report says why, and a command is refused with a clear error rather than lost
    expect(await health()).toMatchObject({
      mqtt: { connected: false },
      reasons: [expect.stringMatching(/MQTT broker \(mqtt:\/\/127\.0\.0\.1:\d+\) is not connected/)],
    });
    const refused = await app.http.app.inject({
      method: 'POST',
      url: '/api/actions/switch/turn_on',
      payload: { entity_id: 'switch.lamp' },
    });
    expect(refused.statusCode).toBe(503);
    expect(refused.json().message).toMatch(/MQTT is not connected; nothing was published/);

    await mosquitto.start();
    await eventually(async () => (await health()).status === 'ok', 15_000, 100);

    const device = await connectClient(mosquitto.port);
    cleanup.push(() => device.endAsync());
    expect(await nextMessage(device, 'switchyard/status')).toEqual({ payload: 'online', retain: true });
    await eventually(
      async () => {
        await device.publishAsync('test/echo', 'back', { qos: 1 });
        return got.includes('back');
      },
      5_000,
      200,
    );
  });

  it('leaves a retained offline on the external broker when it stops', async () => {
    const mosquitto = await createMosquitto();
    await mosquitto.start();
    cleanup.push(() => mosquitto.stop());
    const dir = tempDir();
    cleanup.push(dir.remove);
    const app = createApp(
      parseSettings(await testSettingsInput(dir.path, { mqtt_url: `mqtt://127.0.0.1:${mosquitto.port}` })),
      {
        version: 'test',
        log: silentLogger,
      },
    );
    await app.start();
    await app.stop();
    const ha = await connectClient(mosquitto.port);
    cleanup.push(() => ha.endAsync());
    expect(await nextMessage(ha, 'switchyard/status')).toEqual({ payload: 'offline', retain: true });
  });
});

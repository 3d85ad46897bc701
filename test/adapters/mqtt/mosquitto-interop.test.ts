import mqtt from 'mqtt';
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
    // persistence: the heater's session (and the command queued for it) outlives the restart
    const mosquitto = await createMosquitto({ persistence: true });
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
    // and one whose commands go at QoS 1, which wait for the broker (command_queue_s)
    await announcer.publishAsync(
      'homeassistant/switch/heater/config',
      JSON.stringify({ name: 'Heater', unique_id: 'heater', command_topic: 'heater/set', qos: 1 }),
      { qos: 1 },
    );
    await eventually(() => app.registry.entity('switch.lamp') && app.registry.entity('switch.heater'));
    await announcer.endAsync();
    // the heater keeps a persistent session: it hears its commands whenever they are delivered
    const session = { clientId: 'heater', clean: false } as const;
    const asleep = await connectClient(mosquitto.port, session);
    await asleep.subscribeAsync('heater/set', { qos: 1 });
    await asleep.endAsync();

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
    expect(refused.json().message).toMatch(/MQTT is not connected; nothing was published.*QoS 0/);
    const kept = await app.http.app.inject({
      method: 'POST',
      url: '/api/actions/switch/turn_on',
      payload: { entity_id: 'switch.heater' },
    });
    expect(kept.statusCode).toBe(200);
    const [result] = kept.json().results;
    expect(result).toMatchObject({ entity_id: 'switch.heater', published: [] });
    expect(Date.parse(result.queued_until) - Date.now()).toBeGreaterThan(50_000); // command_queue_s: 60 by default
    expect(app.mqtt.outbox()).toMatchObject({ waiting: 1 });

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
    // delivered once, after the broker came back: the heater wakes up to it, then to a marker Switchyard sent after
    // it on the same connection (MQTT keeps one client's messages of one QoS in order)
    await eventually(() => app.mqtt.outbox().delivered_total === 1);
    await app.mqtt.publish('heater/set', 'marker', { qos: 1 });
    const heard: string[] = [];
    // listening before the CONNACK: the broker sends what it kept for the session right after it
    const heater = mqtt.connect(`mqtt://127.0.0.1:${mosquitto.port}`, { ...session, reconnectPeriod: 0 });
    heater.on('message', (_t, payload) => heard.push(payload.toString()));
    cleanup.push(() => heater.endAsync());
    await eventually(() => heard.includes('marker'));
    expect(heard).toEqual(['ON', 'marker']);
    expect(app.mqtt.outbox()).toEqual({ waiting: 0, delivered_total: 1, expired_total: 0 });
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

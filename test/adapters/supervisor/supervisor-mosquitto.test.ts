// The whole chain: a fake Supervisor hands out a real Mosquitto's address, resolveMqtt picks it, mqtt.js connects.
import { afterEach, describe, expect, it } from 'vitest';
import { resolveMqtt } from '../../../src/adapters/supervisor/resolve-mqtt.js';
import { parseSettings } from '../../../src/config/settings.js';
import { createMosquitto, mosquittoAvailable, mosquittoRequired } from '../../helpers/mosquitto.js';
import { connectClient, nextMessage } from '../../helpers/mqtt-client.js';
import { error, ok, recordingLogger, startFakeSupervisor, TOKEN } from './fake-supervisor.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe.skipIf(!mosquittoAvailable && !mosquittoRequired)('Supervisor MQTT service with a real Mosquitto', () => {
  it('resolves to the Mosquitto the Supervisor announces (after a not-ready answer) and a client connects', async () => {
    const mosquitto = await createMosquitto();
    await mosquitto.start();
    cleanup.push(() => mosquitto.stop());
    const sup = await startFakeSupervisor([
      error(400, 'System is not ready with state: setup'),
      ok({
        app: 'core_mosquitto',
        host: '127.0.0.1',
        port: String(mosquitto.port),
        ssl: false,
        protocol: '3.1.1',
        username: 'addons',
        password: 'x',
      }),
    ]);
    cleanup.push(() => sup.close());

    const choice = await resolveMqtt(
      parseSettings({}),
      { SUPERVISOR_TOKEN: TOKEN, SUPERVISOR_URL: sup.url },
      { log: recordingLogger().log, delayMs: 20 },
    );
    expect(choice).toEqual({
      source: 'supervisor',
      url: `mqtt://127.0.0.1:${mosquitto.port}`,
      username: 'addons',
      password: 'x',
    });
    if (choice.source !== 'supervisor') throw new Error('unreachable');

    const port = Number(new URL(choice.url).port);
    const client = await connectClient(port, { username: choice.username, password: choice.password });
    cleanup.push(() => client.endAsync());
    const got = nextMessage(client, 'switchyard/test');
    await client.publishAsync('switchyard/test', 'hello', { qos: 1 });
    expect((await got).payload).toBe('hello');
  });
});

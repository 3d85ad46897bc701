import { afterEach, describe, expect, it } from 'vitest';
import { findSupervisorMqtt } from '../../../src/adapters/supervisor/supervisor-client.js';
import { resolveMqtt } from '../../../src/adapters/supervisor/resolve-mqtt.js';
import { parseSettings } from '../../../src/config/settings.js';
import { eventually, freePort } from '../../helpers/net.js';
import { error, ok, recordingLogger, startFakeSupervisor, TOKEN, type FakeSupervisor } from './fake-supervisor.js';

const MOSQUITTO = {
  addon: 'core_mosquitto',
  host: 'core-mosquitto',
  port: 1883,
  ssl: false,
  protocol: '3.1.1',
  username: 'addons',
  password: 's3cret',
};

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function fake(...answers: Parameters<typeof startFakeSupervisor>[0]): Promise<FakeSupervisor> {
  const sup = await startFakeSupervisor(answers);
  cleanup.push(() => sup.close());
  return sup;
}

function find(sup: { url: string }, extra: Partial<Parameters<typeof findSupervisorMqtt>[0]> = {}) {
  const rec = recordingLogger();
  const result = findSupervisorMqtt({
    url: sup.url,
    token: TOKEN,
    retries: 5,
    delayMs: 20,
    timeoutMs: 1_000,
    log: rec.log,
    ...extra,
  });
  return { result, rec };
}

describe('findSupervisorMqtt against a fake Supervisor', () => {
  it('unwraps the service record into an mqtt:// URL with the credentials, sending the bearer token', async () => {
    const sup = await fake(ok(MOSQUITTO));
    const { result, rec } = find(sup);
    expect(await result).toEqual({
      url: 'mqtt://core-mosquitto:1883',
      username: 'addons',
      password: 's3cret',
      ssl: false,
      provider: 'core_mosquitto',
    });
    expect(sup.requests).toEqual([{ method: 'GET', path: '/services/mqtt', authorization: `Bearer ${TOKEN}` }]);
    expect(rec.text()).toContain('core_mosquitto');
    expect(rec.text()).not.toContain('s3cret');
    expect(rec.text()).not.toContain(TOKEN);
  });

  it('accepts the port as a string and the provider under `app` (v2 API)', async () => {
    const { addon: _, ...rest } = MOSQUITTO;
    const sup = await fake(ok({ ...rest, app: 'core_mosquitto', port: '1884' }));
    expect(await find(sup).result).toEqual({
      url: 'mqtt://core-mosquitto:1884',
      username: 'addons',
      password: 's3cret',
      ssl: false,
      provider: 'core_mosquitto',
    });
  });

  it('builds mqtts:// when the service says ssl, and leaves absent credentials out', async () => {
    const sup = await fake(ok({ host: 'broker.local', port: 8883, ssl: true }));
    expect(await find(sup).result).toEqual({ url: 'mqtts://broker.local:8883', ssl: true });
  });

  it('retries while the Supervisor is not ready or failing, then uses the service', async () => {
    const sup = await fake(
      error(400, 'System is not ready with state: setup'),
      error(503, 'Service Unavailable'),
      { status: 502 },
      ok(MOSQUITTO),
    );
    const { result, rec } = find(sup);
    expect((await result)?.url).toBe('mqtt://core-mosquitto:1883');
    expect(sup.requests).toHaveLength(4);
    expect(rec.lines.filter((l) => l.msg.includes('retrying'))).toHaveLength(3);
    expect(rec.text()).toContain('not ready');
  });

  it('retries a slow answer that times out', async () => {
    const sup = await fake({ ...ok(MOSQUITTO), delayMs: 500 }, ok(MOSQUITTO));
    const { result, rec } = find(sup, { timeoutMs: 100 });
    expect((await result)?.url).toBe('mqtt://core-mosquitto:1883');
    expect(rec.text()).toContain('timed out');
  });

  it('gives undefined when no broker add-on is registered (400 Service not enabled), and logs that case', async () => {
    const sup = await fake(error(400, 'Service not enabled'));
    const { result, rec } = find(sup);
    expect(await result).toBeUndefined();
    expect(sup.requests).toHaveLength(1);
    expect(rec.lines.at(-1)).toMatchObject({ level: 'info' });
    expect(rec.lines.at(-1)?.msg).toMatch(/no MQTT service is registered.*embedded broker/);
  });

  it('can wait for the service to be registered (notEnabledRetries)', async () => {
    const sup = await fake(error(400, 'Service not enabled'), ok(MOSQUITTO));
    expect((await find(sup, { notEnabledRetries: 3 }).result)?.url).toBe('mqtt://core-mosquitto:1883');
    const never = await fake(error(400, 'Service not enabled'));
    expect(await find(never, { notEnabledRetries: 2 }).result).toBeUndefined();
    expect(never.requests).toHaveLength(3);
  });

  it('gives undefined at once on 403 no access, 401 and 404, saying why', async () => {
    const denied = await fake(error(403, 'No access to mqtt service!'));
    const a = find(denied);
    expect(await a.result).toBeUndefined();
    expect(denied.requests).toHaveLength(1);
    expect(a.rec.lines.at(-1)).toMatchObject({
      level: 'warn',
      fields: { reason: expect.stringMatching(/no access.*mqtt:want.*403 "No access to mqtt service!"/) },
    });

    const b = find(await fake(ok(MOSQUITTO)), { token: 'wrong' });
    expect(await b.result).toBeUndefined();
    expect(b.rec.lines.at(-1)?.fields?.reason).toMatch(/token refused: HTTP 401/);

    const missing = await fake(error(404, 'Not found'));
    const c = find(missing);
    expect(await c.result).toBeUndefined();
    expect(c.rec.lines.at(-1)?.fields?.reason).toMatch(/HTTP 404/);
  });

  it('gives undefined for a malformed record without retrying', async () => {
    const sup = await fake(ok({ host: '', port: 'x' }));
    const { result, rec } = find(sup);
    expect(await result).toBeUndefined();
    expect(sup.requests).toHaveLength(1);
    expect(rec.lines.at(-1)?.fields?.reason).toMatch(/malformed MQTT service record/);
  });

  it('retries while the connection is refused and succeeds once the Supervisor is up', async () => {
    const port = await freePort();
    const { result, rec } = find({ url: `http://127.0.0.1:${port}` }, { retries: 50, delayMs: 20 });
    // the Supervisor comes up only once an attempt has been refused and is being retried
    await eventually(() => /not reachable.*ECONNREFUSED/.test(rec.text()));
    const sup = await startFakeSupervisor([ok(MOSQUITTO)], port);
    cleanup.push(() => sup.close());
    expect((await result)?.url).toBe('mqtt://core-mosquitto:1883');
    expect(rec.text()).toMatch(/not reachable.*ECONNREFUSED/);
  });

  it('gives up after the retries when the Supervisor never comes up', async () => {
    const port = await freePort();
    const { result, rec } = find({ url: `http://127.0.0.1:${port}` }, { retries: 2, delayMs: 10 });
    expect(await result).toBeUndefined();
    expect(rec.lines.filter((l) => l.msg.includes('retrying'))).toHaveLength(2);
    expect(rec.lines.at(-1)).toMatchObject({ level: 'warn', fields: { attempts: 3 } });
  });
});

describe('resolveMqtt', () => {
  const settings = (over: Record<string, unknown> = {}) => parseSettings(over);

  it('prefers mqtt_url with its credentials and does not ask the Supervisor', async () => {
    const sup = await fake(ok(MOSQUITTO));
    const choice = await resolveMqtt(
      settings({ mqtt_url: 'mqtt://10.0.0.5:1883', mqtt_username: 'u', mqtt_password: 'p' }),
      { SUPERVISOR_TOKEN: TOKEN, SUPERVISOR_URL: sup.url },
      { log: recordingLogger().log },
    );
    expect(choice).toEqual({ source: 'settings', url: 'mqtt://10.0.0.5:1883', username: 'u', password: 'p' });
    expect(sup.requests).toHaveLength(0);
  });

  it('uses the Supervisor service when running as an add-on, else the embedded broker', async () => {
    const sup = await fake(ok(MOSQUITTO));
    const log = recordingLogger().log;
    expect(await resolveMqtt(settings(), { SUPERVISOR_TOKEN: TOKEN, SUPERVISOR_URL: sup.url }, { log })).toEqual({
      source: 'supervisor',
      url: 'mqtt://core-mosquitto:1883',
      username: 'addons',
      password: 's3cret',
    });
    expect(await resolveMqtt(settings(), {}, { log })).toEqual({ source: 'embedded' });
    expect(await resolveMqtt(settings(), { SUPERVISOR_TOKEN: '' }, { log })).toEqual({ source: 'embedded' });
  });

  it('falls back to the embedded broker when the Supervisor has no MQTT service', async () => {
    const sup = await fake(error(400, 'Service not enabled'));
    const choice = await resolveMqtt(
      settings(),
      { SUPERVISOR_TOKEN: TOKEN, SUPERVISOR_URL: sup.url },
      { log: recordingLogger().log, delayMs: 10 },
    );
    expect(choice).toEqual({ source: 'embedded' });
    expect(sup.requests).toHaveLength(3); // waits twice for a broker add-on that registers late
  });
});

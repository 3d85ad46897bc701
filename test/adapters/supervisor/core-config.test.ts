// The home's location from Home Assistant's core config through a fake Supervisor (a real node:http server on
// 127.0.0.1 answering GET /core/api/config), and the precedence of the settings over it.
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchCoreLocation, mergeLocation, waitForCoreLocation } from '../../../src/adapters/supervisor/core-config.js';
import { SUN_ENTITY_ID } from '../../../src/adapters/sun/sun-entity.js';
import { createSun } from '../../../src/app/sun.js';
import { parseSettings } from '../../../src/config/settings.js';
import { systemClock } from '../../../src/core/clock.js';
import { createEventBus } from '../../../src/core/event-bus.js';
import type { CoreEvents } from '../../../src/core/events.js';
import { silentLogger } from '../../../src/core/logger.js';
import { createRegistry } from '../../../src/core/registry.js';
import { createStateStore } from '../../../src/core/state-store.js';
import { eventually } from '../../helpers/net.js';
import { recordingLogger, TOKEN } from './fake-supervisor.js';

/** Home Assistant's /api/config answer (abridged), as the Supervisor passes it on. */
const CONFIG = {
  latitude: 48.2082,
  longitude: 16.3738,
  elevation: 190,
  unit_system: { length: 'km', temperature: '°C' },
  location_name: 'Home',
  time_zone: 'Europe/Vienna',
  components: ['sun', 'mqtt'],
  version: '2026.1.0',
  state: 'RUNNING',
};

interface Fake {
  url: string;
  requests: { path: string; authorization: string | undefined }[];
  close(): Promise<void>;
}
const servers: Fake[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

/** answers in turn (the last repeats): a status and a body */
async function fake(answers: readonly [number, unknown][]): Promise<Fake> {
  const requests: Fake['requests'] = [];
  let next = 0;
  const server: Server = createServer((req, res) => {
    requests.push({ path: req.url ?? '', authorization: req.headers.authorization });
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return res.writeHead(401).end('401: Unauthorized');
    if (req.url !== '/core/api/config') return res.writeHead(404).end();
    const [status, body] = answers[Math.min(next++, answers.length - 1)] ?? [500, ''];
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const f: Fake = {
    url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  servers.push(f);
  return f;
}

describe("Home Assistant's core config through the Supervisor", () => {
  it('reads latitude, longitude, elevation and time zone, sending the token', async () => {
    const s = await fake([[200, CONFIG]]);
    expect(await fetchCoreLocation({ url: s.url, token: TOKEN })).toEqual({
      ok: true,
      // location_name names zone.home
      location: {
        latitude: 48.2082,
        longitude: 16.3738,
        elevation: 190,
        time_zone: 'Europe/Vienna',
        location_name: 'Home',
      },
    });
    expect(s.requests).toEqual([{ path: '/core/api/config', authorization: `Bearer ${TOKEN}` }]);
  });

  it('retries while Home Assistant is not up (502), not on 401 or a malformed answer', async () => {
    const down = await fake([[502, '502: Bad Gateway']]);
    expect(await fetchCoreLocation({ url: down.url, token: TOKEN })).toMatchObject({ ok: false, retry: true });
    const refused = await fetchCoreLocation({ url: down.url, token: 'wrong' });
    expect(refused).toMatchObject({ ok: false, retry: false, reason: expect.stringMatching(/homeassistant_api/) });
    const odd = await fake([[200, { latitude: 'north' }]]);
    expect(await fetchCoreLocation({ url: odd.url, token: TOKEN })).toMatchObject({ ok: false, retry: false });
  });

  it('waits for Home Assistant to come up, then gives up when it never does', async () => {
    const slow = await fake([
      [502, ''],
      [503, ''],
      [200, CONFIG],
    ]);
    const found = await waitForCoreLocation({ url: slow.url, token: TOKEN, log: silentLogger, delayMs: 10 });
    expect(found).toMatchObject({ latitude: 48.2082 });
    expect(slow.requests).toHaveLength(3);
    const never = await fake([[502, '']]);
    const rec = recordingLogger();
    expect(await waitForCoreLocation({ url: never.url, token: TOKEN, log: rec.log, delayMs: 5, attempts: 3 })).toBe(
      undefined,
    );
    expect(rec.text()).toMatch(/could not read the home's location.*"attempts":3/);
  });

  it('lets the settings win, field by field', () => {
    const core = { latitude: 48.2082, longitude: 16.3738, elevation: 190, time_zone: 'Europe/Vienna' };
    const none = { latitude: undefined, longitude: undefined, elevation: undefined, time_zone: undefined };
    expect(mergeLocation(none, core)).toEqual(core);
    expect(mergeLocation({ ...none, latitude: 47.07, longitude: 15.44 }, core)).toEqual({
      ...core,
      latitude: 47.07,
      longitude: 15.44,
    });
    expect(mergeLocation({ ...none, elevation: 0, time_zone: 'UTC' }, core)).toEqual({
      ...core,
      elevation: 0,
      time_zone: 'UTC',
    });
    expect(mergeLocation(none, undefined)).toBeUndefined();
    expect(mergeLocation({ ...none, latitude: 1, longitude: 2 }, undefined)).toEqual({
      latitude: 1,
      longitude: 2,
      elevation: 0,
      time_zone: undefined,
    });
  });
});

describe('the app wiring of the sun (createSun)', () => {
  const parts = () => {
    const bus = createEventBus<CoreEvents>(silentLogger);
    return { registry: createRegistry(bus), states: createStateStore(bus, systemClock), clock: systemClock };
  };

  it('as an add-on: asks Home Assistant, then keeps sun.sun; the settings fields win', async () => {
    const s = await fake([
      [502, ''],
      [200, CONFIG],
    ]);
    const p = parts();
    const settings = parseSettings({ elevation: 0 });
    const sun = createSun({
      ...p,
      settings,
      env: { SUPERVISOR_TOKEN: TOKEN, SUPERVISOR_URL: s.url },
      log: silentLogger,
      supervisorDelayMs: 10,
    });
    expect(sun.source?.current()).toBeUndefined();
    await sun.service.start();
    const home = await eventually(() => sun.source?.current());
    expect(home.location).toEqual({
      latitude: 48.2082,
      longitude: 16.3738,
      elevation: 0,
      time_zone: 'Europe/Vienna',
      name: 'Home',
    });
    expect(p.states.get(SUN_ENTITY_ID)?.state).toMatch(/^(above|below)_horizon$/);
    await sun.service.stop();
  });

  it('with latitude and longitude set, does not ask; with neither nor a Supervisor, there is no sun', async () => {
    const s = await fake([[200, CONFIG]]);
    const p = parts();
    const settings = parseSettings({ latitude: 47.07, longitude: 15.44 });
    const sun = createSun({
      ...p,
      settings,
      env: { SUPERVISOR_TOKEN: TOKEN, SUPERVISOR_URL: s.url },
      log: silentLogger,
    });
    await sun.service.start();
    expect(sun.source?.current()?.location).toMatchObject({ latitude: 47.07, longitude: 15.44, elevation: 0 });
    expect(s.requests).toEqual([]);
    await sun.service.stop();

    const nothing = createSun({ ...p, settings: parseSettings({}), env: {}, log: silentLogger });
    expect(nothing.source).toBeUndefined();
    await nothing.service.start();
    // the sun.sun left from the start with a location is gone
    expect(p.registry.entity(SUN_ENTITY_ID)).toBeUndefined();
  });
});

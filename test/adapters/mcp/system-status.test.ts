// /api/system/status (get_system_status) with many devices offline: the counts kept by the registry and the
// state store agree with a walk over every entity, and the offline ids shown are the first 20 in sorted order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { eventually } from '../../helpers/net.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
}, 30_000);

afterAll(async () => {
  await t?.close();
});

const OFFLINE = 27;
const ONLINE = 4;

describe('system status', () => {
  it('counts by domain and unavailable entities as a walk would, and names the first 20 offline devices in order', async () => {
    // each device: a sensor and a binary sensor behind its own availability topic, retained
    for (let n = 0; n < OFFLINE + ONLINE; n++) {
      const id = `dev${String((n * 7) % (OFFLINE + ONLINE)).padStart(2, '0')}`;
      const device = { identifiers: [id], name: `Device ${id}` };
      const availability = `status/${id}`;
      await t.client.publishAsync(availability, n < OFFLINE ? 'offline' : 'online', { qos: 1, retain: true });
      await t.client.publishAsync(
        `homeassistant/sensor/${id}/t/config`,
        JSON.stringify({
          name: 'T',
          state_topic: `s/${id}`,
          unique_id: `${id}_t`,
          availability_topic: availability,
          device,
        }),
        { qos: 1 },
      );
      await t.client.publishAsync(
        `homeassistant/binary_sensor/${id}/m/config`,
        JSON.stringify({
          name: 'M',
          state_topic: `m/${id}`,
          unique_id: `${id}_m`,
          availability_topic: availability,
          device,
        }),
        { qos: 1 },
      );
    }
    const status = await eventually(async () => {
      const s = (await t.get('/api/system/status')).body;
      return s.entities.total === 2 * (OFFLINE + ONLINE) && s.entities.unavailable === 2 * OFFLINE ? s : undefined;
    });
    // what a walk over every entity, state and device says
    const { registry, states } = t.app;
    const byDomain: Record<string, number> = {};
    for (const e of registry.entities()) byDomain[e.domain] = (byDomain[e.domain] ?? 0) + 1;
    expect(status.entities.by_domain).toEqual(byDomain);
    expect(status.entities.unavailable).toBe(
      registry.entities().filter((e) => states.get(e.entity_id)?.state === 'unavailable').length,
    );
    const offline = registry
      .devices()
      .filter((d) => registry.deviceEntities(d.id).every((e) => states.get(e.entity_id)?.state === 'unavailable'))
      .map((d) => d.id)
      .sort();
    expect(offline).toHaveLength(OFFLINE);
    expect(status.devices.offline).toBe(OFFLINE);
    expect(status.devices.online).toBe(ONLINE);
    expect(status.devices.offline_ids).toEqual(offline.slice(0, 20));
  });
});

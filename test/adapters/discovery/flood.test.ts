// A flood of discovery messages (issue 21): beyond the queue's bound they are dropped unread, each counted as a
// `dropped` diagnostic, one alert is raised for the flood, and what was queued is still set up.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { eventually } from '../../helpers/net.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('discovery flood', () => {
  it('drops what the bounded queue cannot hold, says how many, and raises one alert', async () => {
    t = await startTestApp({}, { appOptions: { discoveryMaxWaiting: 20 } });
    const total = 400;
    await Promise.all(
      Array.from({ length: total }, (_, i) =>
        t!.client.publishAsync(
          `homeassistant/sensor/flood_${i}/config`,
          JSON.stringify({ name: `Flood ${i}`, unique_id: `flood_${i}`, state_topic: `flood/${i}` }),
          { qos: 1 },
        ),
      ),
    );
    const app = t.app;
    const flooders = () => app.registry.entities().filter((e) => e.unique_id?.startsWith('flood_')).length;
    // each config either becomes an entity or is dropped
    await eventually(
      () => app.discovery.counts.dropped > 0 && flooders() + app.discovery.counts.dropped === total,
      15_000,
    );
    const dropped = app.discovery.counts.dropped;
    const diag = (await t.get('/api/discovery/diagnostics?code=dropped&limit=1')).body;
    expect(diag.counts.seen.dropped).toBe(dropped);
    expect(diag.diagnostics[0]).toMatchObject({ code: 'dropped', reason: expect.stringMatching(/too many discovery/) });
    const alerts = app.persistence.alerts.list().filter((a) => a.type === 'discovery_flood');
    expect(alerts).toHaveLength(1);
  });
});

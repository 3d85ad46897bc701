// Templates from strangers: any broker client can publish a discovery config, retained, and its templates run
// on Switchyard's main thread. Two such configs (a sort of 100,000 items in a 100,000-step loop, once ~48
// minutes; a list of large upper-cased strings, once a heap exhausted) are cut off by the render budget, reported
// for their entities, and the ordinary sensor announced next to them keeps reporting, before and after.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { eventually } from '../helpers/net.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const HOSTILE = {
  slow: '{% set l = range(100000) | list %}{% for i in range(100000) %}{% set s = l | sort %}{% endfor %}{{ value }}',
  large:
    "{% set ns = namespace(l=[]) %}{% for i in range(100000) %}{% set ns.l = ns.l + [('x' * 100000) | upper] %}{% endfor %}{{ ns.l | length }}",
};

describe('hostile templates', () => {
  it('are cut off and reported while every other entity keeps working', async () => {
    t = await startTestApp();
    const app = t;
    const pub = (topic: string, payload: string, retain = false) =>
      app.client.publishAsync(topic, payload, { qos: 1, retain });
    await pub(
      'homeassistant/sensor/good/config',
      JSON.stringify({
        name: 'Good',
        unique_id: 'good',
        state_topic: 'good/state',
        value_template: '{{ value_json.t }}',
      }),
      true,
    );
    for (const [name, template] of Object.entries(HOSTILE)) {
      await pub(
        `homeassistant/sensor/${name}/config`,
        JSON.stringify({ name, unique_id: name, state_topic: `${name}/state`, value_template: template }),
        true,
      );
    }
    await eventually(
      async () =>
        (await app.get('/api/entities/sensor.large')).status === 200 &&
        (await app.get('/api/entities/sensor.good')).status === 200,
    );

    for (let round = 1; round <= 2; round++) {
      await pub('slow/state', 'x');
      await pub('large/state', 'x');
      await pub('good/state', JSON.stringify({ t: 20 + round }));
      await eventually(async () => (await app.get('/api/entities/sensor.good')).body.state === String(20 + round));
    }
    const diag = (await app.get('/api/discovery/diagnostics?kind=template')).body.diagnostics as {
      entity_id: string;
      reason: string;
    }[];
    const reasonOf = (id: string) => diag.find((d) => d.entity_id === id)?.reason ?? '';
    expect(reasonOf('sensor.slow')).toMatch(/template too (complex|slow)/);
    expect(reasonOf('sensor.large')).toMatch(/template too (large|slow)/);
    expect((await app.get('/api/entities/sensor.slow')).body.state).toBe('unknown');
    expect((await app.get('/api/health')).body.status).toBe('ok');
  });
});

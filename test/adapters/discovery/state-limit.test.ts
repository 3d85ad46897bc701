// Home Assistant's limit on a state (issue 21): longer than 255 characters, it is written as unknown, with a
// diagnostic; 255 characters (counted as Python counts them, by code point) are kept.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { eventually } from '../../helpers/net.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('state length', () => {
  it('keeps 255 characters and writes a longer state as unknown, with a diagnostic', async () => {
    t = await startTestApp();
    const app = t;
    await app.client.publishAsync(
      'homeassistant/sensor/note/config',
      JSON.stringify({ name: 'Note', unique_id: 'note', state_topic: 'note/state' }),
      { qos: 1 },
    );
    await eventually(() => app.app.registry.entity('sensor.note'));
    const fits = '😀'.repeat(255); // 510 UTF-16 units, 255 characters
    await app.client.publishAsync('note/state', fits, { qos: 1 });
    await eventually(() => app.app.states.get('sensor.note')?.state === fits);
    await app.client.publishAsync('note/state', 'x'.repeat(256), { qos: 1 });
    await eventually(() => app.app.states.get('sensor.note')?.state === 'unknown');
    const diag = (await app.get('/api/discovery/diagnostics?kind=state')).body.diagnostics as { reason: string }[];
    expect(diag.map((d) => d.reason)).toContain('state of 256 characters is over 255: unknown');
  });
});

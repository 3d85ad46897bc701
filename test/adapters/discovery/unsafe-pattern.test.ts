// A lock whose code_format could take exponential time to match (issue 21) is refused with a diagnostic, and the
// others are set up: the pattern is checked before any code is matched against it.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { eventually } from '../../helpers/net.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const lock = (id: string, codeFormat: string) => ({
  name: id,
  unique_id: id,
  command_topic: `cmd/${id}`,
  code_format: codeFormat,
});

describe('patterns from discovery configs', () => {
  it('refuses a lock with a catastrophic code_format and keeps one with an ordinary one', async () => {
    t = await startTestApp();
    await t.client.publishAsync('homeassistant/lock/evil/config', JSON.stringify(lock('evil', '(a+)+$')), { qos: 1 });
    await t.client.publishAsync('homeassistant/lock/door/config', JSON.stringify(lock('door', '^\\d{4}$')), { qos: 1 });
    await eventually(() => t!.app.registry.entity('lock.door'));
    const diag = await eventually(async () => {
      const body = (await t!.get('/api/discovery/diagnostics')).body as {
        diagnostics: { topic: string; reason: string; code: string }[];
      };
      return body.diagnostics.find((d) => d.topic === 'homeassistant/lock/evil/config');
    });
    expect(diag).toMatchObject({ code: 'config' });
    expect(diag.reason).toMatch(/code_format '\(a\+\)\+\$' can take exponential time/);
    expect(t.app.registry.entity('lock.evil')).toBeUndefined();
    // the ordinary one checks codes as before
    expect((await t.post('/api/actions/lock/unlock', { entity_id: 'lock.door', data: { code: '12' } })).status).toBe(
      400,
    );
    expect((await t.post('/api/actions/lock/unlock', { entity_id: 'lock.door', data: { code: '1234' } })).status).toBe(
      200,
    );
  });
});

// `!secret` values stay out of what Switchyard shows (issue 21): the configuration comes back with the reference,
// traces carry *** where the value was (whole, or rendered into text), and the value itself still does its job.
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const AUTOMATION = `
id: with_secret
triggers: [{trigger: event, event_type: go}]
variables:
  token: !secret api_token
actions:
  - action: mqtt.publish
    data:
      topic: out/secret
      payload: !secret api_token
  - action: mqtt.publish
    data:
      topic: out/rendered
      payload: "Bearer {{ token }}"
`;

describe('secrets', () => {
  it('are shown as references, masked in traces, and still used', async () => {
    h = await startHarness({ 'a.yaml': AUTOMATION, 'secrets.yaml': 'api_token: s3cr3t-Token-42\n' });
    const details = h.engine.get('with_secret');
    expect(JSON.stringify(details)).not.toContain('s3cr3t-Token-42');
    expect(details?.config).toMatchObject({ variables: { token: '!secret api_token' } });

    await h.engine.trigger('with_secret');
    await h.flush();
    // the messages carry the real value: the secret did its job
    expect(h.on('out/secret')).toEqual(['s3cr3t-Token-42']);
    expect(h.on('out/rendered')).toEqual(['Bearer s3cr3t-Token-42']);
    const [trace] = h.fullTraces('with_secret');
    const text = JSON.stringify(trace);
    expect(text).not.toContain('s3cr3t-Token-42');
    expect(trace?.steps[0]?.result).toMatchObject({ mqtt: { payload: '***' } });
    expect(trace?.steps[1]?.result).toMatchObject({ mqtt: { payload: 'Bearer ***' } });
    expect(trace?.variables).toMatchObject({ token: '***' });
  });
});

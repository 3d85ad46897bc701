// The mqtt trigger (topic filters, payload, value_template, trigger.* in templates) and the
// mqtt.publish action (templated topic and payload, qos/retain, wildcard topics refused).
import { afterEach, describe, expect, it } from 'vitest';
import { nextMessage } from '../../helpers/mqtt-client.js';
import { startHarness, until, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const offline = `
id: device_offline
mode: queued
triggers:
  - trigger: mqtt
    topic: "devices/+/status"
    payload: "offline"
    value_template: "{{ value_json.status }}"
actions:
  - variables:
      device: "{{ trigger.topic.split('/')[1] }}"
  - action: mqtt.publish
    data:
      topic: "out/offline/{{ device }}"
      payload: "{{ trigger.payload_json.status }} since {{ trigger.payload_json.since }}"
      qos: 1
      retain: true
`;

const plain = `
id: doorbell
triggers:
  - trigger: mqtt
    topic: in/doorbell
    payload: pressed
    id: ring
actions:
  - action: mqtt.publish
    data: {topic: out/doorbell, payload: "{{ trigger.id }} {{ trigger.payload }} {{ trigger.qos }}"}
`;

describe('mqtt trigger', () => {
  it('matches a wildcard topic and compares the value_template result with payload', async () => {
    h = await startHarness({ 'offline.yaml': offline });
    await h.send('devices/esp1/status', '{"status":"online","since":1}');
    await h.send('devices/esp2/status', 'not json');
    await h.send('devices/esp1/status', '{"status":"offline","since":42}');
    await until(() => h!.on('out/offline/esp1').length === 1);
    await h.flush();
    expect(h.seen.filter((m) => m.topic.startsWith('out/offline/'))).toEqual([
      { topic: 'out/offline/esp1', payload: 'offline since 42', retain: false },
    ]);
    // retained: a client that subscribes later still gets it
    const late = await nextMessage(h.t.client, 'out/offline/esp1');
    expect(late).toEqual({ payload: 'offline since 42', retain: true });
    const [trace] = h.fullTraces('device_offline');
    expect(trace?.trigger).toMatchObject({
      platform: 'mqtt',
      description: 'mqtt topic devices/esp1/status',
      variables: { topic: 'devices/esp1/status', payload_json: { status: 'offline', since: 42 } },
    });
    expect(trace?.steps.map((s) => [s.path, s.kind])).toEqual([
      ['action/0', 'variables'],
      ['action/1', 'call mqtt.publish'],
    ]);
    expect(trace?.steps[0]?.changed_variables).toEqual({ device: 'esp1' });
    expect(trace?.steps[1]?.result).toMatchObject({
      mqtt: { topic: 'out/offline/esp1', payload: 'offline since 42', qos: 1, retain: true },
    });
  });

  it('compares the raw payload when there is no value_template; trigger.id names the trigger', async () => {
    h = await startHarness({ 'doorbell.yaml': plain });
    await h.send('in/doorbell', 'released');
    await h.send('in/doorbell', 'pressed');
    await until(() => h!.on('out/doorbell').length === 1);
    await h.flush();
    expect(h.on('out/doorbell')).toEqual(['ring pressed 0']);
  });
});

describe('mqtt.publish', () => {
  it('refuses a topic with wildcards, with a clear error in the trace', async () => {
    h = await startHarness({
      'bad.yaml': `
id: bad_publish
triggers: [{trigger: event, event_type: never}]
actions:
  - action: mqtt.publish
    data: {topic: "out/{{ room }}/+", payload: hello}
  - action: mqtt.publish
    data: {topic: out/after, payload: never}
`,
    });
    const started = await h.engine.trigger('bad_publish', { variables: { room: 'kitchen' } });
    expect(started.status).toBe('started');
    await h.flush();
    const [trace] = h.fullTraces('bad_publish');
    expect(trace).toMatchObject({ outcome: 'error', last_step: 'action/0' });
    expect(trace?.error).toBe(
      "mqtt.publish: topic 'out/kitchen/+' contains a wildcard ('+' or '#'); a message must go to one concrete topic",
    );
    expect(trace?.steps[0]).toMatchObject({ path: 'action/0', kind: 'call mqtt.publish', error: trace?.error });
    expect(h.on('out/after')).toEqual([]);
    expect(h.engine.list()[0]).toMatchObject({ id: 'bad_publish', last_outcome: 'error', error_count: 1 });
  });
});

// notify.send_message as Home Assistant's docs write it (fixtures 03 and 05): to an MQTT notify entity it is
// published on the entity's command topic; to a notify entity Switchyard does not have, it becomes an alert,
// and the trace says so.
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, until, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const send = (id: string, target: string) => `
- id: ${id}
  triggers: [{trigger: event, event_type: ${id}}]
  actions:
    - action: notify.send_message
      target:
        entity_id: ${target}
      data:
        message: "The back door has been open for 5 minutes."
`;

describe('notify.send_message', () => {
  it('publishes to an MQTT notify entity, and raises an alert for one that does not exist', async () => {
    h = await startHarness({
      'notify.yaml': send('to_phone', 'notify.phone') + send('to_nowhere', 'notify.my_device'),
    });
    await h.send(
      'homeassistant/notify/phone/config',
      JSON.stringify({ name: 'Phone', unique_id: 'ph', command_topic: 'cmd/phone' }),
    );
    await until(() => h!.t.app.registry.entity('notify.phone'));

    await h.engine.trigger('to_phone');
    await h.flush();
    expect(h.on('cmd/phone')).toEqual(['The back door has been open for 5 minutes.']);
    expect(h.alerts.list({ limit: 5 })).toEqual([]);

    await h.engine.trigger('to_nowhere');
    await h.flush();
    expect(h.on('cmd/phone')).toHaveLength(1);
    expect(h.alerts.list({ limit: 5 }).map((a) => [a.message, a.entity_id])).toEqual([
      ['The back door has been open for 5 minutes.', 'notify.my_device'],
    ]);
    expect(h.fullTraces('to_nowhere')[0]?.steps[0]?.result).toMatchObject({
      delivered_as_alert: 'no notify entity notify.my_device',
    });
  });
});

/**
 * A `device_automation` discovery config (mqtt/device_trigger.py TRIGGER_DISCOVERY_SCHEMA): a trigger the
 * device offers (`type` such as 'action' or 'button_short_press', `subtype` such as 'single' or
 * 'button_1'), fired by a message on `topic` whose payload — or what `value_template` renders of it —
 * equals `payload` (any message when there is none). Not an entity.
 */
import { z } from 'zod';
import { deviceSchema, formatIssues, haString, qosSchema, subscribeTopic, type DeviceInfo } from './common-schema.js';

const schema = z.looseObject({
  automation_type: haString,
  device: deviceSchema,
  payload: haString.nullable().default(null),
  subtype: haString,
  topic: subscribeTopic,
  type: haString,
  value_template: haString.nullable().default(null),
  qos: qosSchema.default(0),
  encoding: haString.default('utf-8'),
});

export interface DeviceTriggerConfig {
  readonly device: DeviceInfo;
  readonly type: string;
  readonly subtype: string;
  readonly topic: string;
  readonly payload: string | null;
  readonly value_template: string | null;
  readonly qos: 0 | 1 | 2;
  readonly encoding: string;
}

export function parseDeviceTriggerConfig(
  config: Record<string, unknown>,
): { ok: true; config: DeviceTriggerConfig } | { ok: false; reason: string } {
  const result = schema.safeParse(config);
  if (!result.success)
    return { ok: false, reason: `device_automation config is invalid: ${formatIssues(result.error.issues)}` };
  const c = result.data;
  if (c.automation_type !== 'trigger')
    return {
      ok: false,
      reason: `device_automation config is invalid: automation_type '${c.automation_type}' is not 'trigger'`,
    };
  return {
    ok: true,
    config: {
      device: c.device,
      type: c.type,
      subtype: c.subtype,
      topic: c.topic,
      payload: c.payload,
      value_template: c.value_template,
      qos: c.qos as 0 | 1 | 2,
      encoding: c.encoding,
    },
  };
}

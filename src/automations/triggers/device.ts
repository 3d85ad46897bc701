/**
 * The device trigger (`trigger: device`, `domain: mqtt`): the trigger a `device_automation` discovery
 * config announced for the device, with that type and subtype. It listens on the config's topic as an
 * mqtt trigger would; a config that arrives, changes or goes after the automation was armed re-arms it.
 */
import type { DeviceTrigger } from '../../core/device-triggers.js';
import type { Trigger } from '../model.js';
import { armMqtt } from './mqtt.js';
import type { ArmedTrigger, ArmFunction } from './types.js';

type DeviceTriggerConfig = Extract<Trigger, { trigger: 'device' }>;
type MqttTrigger = Extract<Trigger, { trigger: 'mqtt' }>;

export const armDevice: ArmFunction<DeviceTriggerConfig> = (t, base, rt, vars, fire) => {
  const triggers = rt.registry.deviceTriggers;
  let armed: ArmedTrigger | undefined;
  let current: DeviceTrigger | undefined;
  const arm = () => {
    const found = triggers.find({
      device_id: t.device_id,
      type: t.type,
      subtype: t.subtype,
      discovery_id: t.discovery_id,
    });
    if (found === current) return;
    armed?.stop();
    armed = undefined;
    current = found;
    if (!found) {
      rt.log.debug('device trigger not announced (yet)', { device_id: t.device_id, type: t.type, subtype: t.subtype });
      return;
    }
    const mqtt: MqttTrigger = {
      trigger: 'mqtt',
      enabled: true,
      topic: found.topic,
      qos: found.qos,
      encoding: found.encoding,
      ...(found.payload !== null ? { payload: found.payload } : {}),
      ...(found.value_template !== null ? { value_template: found.value_template } : {}),
    };
    const extra = {
      device_id: found.device_id,
      type: found.type,
      subtype: found.subtype,
      discovery_id: found.discovery_id,
    };
    armed = armMqtt(mqtt, base, rt, vars, (f) =>
      fire({
        ...f,
        description: `device ${found.device_id} ${found.type} ${found.subtype}`,
        variables: { ...f.variables, ...extra },
      }),
    );
  };
  // only a change to a trigger this one could mean is looked at: a discovery storm brings thousands
  const concerns = (d: DeviceTrigger) =>
    d.type === t.type &&
    d.subtype === t.subtype &&
    (d.device_id === t.device_id || (t.discovery_id !== undefined && d.discovery_id === t.discovery_id));
  arm();
  const off = triggers.onChange((changed) => {
    if (concerns(changed)) arm();
  });
  return {
    stop() {
      off();
      armed?.stop();
      armed = undefined;
    },
  };
};

/**
 * The device trigger. `domain: mqtt`: the trigger a `device_automation` discovery config announced for the
 * device, with that type and subtype. It listens on the config's topic as an mqtt trigger would; a config that
 * arrives, changes or goes after the automation was armed re-arms it, and so does a change of which Switchyard
 * device the `device_id` means (Home Assistant's device ids: `device-automation/ids.ts`). Entity domains (light,
 * binary_sensor, sensor, …): `device-automation/triggers.ts`.
 */
import type { DeviceTrigger } from '../../core/device-triggers.js';
import { armEntityDevice } from '../device-automation/triggers.js';
import type { Trigger } from '../model.js';
import { armMqtt } from './mqtt.js';
import type { ArmedTrigger, ArmFunction } from './types.js';

type DeviceTriggerConfig = Extract<Trigger, { trigger: 'device' }>;
type MqttTrigger = Extract<Trigger, { trigger: 'mqtt' }>;

export const armDevice: ArmFunction<DeviceTriggerConfig> = (t, base, rt, vars, fire) =>
  t.domain === 'mqtt' ? armMqttDevice(t, base, rt, vars, fire) : armEntityDevice(t, base, rt, vars, fire);

const armMqttDevice: ArmFunction<DeviceTriggerConfig> = (t, base, rt, vars, fire) => {
  const triggers = rt.registry.deviceTriggers;
  const subtype = t.subtype ?? '';
  let armed: ArmedTrigger | undefined;
  let current: DeviceTrigger | undefined;
  // the Switchyard device `device_id` means (itself when it is one, or when it cannot be resolved)
  let deviceId = t.device_id;
  const resolve = () => {
    const found = rt.devices?.device(t.device_id);
    deviceId = found?.ok ? found.id : t.device_id;
  };
  const arm = () => {
    const found = triggers.find({
      device_id: deviceId,
      type: t.type,
      subtype,
      discovery_id: t.discovery_id,
    });
    if (found === current) return;
    armed?.stop();
    armed = undefined;
    current = found;
    if (!found) {
      rt.log.debug('device trigger not announced (yet)', { device_id: t.device_id, type: t.type, subtype });
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
      device_id: t.device_id,
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
    d.subtype === subtype &&
    (d.device_id === deviceId || (t.discovery_id !== undefined && d.discovery_id === t.discovery_id));
  resolve();
  arm();
  const off = triggers.onChange((changed) => {
    if (concerns(changed)) arm();
  });
  const offIds = rt.devices?.onChange(() => {
    const before = deviceId;
    resolve();
    if (deviceId !== before) arm();
  });
  return {
    stop() {
      off();
      offIds?.();
      armed?.stop();
      armed = undefined;
    },
  };
};

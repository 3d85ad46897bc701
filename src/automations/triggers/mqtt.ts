/**
 * The mqtt trigger: a message on the topic filter fires it, when its payload (or the value its
 * `value_template` renders from `value` / `value_json`) equals `payload`, if given.
 */
import { parseJson, payloadVariables } from '../../protocol/template/index.js';
import type { Trigger } from '../model.js';
import { fireOf, type ArmFunction } from './types.js';

type MqttTrigger = Extract<Trigger, { trigger: 'mqtt' }>;

export const armMqtt: ArmFunction<MqttTrigger> = (t, base, rt, vars, fire) => {
  const template = t.value_template !== undefined ? rt.templates.compile(t.value_template) : undefined;
  const encoding: BufferEncoding = t.encoding === '' || !Buffer.isEncoding(t.encoding) ? 'utf8' : t.encoding;
  const off = rt.index.watchTopic(t.topic, t.qos, (message, cause) => {
    const payload = message.payload.toString(encoding);
    let value: string | null = payload;
    if (template) {
      try {
        value = template.render(payloadVariables(payload, vars));
      } catch (err) {
        rt.log.debug('mqtt trigger: value_template failed', {
          topic: message.topic,
          err: err instanceof Error ? err.message : String(err),
        });
        value = null;
      }
    }
    if (t.payload !== undefined && t.payload !== value) return;
    const json = jsonOf(payload);
    const variables = {
      topic: message.topic,
      payload,
      qos: message.qos,
      retain: message.retain,
      ...(json !== undefined ? { payload_json: json } : {}),
    };
    fire(fireOf(base, `mqtt topic ${message.topic}`, variables, cause));
  });
  return { stop: off };
};

function jsonOf(payload: string): unknown {
  try {
    return parseJson(payload);
  } catch {
    return undefined;
  }
}

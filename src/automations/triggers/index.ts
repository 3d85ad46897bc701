/** Arms any trigger of the dialect: one implementation per trigger type. */
import type { Trigger } from '../model.js';
import { armDevice } from './device.js';
import { armEvent, armLifecycle } from './event.js';
import { armMqtt } from './mqtt.js';
import { armNumericState } from './numeric-state.js';
import { armState } from './state.js';
import { armSun } from './sun.js';
import { armTag } from './tag.js';
import { armTemplate } from './template.js';
import { armTime, armTimePattern } from './time.js';
import { armConversation } from './conversation.js';
import { armWebhook } from './webhook.js';
import { armZone } from './zone.js';
import type { ArmedTrigger, FireHandler, TriggerBase, TriggerRuntime } from './types.js';
import type { TriggerEvaluations } from '../evaluations.js';

export type { ArmedTrigger, FireHandler, TriggerFire, TriggerRuntime } from './types.js';

/** Arms trigger number `idx`; `vars` are the variables its templates see; entity triggers note to `evaluations`. */
export function armTrigger(
  trigger: Trigger,
  idx: number,
  runtime: TriggerRuntime,
  vars: Readonly<Record<string, unknown>>,
  fire: FireHandler,
  evaluations?: TriggerEvaluations,
): ArmedTrigger {
  const base: TriggerBase = {
    idx,
    id: trigger.id ?? String(idx),
    alias: trigger.alias ?? null,
    platform: trigger.trigger,
    evaluations,
  };
  switch (trigger.trigger) {
    case 'state':
      return armState(trigger, base, runtime, vars, fire);
    case 'numeric_state':
      return armNumericState(trigger, base, runtime, vars, fire);
    case 'mqtt':
      return armMqtt(trigger, base, runtime, vars, fire);
    case 'device':
      return armDevice(trigger, base, runtime, vars, fire);
    case 'time':
      return armTime(trigger, base, runtime, vars, fire);
    case 'time_pattern':
      return armTimePattern(trigger, base, runtime, vars, fire);
    case 'homeassistant':
      return armLifecycle(trigger, base, runtime, vars, fire);
    case 'event':
      return armEvent(trigger, base, runtime, vars, fire);
    case 'template':
      return armTemplate(trigger, base, runtime, vars, fire);
    case 'tag':
      return armTag(trigger, base, runtime, vars, fire);
    case 'sun':
      return armSun(trigger, base, runtime, vars, fire);
    case 'zone':
      return armZone(trigger, base, runtime, vars, fire);
    case 'webhook':
      return armWebhook(trigger, base, runtime, vars, fire);
    case 'conversation':
      return armConversation(trigger, base, runtime, vars, fire);
  }
}

/** Arms every enabled trigger of a list; stopping the result stops them all. */
export function armTriggers(
  triggers: readonly Trigger[],
  runtime: TriggerRuntime,
  vars: Readonly<Record<string, unknown>>,
  fire: FireHandler,
  evaluations?: TriggerEvaluations,
): ArmedTrigger {
  const armed: ArmedTrigger[] = [];
  try {
    triggers.forEach((t, idx) => {
      if (t.enabled) armed.push(armTrigger(t, idx, runtime, vars, fire, evaluations));
    });
  } catch (err) {
    for (const a of armed) a.stop();
    throw err;
  }
  return {
    stop() {
      for (const a of armed) a.stop();
    },
  };
}

/**
 * MQTT switch (homeassistant/components/mqtt/switch.py). `command_topic` is required (MQTT_RW_SCHEMA);
 * state_on/state_off default to payload_on/payload_off; "None" resets to unknown.
 */
import { z } from 'zod';
import {
  checkAvailabilityExclusive,
  entityCommonShape,
  haString,
  readWriteShape,
  templateSchema,
} from '../common-schema.js';
import type { EntityState, PlatformModule, StateUpdate } from './platform.js';
import {
  attachTemplates,
  definePlatform,
  optimisticByStateTopic,
  PAYLOAD_NONE,
  publishMsg,
  renderCommand,
  renderValue,
} from './shared.js';

const schema = z
  .object({
    ...entityCommonShape,
    ...readWriteShape,
    command_template: templateSchema.optional(),
    value_template: templateSchema.optional(),
    payload_on: haString.default('ON'),
    payload_off: haString.default('OFF'),
    state_on: haString.optional(),
    state_off: haString.optional(),
    device_class: haString.nullable().optional(),
  })
  .superRefine(checkAvailabilityExclusive)
  .transform(attachTemplates(['command_template', 'value_template']));

export type SwitchConfig = z.output<typeof schema>;

/** Maps a rendered payload to 'on'/'off'/'unknown', or null when it matches nothing (ignored). */
export function onOffState(payload: string, on: string, off: string): string | null {
  if (payload === on) return 'on';
  if (payload === off) return 'off';
  return payload === PAYLOAD_NONE ? 'unknown' : null;
}

const onOff = { description: 'Turn on', params: {} };

export const switchPlatform: PlatformModule<SwitchConfig> = definePlatform<SwitchConfig>({
  domain: 'switch',
  schema,
  optimistic: optimisticByStateTopic,
  handlers: [
    {
      key: 'state_topic',
      handle: (c, payload): StateUpdate | null => {
        const rendered = renderValue(c.templates.value_template, payload);
        if (rendered === undefined) return null;
        // HA: an empty state_on/state_off falls back to the payload.
        const state = onOffState(rendered, c.state_on || c.payload_on, c.state_off || c.payload_off);
        return state === null ? null : { state };
      },
    },
  ],
  actions: () => ({
    turn_on: onOff,
    turn_off: { description: 'Turn off', params: {} },
    toggle: { description: 'Toggle', params: {} },
  }),
  command: (c, action, _data, current: EntityState) => {
    const on = action === 'turn_on' || (action === 'toggle' && current.state !== 'on');
    const payload = renderCommand(c.templates.command_template, on ? c.payload_on : c.payload_off);
    return {
      publish: [publishMsg(c, c.command_topic, payload)],
      optimistic: optimisticByStateTopic(c) ? { state: on ? 'on' : 'off' } : null,
    };
  },
});

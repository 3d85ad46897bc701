/**
 * MQTT lock (mqtt/lock.py): `command_topic` required; payload_lock 'LOCK', payload_unlock 'UNLOCK',
 * payload_open (no default: the open action exists only when it is set); state_locked 'LOCKED',
 * state_unlocked 'UNLOCKED', state_locking/unlocking/jammed/open/opening; payload_reset 'None'.
 * Command templates get the variable `code`; `code_format` (a regex) is checked like LockEntity does.
 */
import { z } from 'zod';
import {
  checkAvailabilityExclusive,
  entityCommonShape,
  haString,
  readWriteShape,
  templateSchema,
} from '../common-schema.js';
import { CommandError, type ActionSpec, type PlatformModule } from './platform.js';
import {
  attachTemplates,
  definePlatform,
  optimisticByStateTopic,
  publishMsg,
  renderCommand,
  renderValue,
} from './shared.js';

const regexSchema = haString.refine((s) => {
  try {
    new RegExp(s);
    return true;
  } catch {
    return false;
  }
}, 'expected a valid regular expression');

const schema = z
  .object({
    ...entityCommonShape,
    ...readWriteShape,
    code_format: regexSchema.optional(),
    command_template: templateSchema.optional(),
    value_template: templateSchema.optional(),
    payload_lock: haString.default('LOCK'),
    payload_unlock: haString.default('UNLOCK'),
    payload_open: haString.optional(),
    payload_reset: haString.default('None'),
    state_jammed: haString.default('JAMMED'),
    state_locked: haString.default('LOCKED'),
    state_locking: haString.default('LOCKING'),
    state_open: haString.default('OPEN'),
    state_opening: haString.default('OPENING'),
    state_unlocked: haString.default('UNLOCKED'),
    state_unlocking: haString.default('UNLOCKING'),
  })
  .superRefine(checkAvailabilityExclusive)
  .transform(attachTemplates(['command_template', 'value_template']));

export type LockConfig = z.output<typeof schema>;

const STATE_KEYS = ['locked', 'unlocked', 'locking', 'unlocking', 'jammed', 'open', 'opening'] as const;
const ACTIONS = {
  lock: ['payload_lock', 'locked'],
  unlock: ['payload_unlock', 'unlocked'],
  open: ['payload_open', 'open'],
} as const;

export const lockPlatform: PlatformModule<LockConfig> = definePlatform<LockConfig>({
  domain: 'lock',
  schema,
  optimistic: optimisticByStateTopic,
  attributesBlocked: ['changed_by', 'code_format'],
  handlers: [
    {
      key: 'state_topic',
      handle: (c, payload) => {
        const rendered = renderValue(c.templates.value_template, payload);
        if (rendered === undefined || rendered.trim() === '') return null;
        if (rendered === c.payload_reset) return { state: 'unknown' };
        const state = STATE_KEYS.find((s) => c[`state_${s}`] === rendered);
        return state === undefined ? null : { state };
      },
    },
  ],
  actions: (c) => {
    const params = { code: { type: 'string' as const } };
    const out: Record<string, ActionSpec> = {
      lock: { description: 'Lock', params },
      unlock: { description: 'Unlock', params },
    };
    if (c.payload_open !== undefined) out.open = { description: 'Open (unlatch)', params };
    return out;
  },
  command: (c, action, data) => {
    const [payloadKey, state] = ACTIONS[action as keyof typeof ACTIONS];
    const code = data.code as string | undefined;
    if (c.code_format !== undefined && (code === undefined || !new RegExp(`^(?:${c.code_format})$`).test(code))) {
      throw new CommandError(`${action}: 'code' must match the code format ${c.code_format}`);
    }
    const payload = renderCommand(c.templates.command_template, c[payloadKey], { code: code ?? null });
    return {
      publish: [publishMsg(c, c.command_topic, payload)],
      optimistic: optimisticByStateTopic(c) ? { state } : null,
    };
  },
});

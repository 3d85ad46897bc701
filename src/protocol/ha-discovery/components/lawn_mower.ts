/**
 * MQTT lawn mower (mqtt/lawn_mower.py + lawn_mower/__init__.py). No key is required. The activity comes from
 * `activity_state_topic` (through `activity_value_template`): one of error, paused, mowing, returning, docked,
 * idle; 'none' in any case resets it to unknown, an empty payload is ignored. Each action exists when its
 * command topic is set and publishes its own name ('start_mowing', 'pause', 'dock', 'stop') through its
 * command template. Optimistic with `optimistic: true` or without an activity topic: the activity then
 * follows the action (mowing, paused, docked, idle).
 * The stop action and the idle activity are Home Assistant's newest addition (core PR #181192).
 */
import { z } from 'zod';
import {
  checkAvailabilityExclusive,
  entityCommonShape,
  haBoolean,
  publishTopic,
  subscribeTopic,
  templateSchema,
} from '../common-schema.js';
import type { ActionSpec, PlatformModule } from './platform.js';
import { attachTemplates, definePlatform, publishMsg, renderCommand, renderValue } from './shared.js';

const OPTIONS = ['start_mowing', 'pause', 'dock', 'stop'] as const;
type Option = (typeof OPTIONS)[number];
/** The activity each action leads to when optimistic. */
const ACTIVITY: Readonly<Record<Option, string>> = {
  start_mowing: 'mowing',
  pause: 'paused',
  dock: 'docked',
  stop: 'idle',
};
const ACTIVITIES = ['error', 'paused', 'mowing', 'returning', 'docked', 'idle'];
const DESCRIPTIONS: Readonly<Record<Option, string>> = {
  start_mowing: 'Start or resume mowing',
  pause: 'Pause mowing',
  dock: 'Send the mower to its dock',
  stop: 'Stop the mower',
};

const schema = z
  .object({
    ...entityCommonShape,
    activity_state_topic: subscribeTopic.optional(),
    activity_value_template: templateSchema.optional(),
    dock_command_topic: publishTopic.optional(),
    dock_command_template: templateSchema.optional(),
    pause_command_topic: publishTopic.optional(),
    pause_command_template: templateSchema.optional(),
    start_mowing_command_topic: publishTopic.optional(),
    start_mowing_command_template: templateSchema.optional(),
    stop_command_topic: publishTopic.optional(),
    stop_command_template: templateSchema.optional(),
    optimistic: haBoolean.default(false),
    retain: haBoolean.default(false),
  })
  .superRefine(checkAvailabilityExclusive)
  .transform(
    attachTemplates([
      'activity_value_template',
      'dock_command_template',
      'pause_command_template',
      'start_mowing_command_template',
      'stop_command_template',
    ]),
  );

export type LawnMowerConfig = z.output<typeof schema>;

const optimistic = (c: LawnMowerConfig): boolean => c.optimistic || c.activity_state_topic === undefined;
const topicOf = (c: LawnMowerConfig, option: Option): string | undefined => c[`${option}_command_topic`];

export const lawnMowerPlatform: PlatformModule<LawnMowerConfig> = definePlatform<LawnMowerConfig>({
  domain: 'lawn_mower',
  schema,
  optimistic,
  handlers: [
    {
      key: 'activity_state_topic',
      handle: (c, payload) => {
        const activity = renderValue(c.templates.activity_value_template, payload);
        if (!activity) return null;
        if (activity.toLowerCase() === 'none') return { state: 'unknown' };
        return ACTIVITIES.includes(activity) ? { state: activity } : null;
      },
    },
  ],
  actions: (c) => {
    const out: Record<string, ActionSpec> = {};
    for (const option of OPTIONS) {
      if (topicOf(c, option) !== undefined) out[option] = { description: DESCRIPTIONS[option], params: {} };
    }
    return out;
  },
  command: (c, action) => {
    const option = action as Option;
    const payload = renderCommand(c.templates[`${option}_command_template`], option);
    return {
      publish: [publishMsg(c, topicOf(c, option) ?? '', payload)],
      optimistic: optimistic(c) ? { state: ACTIVITY[option] } : null,
    };
  },
});

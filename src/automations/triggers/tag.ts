/**
 * The tag trigger (tag/trigger.py): a `tag_scanned` event whose tag id is one of `tag_id` and, when
 * `device_id` is given, whose scanner's device is one of those. Tags come from MQTT tag scanners (`tag`
 * discovery configs).
 */
import type { Trigger } from '../model.js';
import { fireOf, type ArmFunction } from './types.js';

type TagTrigger = Extract<Trigger, { trigger: 'tag' }>;

export const armTag: ArmFunction<TagTrigger> = (t, base, rt, _vars, fire) => {
  const tags = new Set(t.tag_id);
  const devices = t.device_id === undefined ? undefined : new Set(t.device_id);
  const off = rt.index.watchEvent('tag_scanned', (event) => {
    const tagId = event.data['tag_id'];
    const deviceId = event.data['device_id'];
    if (typeof tagId !== 'string' || !tags.has(tagId)) return;
    if (devices !== undefined && (typeof deviceId !== 'string' || !devices.has(deviceId))) return;
    const variables = {
      event: {
        event_type: event.event_type,
        data: event.data,
        origin: 'LOCAL',
        time_fired: event.time_fired,
        context: event.context ? { id: event.context.id, parent_id: event.context.parentId, user_id: null } : null,
      },
    };
    fire(fireOf(base, 'Tag scanned', variables, event.context));
  });
  return { stop: off };
};

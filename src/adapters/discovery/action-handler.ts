// Control of discovered entities: validates an action against what the entity's config allows (its
// platform module), publishes what Home Assistant would publish, and applies optimistic state.
import type { ActionHandler, ActionResult } from '../../core/commands.js';
import { NotFoundError, UnavailableError, ValidationError } from '../../core/errors.js';
import type { MessageBus } from '../../core/ports.js';
import { CommandError } from '../../protocol/ha-discovery/components/index.js';
import type { DiscoveryConsumer } from './discovery-consumer.js';

export function createDiscoveryActionHandler(consumer: DiscoveryConsumer, messages: MessageBus): ActionHandler {
  const runtimeOf = (entityId: string) => {
    const runtime = consumer.live(entityId);
    if (!runtime)
      throw new NotFoundError(`entity '${entityId}' is not loaded (its discovery config was rejected or removed)`);
    return runtime;
  };

  return {
    allowedActions(entity) {
      return runtimeOf(entity.entity_id).platform.actions(runtimeOf(entity.entity_id).config);
    },
    async execute(entity, action, data, context): Promise<ActionResult> {
      const runtime = runtimeOf(entity.entity_id);
      let result: ReturnType<typeof runtime.platform.command>;
      try {
        result = runtime.platform.command(runtime.config, action, { ...data }, runtime.state);
      } catch (err) {
        if (err instanceof CommandError) throw new ValidationError(`${entity.entity_id}: ${err.message}`);
        throw err;
      }
      if (result.publish.length > 0 && !messages.connected) {
        // a QoS 1/2 command waits for the broker (issue 21); anything else is refused with the reason
        if (!messages.publishWhenBack) throw new UnavailableError('MQTT is not connected; nothing was published');
        const until = messages.publishWhenBack(result.publish, `${entity.entity_id}: ${action}`);
        return {
          entity_id: entity.entity_id,
          action,
          published: [],
          optimistic: false,
          queued_until: until.toISOString(),
        };
      }
      for (const p of result.publish) await messages.publish(p.topic, p.payload, { qos: p.qos, retain: p.retain });
      if (result.optimistic) runtime.apply(result.optimistic, context);
      return { entity_id: entity.entity_id, action, published: result.publish, optimistic: result.optimistic !== null };
    },
    // Home Assistant's update_entity on an MQTT entity writes the state it holds again; here the retained
    // messages of its topics are asked for again, so a state the broker holds but a lost message missed comes in
    async refresh(entity) {
      const topics = runtimeOf(entity.entity_id).topics;
      const entity_id = entity.entity_id;
      if (!messages.resubscribe)
        return { entity_id, refreshed: false, how: 'this MQTT connection cannot subscribe again' };
      if (!messages.connected) throw new UnavailableError('MQTT is not connected; the state cannot be read again');
      if (topics.length === 0)
        return { entity_id, refreshed: false, how: 'it has no state topic: its state is what it was last set to' };
      await Promise.all(topics.map((t) => messages.resubscribe?.(t)));
      return { entity_id, refreshed: true, how: `re-read the retained messages of ${topics.join(', ')}` };
    },
  };
}

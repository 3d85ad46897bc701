/**
 * What Switchyard announces of its own entities to Home Assistant over MQTT discovery: a retained config per
 * entity and the messages that carry its state. Each owner of entities (the ESP32 bridge, the helpers)
 * describes its own; the announcer (`adapters/esp32/announcer.ts`) publishes them, keeps them current and
 * clears them when the entity goes.
 */
import type { Entity } from '../../core/model.js';
import type { State } from '../../core/state.js';

/** A discovery config: `<prefix>/<component>/<node>/<object>/config` and its payload. */
export interface DiscoveryMessage {
  readonly topic: string;
  readonly payload: Record<string, unknown>;
}

export interface StateMessage {
  readonly topic: string;
  readonly payload: string;
}

/** The entities of one registry source, as Home Assistant is to see them. */
export interface AnnounceSource {
  /** the `source` of the registry entities it describes */
  readonly source: string;
  /** the entity's config, or undefined when it is not announced */
  config(entity: Entity): DiscoveryMessage | undefined;
  /** what its state topics carry for this state (published retained); empty when nothing */
  states(entity: Entity, state: State): readonly StateMessage[];
  /** the config topic to clear once the entity is removed */
  removedTopic(entity: Entity): string | undefined;
}

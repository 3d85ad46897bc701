/** A physical or logical device, merged by identifiers and connections (Home Assistant's device registry). */
export interface Device {
  readonly id: string;
  readonly name: string | null;
  readonly identifiers: readonly string[];
  /** pairs like ['mac', '02:5b:26:a8:dc:12'] */
  readonly connections: readonly (readonly [string, string])[];
  readonly manufacturer: string | null;
  readonly model: string | null;
  readonly model_id: string | null;
  readonly sw_version: string | null;
  readonly hw_version: string | null;
  readonly serial_number: string | null;
  readonly configuration_url: string | null;
  readonly via_device_id: string | null;
  readonly area: string | null;
  /** where the device came from, e.g. 'mqtt_discovery' or 'esp32' */
  readonly source: string;
}

/** One entity: what it is, where it lives, and how it was announced. Its current state is in the StateStore. */
export interface Entity {
  readonly entity_id: string;
  readonly unique_id: string | null;
  readonly domain: string;
  readonly name: string | null;
  readonly device_id: string | null;
  readonly area: string | null;
  readonly source: string;
  /** the discovery topic that announced it, when it came from MQTT discovery */
  readonly discovery_topic: string | null;
  /** the platform config it was built from (expanded discovery payload), kept to rebuild after restart */
  readonly config: Readonly<Record<string, unknown>>;
  /**
   * The config as JSON text, when the record can give it without building the object (a record whose config
   * lives in storage reads its row's text); otherwise JSON.stringify(config) is the same text.
   */
  readonly configJson?: () => string;
}

/** What an entity Switchyard keeps itself (sun.sun, helpers, scripts, scenes, zones, groups) needs to say. */
export type LocalEntityInput = Pick<Entity, 'entity_id' | 'domain' | 'source'> &
  Partial<Pick<Entity, 'unique_id' | 'name' | 'config'>>;

/** The registry record of such an entity: no device, no area, no discovery topic. */
export function localEntity(e: LocalEntityInput): Entity {
  return {
    unique_id: null,
    name: null,
    config: {},
    ...e,
    device_id: null,
    area: null,
    discovery_topic: null,
  };
}

/** Home Assistant MQTT discovery wire format: topics, payloads, abbreviations, schemas, platforms, naming. */
export * from './discovery-topic.js';
export * from './abbreviations.js';
export * from './payload.js';
export * from './common-schema.js';
export * from './entity-naming.js';
export * from './components/index.js';

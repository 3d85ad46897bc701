import { ValidationError } from './errors.js';

/** Home Assistant's entity id rule: `<domain>.<object_id>`, lowercase letters, digits and underscores. */
const ENTITY_ID = /^(?!.+__)(?!_)[\da-z_]+(?<!_)\.(?!_)[\da-z_]+(?<!_)$/;

export function isValidEntityId(entityId: string): boolean {
  return ENTITY_ID.test(entityId);
}

export function splitEntityId(entityId: string): { domain: string; objectId: string } {
  if (!isValidEntityId(entityId)) throw new ValidationError(`invalid entity id '${entityId}'`);
  const dot = entityId.indexOf('.');
  return { domain: entityId.slice(0, dot), objectId: entityId.slice(dot + 1) };
}

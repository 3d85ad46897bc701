import { newId } from './ids.js';

/** Who caused a change (Home Assistant's Context): lets automations recognise their own echoes. */
export interface Context {
  readonly id: string;
  readonly parentId: string | null;
  /** e.g. 'device', 'automation:<id>', 'api', 'mcp', 'discovery' */
  readonly origin: string;
}

/** the origin of what discovery writes itself: an entity's first state when it builds it, its removal */
export const DISCOVERY_ORIGIN = 'discovery';

export function createContext(origin: string, parentId: string | null = null): Context {
  return { id: newId(), parentId, origin };
}

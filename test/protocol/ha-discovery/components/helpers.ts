import type { EntityState, PlatformModule } from '../../../../src/protocol/ha-discovery/components/platform.js';

/** Parses a config with the platform schema; throws with the formatted issues on failure. */
export function parse<C>(platform: PlatformModule<C>, config: Record<string, unknown>): C {
  const result = platform.schema.safeParse(config);
  if (!result.success) throw new Error(JSON.stringify(result.error.issues));
  return result.data;
}

export const state = (s: string, attributes: Record<string, unknown> = {}): EntityState => ({ state: s, attributes });
export const UNKNOWN = state('unknown');

import type { LoadedAutomation } from './model.js';

/** `this` in an automation's templates: the automation as Home Assistant's automation entity shows it */
export function thisState(
  loaded: LoadedAutomation,
  enabled: boolean,
  lastTriggered: string | null,
  running: number,
): Record<string, unknown> {
  const { config } = loaded;
  return {
    entity_id: `automation.${loaded.id}`,
    state: enabled ? 'on' : 'off',
    attributes: {
      id: loaded.id,
      friendly_name: loaded.alias,
      last_triggered: lastTriggered,
      mode: config.mode,
      current: running,
      ...(config.mode === 'queued' || config.mode === 'parallel' ? { max: config.max } : {}),
    },
  };
}

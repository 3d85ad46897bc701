/**
 * `counter` (components/counter): an integer kept within minimum/maximum. It starts at `initial`; with
 * `restore: true` (the default) the last state comes back, clamped into the range. increment/decrement move by
 * `step` and stop at the bounds, `reset` goes back to `initial`; `set_value` raises outside the bounds or off
 * the step. A reload clamps the value into the new range.
 */
import { ValidationError } from '../../core/errors.js';
import type { HelperConfig } from './schema.js';
import type { HelperKind } from './types.js';

type Config = HelperConfig<'counter'>;

function clamp(config: Config, n: number): number {
  let value = n;
  if (config.minimum !== undefined) value = Math.max(config.minimum, value);
  if (config.maximum !== undefined) value = Math.min(config.maximum, value);
  return value;
}

/** cv.positive_int: Coerce(int) (a float is truncated, text must be an integer), at least 0 */
function positiveInt(raw: unknown, what: string): number {
  const n =
    typeof raw === 'number'
      ? Math.trunc(raw)
      : typeof raw === 'string' && /^\s*[+-]?\d+\s*$/.test(raw)
        ? Number(raw)
        : Number.NaN;
  if (!Number.isFinite(n) || n < 0)
    throw new ValidationError(`${what}: 'value' must be a whole number of at least 0, got ${JSON.stringify(raw)}`);
  return n;
}

export const counter: HelperKind<'counter'> = {
  actions: {
    increment: { description: 'add one step (up to the maximum)', params: {} },
    decrement: { description: 'take one step off (down to the minimum)', params: {} },
    reset: { description: 'back to the initial value', params: {} },
    set_value: {
      description: 'set the value',
      params: { value: { type: 'number', integer: true, min: 0, required: true } },
    },
  },
  create(initialConfig, last, env) {
    let config: Config = initialConfig;
    let value = config.initial;
    const restored = last && /^-?\d+$/.test(last.state) ? Number(last.state) : undefined;
    if (config.restore && restored !== undefined) value = clamp(config, restored);
    return {
      state: () => ({
        state: String(value),
        attributes: {
          initial: config.initial,
          step: config.step,
          ...(config.minimum !== undefined ? { minimum: config.minimum } : {}),
          ...(config.maximum !== undefined ? { maximum: config.maximum } : {}),
        },
      }),
      execute(action, data) {
        if (action === 'increment') value = clamp(config, value + config.step);
        else if (action === 'decrement') value = clamp(config, value - config.step);
        else if (action === 'reset') value = clamp(config, config.initial);
        else {
          const n = positiveInt(data['value'], `${env.entityId} set_value`);
          if (config.maximum !== undefined && n > config.maximum)
            throw new ValidationError(
              `Value ${n} for ${env.entityId} exceeding the maximum value of ${config.maximum}`,
            );
          if (config.minimum !== undefined && n < config.minimum)
            throw new ValidationError(
              `Value ${n} for ${env.entityId} exceeding the minimum value of ${config.minimum}`,
            );
          if (n % config.step !== 0)
            throw new ValidationError(
              `Value ${n} for ${env.entityId} is not a multiple of the step size ${config.step}`,
            );
          value = n;
        }
      },
      update(next) {
        config = next as Config;
        value = clamp(config, value);
      },
      dispose() {},
    };
  },
};

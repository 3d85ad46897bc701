/**
 * `input_number` (components/input_number): the value is a float (state `str(float)`: `5.0`); `initial` wins,
 * else the last state when it is a number within min–max, else `min`. `set_value` outside the range raises;
 * `increment`/`decrement` stop at the bounds; a reload clamps the value into the new range.
 */
import { ValidationError } from '../../core/errors.js';
import { floatRepr } from '../../protocol/template/number-format.js';
import type { HelperConfig } from './schema.js';
import { numberParam, type HelperKind } from './types.js';

type Config = HelperConfig<'input_number'>;

const lastNumber = (text: string | undefined): number | undefined => {
  const n = text === undefined || text.trim() === '' ? Number.NaN : Number(text);
  return Number.isFinite(n) ? n : undefined;
};

export const inputNumber: HelperKind<'input_number'> = {
  actions: {
    set_value: {
      description: 'set the value (within min and max)',
      params: { value: { type: 'number', required: true } },
    },
    increment: { description: 'add one step (up to max)', params: {} },
    decrement: { description: 'take one step off (down to min)', params: {} },
  },
  create(initialConfig, last, env) {
    let config: Config = initialConfig;
    let value = config.initial;
    if (value === undefined) {
      const restored = lastNumber(last?.state);
      value = restored !== undefined && config.min <= restored && restored <= config.max ? restored : config.min;
    }
    const set = (n: number, given: unknown) => {
      if (n < config.min || n > config.max)
        throw new ValidationError(
          `Invalid value for ${env.entityId}: ${String(given)} (range ${floatRepr(config.min)} - ${floatRepr(config.max)})`,
        );
      value = n;
    };
    return {
      state: () => ({
        state: floatRepr(value as number),
        attributes: {
          initial: config.initial ?? null,
          min: config.min,
          max: config.max,
          step: config.step,
          mode: config.mode,
          ...(config.unit_of_measurement !== undefined ? { unit_of_measurement: config.unit_of_measurement } : {}),
        },
      }),
      execute(action, data) {
        const now = value as number;
        if (action === 'set_value') set(numberParam(data, 'value', `${env.entityId} set_value`), data['value']);
        else if (action === 'increment') set(Math.min(now + config.step, config.max), now + config.step);
        else set(Math.max(now - config.step, config.min), now - config.step);
      },
      update(next) {
        config = next as Config;
        value = Math.max(Math.min(value as number, config.max), config.min);
      },
      dispose() {},
    };
  },
};

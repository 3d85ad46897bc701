/**
 * `input_text` (components/input_text, a TextEntity): the state is the text (`unknown` when none); `initial`
 * wins, else the last state when its length is within min–max. `set_value` with a length outside min–max is
 * ignored (Home Assistant logs a warning and keeps the value; its `input_text.set_value` does not check the
 * pattern, only `text.set_value` does). A reload takes the new settings and keeps the text.
 * One deliberate difference: a last state of `unknown` is not restored as the text "unknown".
 */
import type { HelperConfig } from './schema.js';
import { stringParam, type HelperKind } from './types.js';

type Config = HelperConfig<'input_text'>;

/** Python's len(): code points */
const length = (text: string): number => [...text].length;

export const inputText: HelperKind<'input_text'> = {
  actions: {
    set_value: {
      description: 'set the text (its length within min and max)',
      params: { value: { type: 'string', required: true } },
    },
  },
  create(initialConfig, last, env) {
    let config: Config = initialConfig;
    let value: string | null = config.initial ?? null;
    const fits = (text: string) => config.min <= length(text) && length(text) <= config.max;
    if (value === null && last && last.state !== 'unknown' && last.state !== 'unavailable' && fits(last.state))
      value = last.state;
    return {
      state: () => ({
        state: value,
        attributes: {
          mode: config.mode,
          min: config.min,
          max: config.max,
          pattern: config.pattern ?? null,
          ...(config.unit_of_measurement !== undefined ? { unit_of_measurement: config.unit_of_measurement } : {}),
        },
      }),
      execute(_action, data) {
        const text = stringParam(data, 'value', 'input_text.set_value');
        if (fits(text)) value = text;
        else env.warn(`${env.entityId}: invalid value: ${text} (length range ${config.min} - ${config.max})`);
      },
      update(next) {
        config = next as Config;
      },
      dispose() {},
    };
  },
};

/**
 * `input_boolean` (components/input_boolean): `on`/`off`; `initial` wins over the last state, else the last
 * state is restored (`on` only when it was `on`); a reload keeps the state.
 */
import type { HelperKind } from './types.js';

export const inputBoolean: HelperKind<'input_boolean'> = {
  actions: {
    turn_on: { description: 'turn the helper on', params: {} },
    turn_off: { description: 'turn the helper off', params: {} },
    toggle: { description: 'turn the helper on when off, off when on', params: {} },
  },
  create(config, last) {
    let on = config.initial ?? false;
    if (config.initial === undefined) on = last?.state === 'on';
    return {
      state: () => ({ state: on ? 'on' : 'off', attributes: {} }),
      execute(action) {
        on = action === 'toggle' ? !on : action === 'turn_on';
      },
      update() {},
      dispose() {},
    };
  },
};

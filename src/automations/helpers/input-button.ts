/**
 * `input_button` (components/input_button, a ButtonEntity): its state is the time of the last press (UTC
 * isoformat), `unknown` before the first; the last press is always restored (ButtonEntity restores it unless it
 * was `unknown`/`unavailable`).
 */
import { isoUtc, type HelperKind } from './types.js';

export const inputButton: HelperKind<'input_button'> = {
  actions: { press: { description: 'press the button (its state becomes the time of the press)', params: {} } },
  create(_config, last, env) {
    let pressed: string | null = last && last.state !== 'unknown' && last.state !== 'unavailable' ? last.state : null;
    return {
      state: () => ({ state: pressed, attributes: {} }),
      execute() {
        pressed = isoUtc(env.clock.now().getTime());
      },
      update() {},
      dispose() {},
    };
  },
};
